# Sourced by the scripts: where tools and build outputs live.
# A build folder outside the clone, shared by every clone on this machine,
# keeps a fresh clone's build (and CI's) to minutes instead of a quarter hour.
export PATH="$HOME/.cargo/bin:${ESPACE_TOOLS_DIR:-$HOME/.cache/espace-locataire-tools}/node_modules/.bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/espace-locataire/target}"
# Chromium for Playwright and Lighthouse: Debian's, never a downloaded build.
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
