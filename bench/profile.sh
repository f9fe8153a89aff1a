#!/usr/bin/env bash
# Profile (measures, asserts nothing): the release server under wrk -t2
# -c$CONNECTIONS on one URL, with `perf record -g` on the server's process;
# prints the report's top frames (self time, then with callees).
# URL=/connexion (default) or URL=/ SIGNED_IN=1 for the signed-in Accueil;
# CALL_GRAPH=dwarf for whole stacks (frame pointers lose most of them).
# Needs a release build (bench/run.sh or `cargo leptos build --release --split`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
DURATION=${DURATION:-10}
PORT=${PORT:-3310}
CONNECTIONS=${CONNECTIONS:-256}
URL=${URL:-/connexion}
command -v perf >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-perf >/dev/null; }
source bench/release-server.sh
source bench/tenant.sh
header=()
if [ -n "${SIGNED_IN:-}" ]; then
  header=(-H "Cookie: $(sign_in "$base" sophie@exemple.com Locataire-Demo-2026)")
fi
out=${OUT:-bench/results/profile}
mkdir -p "$(dirname "$out")"
# Warm up (connections opened, caches filled), then record the steady state.
wrk -t2 "-c$CONNECTIONS" -d2s "${header[@]}" "$base$URL" >/dev/null
perf record ${CALL_GRAPH:+--call-graph "$CALL_GRAPH"} -g -F 499 -p "$server" -o "$out.data" -- sleep "$DURATION" 2>/dev/null &
perf_pid=$!
wrk -t2 "-c$CONNECTIONS" "-d${DURATION}s" --latency "${header[@]}" "$base$URL" | tee "$out.wrk.txt"
wait $perf_pid || true
perf report -i "$out.data" --no-children --percent-limit 1.5 --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -40 > "$out.self.txt"
perf report -i "$out.data" --children --percent-limit 5 --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -60 > "$out.children.txt"
echo "== self"; cat "$out.self.txt"
echo "== with callees"; cat "$out.children.txt"
