#!/usr/bin/env bash
# Benchmark (measures, asserts nothing): release build, demo data, wrk on
# loopback for DURATION seconds per URL with CONNECTIONS connections: the
# floor (bench/floor: axum serving one fixed 2 KB page, no middleware, no
# database), a static file, the login page, a signed-in page and the bank's
# notification on SQLite, then the login and signed-in pages on PostgreSQL
# (127.0.0.1:5432, a fresh database). Reports requests/s, p50/p99 and each
# figure's ratio to the floor measured in the same run, the sizes of the
# browser files raw and brotli-compressed, and the server's RSS.
# Writes bench/results/latest.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/install-tools.sh
DURATION=${DURATION:-30}
PORT=${PORT:-3300}
CONNECTIONS=${CONNECTIONS:-256}

cargo leptos build --release --split
cargo build --release -p floor
scripts/compress-assets.sh
"$CARGO_TARGET_DIR/release/floor" "127.0.0.1:$((PORT + 99))" &
floor_pid=$!
source bench/release-server.sh
trap 'kill $server $floor_pid 2>/dev/null; rm -rf "$data"' EXIT

# A signed-in session, as a tenant's browser has.
source bench/tenant.sh
cookie=$(sign_in "$base" sophie@exemple.com Locataire-Demo-2026)

# A payment through the test bank; its result (the signed fields the bank
# notifies) is replayed to the IPN endpoint: each request checks the signature,
# finds the payment, runs the guarded UPDATE (already applied) and records it.
export IPN_BODY="$(pay "$base" "$cookie" 10)"
sleep 1

mkdir -p bench/results
out=bench/results/latest.md
{
  echo "# Benchmark $(date -u +%Y-%m-%dT%H:%MZ) — $(nproc) cores, wrk -t2 -c$CONNECTIONS -d${DURATION}s, loopback"
  echo
  echo "| URL | requests/s | p50 | p99 | req/s vs floor |"
  echo "| --- | ---: | ---: | ---: | ---: |"
} > "$out"

to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; printf "%.2f ms", v}'; }

run() { # name url [header]
  local args=(-t2 "-c$CONNECTIONS" "-d${DURATION}s" --latency)
  [ -n "${3:-}" ] && args+=(-H "$3")
  [ -n "${4:-}" ] && args+=(-s "$4")
  wrk "${args[@]}" "$2" > "$data/$1.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$data/$1.txt")
  p50=$(awk '$1=="50%" {print $2}' "$data/$1.txt" | to_ms)
  p99=$(awk '$1=="99%" {print $2}' "$data/$1.txt" | to_ms)
  echo "$1 $rps $p50 $p99"
}

floor=$(run floor "http://127.0.0.1:$((PORT + 99))/")
static=$(run static "$base/pkg/app.css")
login=$(run login "$base/connexion")
home=$(run signed-in "$base/" "Cookie: $cookie")
ipn=$(run ipn-replayed "$base/paiement/ipn" "" bench/ipn.lua)
sqlite_rss=$(( $(awk '/VmRSS/ {print $2}' /proc/$server/status) / 1024 ))

# The same pages on PostgreSQL: a second server on a fresh database.
pg_lines=()
if psql "postgres://postgres@127.0.0.1:5432/postgres" -qc "SELECT 1" >/dev/null 2>&1; then
  kill $server 2>/dev/null; wait $server 2>/dev/null || true
  pg_db="espace_bench_$$"
  psql "postgres://postgres@127.0.0.1:5432/postgres" -qc "CREATE DATABASE $pg_db"
  export ESPACE_DATABASE_URL="postgres://postgres@127.0.0.1:5432/$pg_db"
  sqlite_data=$data
  source bench/release-server.sh
  trap 'kill $server $floor_pid 2>/dev/null; rm -rf "$data" "$sqlite_data"; psql "postgres://postgres@127.0.0.1:5432/postgres" -qc "DROP DATABASE IF EXISTS $pg_db" 2>/dev/null' EXIT
  cookie=$(sign_in "$base" sophie@exemple.com Locataire-Demo-2026)
  pg_lines+=("$(run login-postgres "$base/connexion")")
  pg_lines+=("$(run signed-in-postgres "$base/" "Cookie: $cookie")")
  pg_rss=$(( $(awk '/VmRSS/ {print $2}' /proc/$server/status) / 1024 ))
fi
floor_rps=$(echo "$floor" | awk '{print $2}')
for line in "$floor" "$static" "$login" "$home" "$ipn" "${pg_lines[@]}"; do
  echo "$line" | awk -v s="$floor_rps" '{printf "| %s | %.0f | %s %s | %s %s | %.1f %% |\n", $1, $2, $3, $4, $5, $6, 100*$2/s}' >> "$out"
done
grep -q "Non-2xx" "$data"/*.txt "${sqlite_data:-$data}"/*.txt 2>/dev/null && { echo "Some requests failed:"; grep -H "Non-2xx" "$data"/*.txt "${sqlite_data:-$data}"/*.txt; } >> "$out"

{
  echo
  echo "| browser file | raw | brotli |"
  echo "| --- | ---: | ---: |"
  for f in target/site/pkg/app.wasm target/site/pkg/app.js target/site/pkg/app.css; do
    raw=$(stat -c %s "$f"); br=$(stat -c %s "$f.br")
    printf "| %s | %d KB | %d KB |\n" "$(basename "$f")" $((raw / 1024)) $((br / 1024))
  done
  echo
  # What a page's first visit downloads of WASM: the main module and its
  # group's files (lazy routes, one split point per group).
  python3 - target/site/pkg <<'PY'
import json, os, sys
pkg = sys.argv[1]
size = lambda f: os.path.getsize(os.path.join(pkg, f + ".br"))
main = size("app.wasm")
print("| WASM of a first visit (brotli) | files | KB |")
print("| --- | ---: | ---: |")
print(f"| Connexion (main module only) | 1 | {main // 1024} |")
for group, files in sorted(json.load(open(os.path.join(pkg, "__wasm_split_manifest.json"))).items()):
    total = main + sum(size(f + ".wasm") for f in files)
    print(f"| {group.rsplit('_', 1)[0]} | {1 + len(files)} | {total // 1024} |")
PY
  echo
  echo "Server RSS after the run: SQLite $sqlite_rss MB${pg_rss:+, PostgreSQL $pg_rss MB}"
} >> "$out"
cat "$out"
