#!/usr/bin/env bash
# Starts one server for an end-to-end run: fresh SQLite database and outbox in
# end2end/.data/NAME, demo data, the built site. Used by playwright.config.ts.
set -euo pipefail
name=$1 port=$2
cd "$(dirname "$0")/.."
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
data="end2end/.data/$name"
rm -rf "$data" && mkdir -p "$data"
export ESPACE_DATA_DIR="$data" ESPACE_LISTEN="127.0.0.1:$port" LEPTOS_SITE_ROOT="target/site" RUST_LOG="${RUST_LOG:-warn}"
exec "$target/${E2E_PROFILE:-debug}/server" serve --demo
