#!/usr/bin/env bash
# The README's first command: installs what is missing, builds the release,
# and runs the portal on its embedded default (SQLite file and outbox in
# ./data, built-in secrets) with the demo data. Prints the URL and a login.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/install-tools.sh
cargo leptos build --release --split
scripts/compress-assets.sh
export LEPTOS_SITE_ROOT=target/site
exec "$CARGO_TARGET_DIR/release/server" serve --demo
