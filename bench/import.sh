#!/usr/bin/env bash
# Import benchmark (measures, asserts nothing). Generates a synthetic ERP
# export (ACCOUNTS accounts, MONTHS months of ledger: 125,000 × 60 gives 15
# million entries), imports it into SQLite and into PostgreSQL, and reports
# rows per second and the database size. Then it loads the demo data into the
# big SQLite database and compares the p99 of Mon compte for the same demo
# tenant there and in the 100-account demo database, under the same wrk load.
# Writes bench/results/import.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/install-tools.sh
ACCOUNTS=${ACCOUNTS:-125000}
MONTHS=${MONTHS:-60}
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-32}
PG=${ESPACE_BENCH_PG:-postgres://postgres@127.0.0.1:5432}
work=${BENCH_DIR:-$(mktemp -d /tmp/espace-bench.XXXX)}
mkdir -p "$work" bench/results
server_bin="$CARGO_TARGET_DIR/release/server"

cargo leptos build --release --split
scripts/compress-assets.sh

echo "== synthetic export: $ACCOUNTS accounts × $MONTHS months"
"$server_bin" bench-export "$work/export" --accounts "$ACCOUNTS" --months "$MONTHS"
rows=$(cat "$work"/export/*.csv | wc -l)
export_size=$(du -sh "$work/export" | cut -f1)

# The floor: the sqlite3 shell loading the same CSV files into bare tables
# (no index, no check, no lookup), on the same disk in the same run. The
# import's rows/s is reported as a ratio to it, as the machine is noisy.
echo "== floor: sqlite3 .import of the same files"
rm -f "$work/floor.sqlite"
floor_start=$(date +%s.%N)
for f in "$work"/export/*.csv; do
  sqlite3 "$work/floor.sqlite" -cmd ".mode csv" -cmd ".separator ;" ".import '$f' t_$(basename "$f" .csv)"
done
floor_time=$(echo "$(date +%s.%N) - $floor_start" | bc)
rm -f "$work/floor.sqlite"

import_into() { # name database-url data-dir
  local start end
  start=$(date +%s.%N)
  ESPACE_DATA_DIR="$3" ESPACE_DATABASE_URL="$2" RUST_LOG=warn "$server_bin" import "$work/export" > "$work/$1-import.log"
  end=$(date +%s.%N)
  echo "$1 $(echo "$end - $start" | bc)"
}

echo "== import into SQLite"
sqlite_time=$(import_into sqlite "sqlite://$work/big/espace.sqlite" "$work/big" | awk '{print $2}')
sqlite_size=$(du -sh "$work/big/espace.sqlite" | cut -f1)

echo "== import into PostgreSQL"
db="espace_bench_$(date +%s)"
psql "$PG/postgres" -qc "CREATE DATABASE $db"
pg_time=$(import_into postgres "$PG/$db" "$work/pg" | awk '{print $2}')
pg_size=$(psql "$PG/postgres" -tAc "SELECT pg_size_pretty(pg_database_size('$db'))")
second=$( { /usr/bin/time -f %e env ESPACE_DATA_DIR="$work/pg" ESPACE_DATABASE_URL="$PG/$db" RUST_LOG=warn "$server_bin" import "$work/export" > "$work/pg-reimport.log"; } 2>&1 )
psql "$PG/postgres" -qc "DROP DATABASE $db"

echo "== Mon compte under load: big database vs demo database"
ESPACE_DATA_DIR="$work/big" ESPACE_DATABASE_URL="sqlite://$work/big/espace.sqlite" RUST_LOG=warn "$server_bin" demo-data > /dev/null
p99_of() { # data-dir database-url port
  ESPACE_DATA_DIR="$1" ESPACE_DATABASE_URL="$2" ESPACE_LISTEN="127.0.0.1:$3" LEPTOS_SITE_ROOT=target/site RUST_LOG=warn \
    "$server_bin" serve --demo > "$1/server.log" 2>&1 &
  local pid=$! base="http://127.0.0.1:$3"
  for _ in $(seq 300); do curl -sf "$base/connexion" > /dev/null && break; sleep 0.2; done
  local cookie
  cookie=$(curl -s -o /dev/null -D - -H "Origin: $base" --data-urlencode "__action=/api/connexion" \
    --data-urlencode "email=sophie@exemple.com" --data-urlencode "password=Locataire-Demo-2026" "$base/connexion" \
    | grep -i '^set-cookie' | sed 's/^[^:]*: //; s/;.*//')
  wrk -t2 "-c$CONNECTIONS" "-d${DURATION}s" --latency -H "Cookie: $cookie" "$base/mon-compte" > "$1/wrk.txt"
  kill $pid; wait $pid 2>/dev/null || true
  echo "$(awk '/Requests\/sec/ {print $2}' "$1/wrk.txt") $(awk '$1=="99%" {print $2}' "$1/wrk.txt")"
}
big=$(p99_of "$work/big" "sqlite://$work/big/espace.sqlite" 3310)
mkdir -p "$work/small"
small=$(p99_of "$work/small" "sqlite://$work/small/espace.sqlite" 3311)

entries=$((ACCOUNTS * MONTHS * 2))
{
  echo "# Import benchmark $(date -u +%Y-%m-%dT%H:%MZ) — $(nproc) cores"
  echo
  echo "Synthetic export: $ACCOUNTS accounts, $entries ledger entries, $rows CSV lines, $export_size on disk."
  echo
  echo "| engine | import time | rows/s | ratio to the floor | database size |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  printf "| floor: sqlite3 .import, bare tables | %.0f s | %.0f | 1 | |\n" "$floor_time" "$(echo "$rows / $floor_time" | bc -l)"
  printf "| SQLite | %.0f s | %.0f | %.2f | %s |\n" "$sqlite_time" "$(echo "$rows / $sqlite_time" | bc -l)" "$(echo "$floor_time / $sqlite_time" | bc -l)" "$sqlite_size"
  printf "| PostgreSQL | %.0f s | %.0f | %.2f | %s |\n" "$pg_time" "$(echo "$rows / $pg_time" | bc -l)" "$(echo "$floor_time / $pg_time" | bc -l)" "$pg_size"
  echo
  echo "The same export imported a second time into PostgreSQL (nothing changes): ${second} s."
  echo
  echo "Mon compte of the demo tenant (wrk -t2 -c$CONNECTIONS -d${DURATION}s, SQLite):"
  echo
  echo "| database | requests/s | p99 |"
  echo "| --- | ---: | ---: |"
  echo "| 100-account demo | $(echo "$small" | awk '{print $1}') | $(echo "$small" | awk '{print $2}') |"
  echo "| $ACCOUNTS accounts + demo | $(echo "$big" | awk '{print $1}') | $(echo "$big" | awk '{print $2}') |"
  echo
  echo "Import reports:"
  echo '```'
  cat "$work/sqlite-import.log"
  echo '```'
} > bench/results/import.md
cat bench/results/import.md
[ -z "${BENCH_DIR:-}" ] && rm -rf "$work"
