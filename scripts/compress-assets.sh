#!/usr/bin/env bash
# Brotli and gzip copies of the built browser files, served as they are
# (no compression work per request). Run after a build.
set -euo pipefail
cd "$(dirname "$0")/.."
for f in target/site/pkg/*.wasm target/site/pkg/*.js target/site/pkg/*.css; do
  [ -f "$f" ] || continue
  brotli -f -q 11 -o "$f.br" "$f"
  gzip -9 -k -f "$f"
done
