#!/usr/bin/env bash
# The production shape's figures (docs/benchmarks.md). A benchmark: measures,
# asserts nothing. In one run, on loopback:
#   - the floor (bench/floor: axum serving a fixed 2 KB page);
#   - one release instance on SQLite, signed-in Accueil (wrk, as bench/run.sh);
#   - the cluster of scripts/cluster.sh (2 instances, nginx, PostgreSQL), the
#     same page through nginx;
#   - MIXED_SECONDS (600) of mixed load on the cluster: page views of every
#     tenant menu (wrk), and in a loop sign-ins, payments through the test
#     bank and uploads; errors counted, the instances' RSS at start and end.
# Writes bench/results/cluster.md. SKIP_BUILD=1 reuses the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source bench/tenant.sh
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-256}
MIXED_SECONDS=${MIXED_SECONDS:-600}
PORT=${PORT:-3300}
CLUSTER_PORT=${CLUSTER_PORT:-8080}
export CLUSTER_DIR=${CLUSTER_DIR:-$PWD/target/cluster-bench} DB=espace_cluster_bench

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  scripts/install-tools.sh
  cargo leptos build --release --split
  scripts/compress-assets.sh
fi
cargo build --release -p floor
work=$(mktemp -d)
"$CARGO_TARGET_DIR/release/floor" "127.0.0.1:$((PORT + 99))" &
floor_pid=$!
source bench/release-server.sh
trap 'kill $server $floor_pid 2>/dev/null; rm -rf "$data" "$work"; PORT=$CLUSTER_PORT scripts/cluster.sh stop' EXIT

to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; printf "%.2f ms", v}'; }
load() { # name url cookie
  wrk -t2 "-c$CONNECTIONS" "-d${DURATION}s" --latency -H "Cookie: $3" "$2" >"$work/$1.txt"
  printf '%s %s %s %s %s\n' "$1" "$(awk '/Requests\/sec/ {print $2}' "$work/$1.txt")" \
    "$(awk '$1=="50%" {print $2}' "$work/$1.txt" | to_ms)" "$(awk '$1=="99%" {print $2}' "$work/$1.txt" | to_ms)" \
    "$(awk '/Non-2xx/ {print $NF}' "$work/$1.txt")"
}
rss_of() { echo $(( $(awk '/VmRSS/ {print $2}' "/proc/$1/status") / 1024 )); }

floor=$(load floor "http://127.0.0.1:$((PORT + 99))/" x=y)
single=$(load "one instance, SQLite" "$base/" "$(sign_in "$base" sophie@exemple.com Locataire-Demo-2026)")
kill $server

PORT=$CLUSTER_PORT SKIP_BUILD=1 scripts/cluster.sh start
cbase="http://127.0.0.1:$CLUSTER_PORT"
cookie=$(sign_in "$cbase" sophie@exemple.com Locataire-Demo-2026)
cluster=$(load "cluster: 2 instances + nginx, PostgreSQL" "$cbase/" "$cookie")
pids=("$(cat "$CLUSTER_DIR/instance-1.pid")" "$(cat "$CLUSTER_DIR/instance-2.pid")")

# Mixed load: every tenant menu in turn (wrk), and a loop of sign-ins,
# payments and uploads by three tenants (each may start 30 payments an hour:
# one payment a tenant every 2.5 minutes or so stays under it).
sleep 5
rss_start="$(rss_of "${pids[0]}") MB, $(rss_of "${pids[1]}") MB"
wrk -t2 -c32 "-d${MIXED_SECONDS}s" --latency -s bench/mixed.lua -H "Cookie: $cookie" "$cbase" >"$work/mixed.txt" &
mixed_pid=$!
tenants=("sophie@exemple.com Locataire-Demo-2026" "paul.bernard@exemple.com Parking-Balay-1962" "claire.petit@exemple.com Gambetta-Claire-1979")
ends=$(($(date +%s) + MIXED_SECONDS))
signins=0 signin_errors=0 payments=0 payment_errors=0 uploads=0 upload_errors=0 round=0
while [ "$(date +%s)" -lt "$ends" ]; do
  read -r email password <<<"${tenants[$((round % 3))]}"
  c=$(sign_in "$cbase" "$email" "$password")
  if [ -n "$c" ]; then signins=$((signins + 1)); else signin_errors=$((signin_errors + 1)); fi
  if [ $((round % 5)) = 0 ]; then
    if q=$(pay "$cbase" "$c" 10) && [[ $q == *AUTHORISED* ]]; then payments=$((payments + 1)); else payment_errors=$((payment_errors + 1)); fi
  fi
  if [ "$(upload "$cbase" "$c")" = 303 ]; then uploads=$((uploads + 1)); else upload_errors=$((upload_errors + 1)); fi
  round=$((round + 1))
  sleep 4
done
wait $mixed_pid
sleep 10
rss_end="$(rss_of "${pids[0]}") MB, $(rss_of "${pids[1]}") MB"
credited=$(psql -qtA "postgres://postgres@127.0.0.1:5432/$DB" -c "SELECT COUNT(*) FROM ledger_entry WHERE reference LIKE 'PORTAIL-PAIEMENT-%'")

out=bench/results/cluster.md
mkdir -p bench/results
floor_rps=$(echo "$floor" | awk '{print $2}')
{
  echo "# Cluster — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk -t2 -c$CONNECTIONS -d${DURATION}s, loopback"
  echo
  echo "| signed-in Accueil | requests/s | p50 | p99 | non-2xx | req/s vs floor |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
} >"$out"
for line in "$floor" "$single" "$cluster"; do
  python3 - "$line" "$floor_rps" >>"$out" <<'PY'
import sys, re
line, floor = sys.argv[1], float(sys.argv[2])
m = re.match(r"(.*) (\S+) (\S+ ms) (\S+ ms) ?(\S*)$", line)
name, rps, p50, p99, bad = m.groups()
print(f"| {name} | {float(rps):.0f} | {p50} | {p99} | {bad or 0} | {100 * float(rps) / floor:.1f} % |")
PY
done
{
  echo
  echo "Mixed load, ${MIXED_SECONDS} s on the cluster (wrk -c32 over every tenant menu, and a loop of sign-ins, payments and uploads):"
  echo
  echo "| what | figure |"
  echo "| --- | ---: |"
  echo "| page views (wrk) | $(awk '/requests in/ {print $1}' "$work/mixed.txt") |"
  echo "| page views not 2xx/3xx | $(awk '/Non-2xx/ {print $NF}' "$work/mixed.txt" | grep . || echo 0) |"
  echo "| page view p50 / p99 | $(awk '$1=="50%" {print $2}' "$work/mixed.txt" | to_ms) / $(awk '$1=="99%" {print $2}' "$work/mixed.txt" | to_ms) |"
  echo "| wrk socket errors | $(awk '/Socket errors/ {$1=$2=""; print}' "$work/mixed.txt" | grep . || echo none) |"
  echo "| sign-ins ok / failed | $signins / $signin_errors |"
  echo "| payments accepted / failed, credited in the ledger | $payments / $payment_errors, $credited |"
  echo "| uploads recorded / failed | $uploads / $upload_errors |"
  echo "| instances' RSS at start → end | $rss_start → $rss_end |"
} >>"$out"
cat "$out"
