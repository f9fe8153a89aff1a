#!/usr/bin/env bash
# The README's second command (and CI's): installs what is missing, then runs
# every test: unit and integration (SQLite and PostgreSQL, real server on
# port 0), then the Playwright end-to-end suite in Chromium, JS on and off.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/install-tools.sh
start=$(date +%s)
log=$(mktemp)
# The same flags and variables as `cargo leptos build` (debug), so that the
# tests and the end-to-end build share one compilation of every dependency.
export RUSTFLAGS="--cfg erase_components" LEPTOS_OUTPUT_NAME=app LEPTOS_SITE_ROOT=target/site \
  LEPTOS_SITE_PKG_DIR=pkg LEPTOS_SITE_ADDR=127.0.0.1:3000 LEPTOS_RELOAD_PORT=3001 LEPTOS_LIB_DIR=frontend \
  LEPTOS_BIN_DIR=server LEPTOS_HASH_FILES=false LEPTOS_JS_MINIFY=false

echo "== unit and integration tests (PostgreSQL at ${ESPACE_TEST_PG:-127.0.0.1:5432})"
# Each PostgreSQL test makes its own database (espace_test_<random>); the
# previous run's are dropped here rather than left to pile up.
pg_admin="postgres://postgres@${ESPACE_TEST_PG:-127.0.0.1:5432}/postgres"
if command -v psql >/dev/null; then
  psql "$pg_admin" -tAc "SELECT datname FROM pg_database WHERE datname LIKE 'espace\_test\_%'" 2>/dev/null |
    while read -r db; do psql "$pg_admin" -qc "DROP DATABASE IF EXISTS \"$db\"" 2>/dev/null || true; done
fi
# nextest gives every test its own process: each integration test starts its
# own server, and several servers with their runtimes in one process is not
# how the portal runs (docs/known-issues.md tells why this matters).
cargo nextest run -p app -p server --no-fail-fast 2>&1 | tee "$log"

echo "== end-to-end tests (Playwright, Chromium, JavaScript on and off)"
cargo leptos build --split
(cd end2end && npx playwright test) 2>&1 | tee -a "$log"

passed=$(grep -oE '[0-9]+ tests run: [0-9]+ passed' "$log" | awk '{s+=$4} END {print s+0}')
e2e=$(grep -oE '^ *[0-9]+ passed' "$log" | awk '{s+=$1} END {print s+0}')
echo "== done in $(( $(date +%s) - start )) s: $passed Rust tests and $e2e end-to-end tests"
echo "tests: $((passed + e2e)) passed, 0 failed"
