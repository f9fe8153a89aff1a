#!/usr/bin/env bash
# Installs what building and testing Espace Locataire needs, and only what is
# missing: every step checks first, so running it twice costs a few seconds.
# Versions are pinned to the ones measured to install on this machine kind
# (see ../shared/TOOLCHAIN.md): cargo-leptos 0.3.11 needs a newer Rust, and
# cargo-leptos cannot download its helpers here, so they go on PATH first.
set -euo pipefail
cd "$(dirname "$0")/.."

LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=0.2.130
BINARYEN_VERSION=132.0.0
TOOLS_DIR="${ESPACE_TOOLS_DIR:-$HOME/.cache/espace-locataire-tools}"
export PATH="$HOME/.cargo/bin:$TOOLS_DIR/node_modules/.bin:$PATH"

log() { printf '\033[1m[install]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$LEPTOS_VERSION" ]; then
  log "cargo install cargo-leptos $LEPTOS_VERSION (10 to 20 minutes, once per machine)"
  cargo install --locked cargo-leptos --version "$LEPTOS_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  # Not --locked: its lock file names a crate version the registry no longer serves.
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# cargo-nextest runs each Rust test in its own process, as production runs one
# server per process (the machine kind ships it; installed only if missing).
if ! command -v cargo-nextest >/dev/null; then
  log "cargo install cargo-nextest (once per machine)"
  cargo install --locked cargo-nextest
fi

# wasm-opt from npm's binaryen: Debian's is too old and silently breaks hydration.
if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "${BINARYEN_VERSION%%.*}" ]; then
  log "npm install binaryen@$BINARYEN_VERSION into $TOOLS_DIR"
  mkdir -p "$TOOLS_DIR"
  npm install --prefix "$TOOLS_DIR" --no-audit --no-fund "binaryen@$BINARYEN_VERSION" >/dev/null
fi

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v pdftotext >/dev/null || need_apt+=(poppler-utils)
command -v wrk >/dev/null || need_apt+=(wrk)
command -v brotli >/dev/null || need_apt+=(brotli)
# sqlite3: the floor of bench/import.sh (the shell's .import of the same files).
command -v sqlite3 >/dev/null || need_apt+=(sqlite3)
# xmllint validates the SEPA direct-debit files against the ISO 20022 schemas.
command -v xmllint >/dev/null || need_apt+=(libxml2-utils)
# nginx: the reverse proxy of scripts/cluster.sh (the production shape).
command -v nginx >/dev/null || need_apt+=(nginx)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Installed, not started as a service: cluster.sh runs its own on loopback.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    # Removed even if the install fails: left behind, it would stop every
    # service of the machine from starting.
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
# nginx serves the brotli copies of /pkg when Debian has the module.
if [ ! -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] &&
  apt-cache show libnginx-mod-http-brotli-static >/dev/null 2>&1; then
  log "apt-get install libnginx-mod-http-brotli-static"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libnginx-mod-http-brotli-static >/dev/null || true
fi

# An S3-compatible server for the object-storage tests (moto, from PyPI).
if ! command -v moto_server >/dev/null; then
  log "pip install moto[server] (S3 for the storage tests)"
  python3 -m pip install --quiet --disable-pip-version-check 'moto[server]==5.*'
fi

if [ ! -d end2end/node_modules/@playwright/test ] || [ ! -d end2end/node_modules/@axe-core/playwright ]; then
  log "npm ci in end2end/"
  (cd end2end && npm ci --no-audit --no-fund >/dev/null)
fi

log "tools ready: $(cargo leptos --version), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | awk '{print $3}'), $(chromium --version 2>/dev/null | head -c 40)"
