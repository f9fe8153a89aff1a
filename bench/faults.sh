#!/usr/bin/env bash
# Faults survived (docs/deploying.md). A benchmark, not a test: it measures
# and prints what it saw, asserts nothing, runs on loopback only and stops by
# itself (about 4 minutes). Needs root (it restarts this machine's PostgreSQL
# and mounts a small tmpfs for the attachments).
#
# The cluster of scripts/cluster.sh (2 instances, nginx, PostgreSQL) runs
# with a local mail server (bench/smtp_sink.py). While wrk reads signed-in
# Accueil through nginx and a loop pays through the test bank, one after the
# other:
#   1. kill -9 one instance, restart it 15 s later;
#   2. stop PostgreSQL for 10 s (the page answered meanwhile is kept);
#   3. stop the mail server for 40 s while mails are asked for;
#   4. make the attachments' disk read-only, upload, make it writable again.
# Writes bench/results/faults.md. SKIP_BUILD=1 reuses the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source bench/tenant.sh
export PORT=${PORT:-8090} FIRST_PORT=${FIRST_PORT:-3201} DB=${DB:-espace_faults} CLUSTER_DIR=${CLUSTER_DIR:-$PWD/target/faults}
SMTP_PORT=${SMTP_PORT:-2526}
RUN=$CLUSTER_DIR
PG=postgres://postgres@127.0.0.1:5432
PG_CLUSTER=${PG_CLUSTER:-$(pg_lsclusters -h | awk '$3==5432 {print $1" "$2; exit}')}
base="http://127.0.0.1:$PORT"
export ESPACE_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"
out=bench/results/faults.md
mkdir -p "$RUN" bench/results
rm -rf "$RUN/sink" "$RUN/stop" "$RUN"/*.txt

say() { printf '\033[1m[faults %s]\033[0m %s\n' "$(date +%T)" "$*"; echo "- $(date +%T) $*" >>"$RUN/timeline.txt"; }
sql() { psql -qtA "$PG/$DB" -c "$1"; }
sink_start() {
  python3 bench/smtp_sink.py "$SMTP_PORT" "$RUN/sink" & echo $! >"$RUN/sink.pid"
  sleep 0.5
  kill -0 "$(cat "$RUN/sink.pid")" 2>/dev/null || { echo "port $SMTP_PORT pris : un serveur de courriel d'un autre essai ?" >&2; exit 1; }
}
sink_stop() { kill "$(cat "$RUN/sink.pid")" 2>/dev/null || true; }
wrk_pid="" pay_pid=""
cleanup() {
  touch "$RUN/stop"
  [ -z "$wrk_pid" ] || kill "$wrk_pid" 2>/dev/null || true
  [ -z "$pay_pid" ] || kill "$pay_pid" 2>/dev/null || true
  sink_stop
  pg_ctlcluster $PG_CLUSTER start 2>/dev/null || true
  ! mountpoint -q "$RUN/data/pieces-jointes" || umount -l "$RUN/data/pieces-jointes" || true
  scripts/cluster.sh stop || true
}
trap cleanup EXIT

# A run stopped half-way may have left its small disk mounted.
mountpoint -q "$RUN/data/pieces-jointes" 2>/dev/null && umount -l "$RUN/data/pieces-jointes"
sink_start
scripts/cluster.sh start
# The attachments on their own small disk, which step 4 makes read-only.
mkdir -p "$RUN/data/pieces-jointes"
mount -t tmpfs -o size=64m tmpfs "$RUN/data/pieces-jointes"
: >"$RUN/timeline.txt"
rss() { for n in 1 2; do printf '%s ' $(( $(awk '/VmRSS/ {print $2}' "/proc/$(cat "$RUN/instance-$n.pid")/status") / 1024 )); done; }

cookie=$(sign_in "$base" sophie@exemple.com Locataire-Demo-2026)
[ -n "$cookie" ] || { echo "connexion impossible" >&2; exit 1; }
status_of() { curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$base${1:-/}"; }

# The load: signed-in Accueil through nginx until the end (SIGINT stops wrk
# and prints its figures).
wrk -t2 -c16 -d900s --latency -H "Cookie: $cookie" "$base/" >"$RUN/wrk.txt" &
wrk_pid=$!
# The payment loop: 10 € at a time, through the test bank, as tenants do;
# three tenants in turn (each may start 30 payments an hour).
payers=("$cookie" "$(sign_in "$base" paul.bernard@exemple.com Parking-Balay-1962)"
  "$(sign_in "$base" claire.petit@exemple.com Gambetta-Claire-1979)")
(
  paid=0 failed=0
  echo "0 0" >"$RUN/payments.txt"
  while [ ! -f "$RUN/stop" ]; do
    if q=$(pay "$base" "${payers[$(( (paid + failed) % 3 ))]}" 10) && [[ $q == *vads_trans_status=AUTHORISED* ]]; then
      paid=$((paid + 1))
    else
      failed=$((failed + 1))
    fi
    echo "$paid $failed" >"$RUN/payments.txt"
    sleep 1.5
  done
) &
pay_pid=$!

sleep 10
say "1. kill -9 de l'instance 1 (pid $(cat "$RUN/instance-1.pid"))"
kill -9 "$(cat "$RUN/instance-1.pid")"
sleep 2
say "   session après la panne : Accueil répond $(status_of /) (servi par l'instance 2)"
sleep 13
scripts/cluster.sh instance 1 >/dev/null
say "   instance 1 relancée"

sleep 10
say "2. PostgreSQL arrêté ($PG_CLUSTER)"
pg_ctlcluster $PG_CLUSTER stop -m fast
sleep 3
first=$(curl -s -o /dev/null -H "Cookie: $cookie" -w '%{http_code} en %{time_total} s' "$base/" || true)
say "   pendant l'arrêt, la première page : $first"
took=$(curl -s -H "Cookie: $cookie" -D "$RUN/down-headers.txt" -o "$RUN/down-page.html" -w '%{time_total}' "$base/" || true)
say "   puis Accueil : $(head -1 "$RUN/down-headers.txt" | tr -d '\r') en $took s, « $(grep -o '<h1>[^<]*</h1>' "$RUN/down-page.html" | sed 's/<[^>]*>//g') », Retry-After $(awk 'tolower($1)=="retry-after:" {print $2}' "$RUN/down-headers.txt" | tr -d '\r')"
sleep 7
pg_ctlcluster $PG_CLUSTER start
started=$(date +%s.%N)
for n in 1 2; do
  port=$((FIRST_PORT + n - 1))
  for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$port/sante/pret" && break; sleep 0.2; done
done
say "   PostgreSQL relancé ; les deux instances prêtes $(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s après, sans redémarrage ; Accueil $(status_of /)"

sleep 5
say "3. serveur de courriel arrêté"
sink_stop
before=$(sql "SELECT COUNT(*) FROM mail_queue")
for _ in 1 2 3; do
  curl -s -o /dev/null -H "Origin: $base" --data-urlencode "__action=/api/mot_de_passe_oublie" \
    --data-urlencode "email=sophie@exemple.com" "$base/mot-de-passe-oublie"
done
sleep 10
say "   $(( $(sql "SELECT COUNT(*) FROM mail_queue") - before )) courriels demandés depuis, $(sql "SELECT COUNT(*) FROM mail_queue WHERE sent_at IS NULL AND failed_at IS NULL") en attente dans la file, $(sql "SELECT COUNT(*) FROM mail_queue WHERE attempts > 0 AND sent_at IS NULL") déjà refusés au moins une fois"
sleep 30
sink_start
say "   serveur de courriel relancé"
for _ in $(seq 1 120); do
  [ "$(sql "SELECT COUNT(*) FROM mail_queue WHERE sent_at IS NULL AND failed_at IS NULL")" = 0 ] && break
  sleep 1
done
say "   file vide : $(sql "SELECT COUNT(*) FROM mail_queue WHERE sent_at IS NOT NULL") envoyés, $(sql "SELECT COUNT(*) FROM mail_queue WHERE failed_at IS NOT NULL") abandonnés"

say "4. disque des pièces jointes en lecture seule"
mount -o remount,ro "$RUN/data/pieces-jointes"
page=$(mktemp)
printf '%%PDF-1.7\n%%\xe2\xe3\xcf\xd3\n1 0 obj\n' >"$RUN/a.pdf"
code=$(curl -s -o "$page" -w '%{http_code}' -H "Origin: $base" -H "Cookie: $cookie" \
  -F "__action=demande" -F "objet=Demande administrative" -F "message=Pendant la panne" \
  -F "type_fichier1=avis_imposition" -F "fichier1=@$RUN/a.pdf;filename=avis.pdf" "$base/nous-contacter")
say "   envoi avec pièce jointe : HTTP $code, « $(grep -o 'Le fichier n[^<]*' "$page" | head -1 | sed "s/&#39;/'/g; s/&#x27;/'/g") » ; demandes enregistrées pendant la panne : $(sql "SELECT COUNT(*) FROM tenant_request WHERE area = 'demande'") ; fichiers partiels : $(find "$RUN/data/pieces-jointes" -name '*.partiel' | wc -l) ; Accueil $(status_of /)"
mount -o remount,rw "$RUN/data/pieces-jointes"
say "   disque de nouveau inscriptible : envoi HTTP $(upload "$base" "$cookie")"

touch "$RUN/stop"
wait "$pay_pid" || true
kill -INT "$wrk_pid" 2>/dev/null || true
wait "$wrk_pid" || true
sleep 15 # the last notifications of the test bank
read -r paid failed <"$RUN/payments.txt" || paid=0 failed=0
credited=$(sql "SELECT COUNT(*) FROM ledger_entry WHERE reference LIKE 'PORTAIL-PAIEMENT-%'")
distinct=$(sql "SELECT COUNT(DISTINCT reference) FROM ledger_entry WHERE reference LIKE 'PORTAIL-PAIEMENT-%'")
accepted=$(sql "SELECT COUNT(*) FROM payment WHERE status = 'accepte'")
requests=$(awk '/requests in/ {print $1}' "$RUN/wrk.txt")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$RUN/wrk.txt"); non2xx=${non2xx:-0}
sockerr=$(awk '/Socket errors/ {print}' "$RUN/wrk.txt")
queued=$(sql "SELECT COUNT(*) FROM mail_queue")
sent=$(sql "SELECT COUNT(*) FROM mail_queue WHERE sent_at IS NOT NULL")
received=$(find "$RUN/sink" -name '*.eml' | wc -l)
{
  echo "# Faults survived — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, 2 instances + nginx + PostgreSQL, loopback"
  echo
  cat "$RUN/timeline.txt"
  echo
  echo "| what | figure |"
  echo "| --- | ---: |"
  echo "| Accueil requests sent (wrk -c16, whole run) | $requests |"
  echo "| of which not 2xx/3xx (the 503 page while PostgreSQL was away, failed-over requests) | $non2xx |"
  echo "| wrk socket errors | ${sockerr:-none} |"
  echo "| payments the bank accepted (loop) | $paid |"
  echo "| payments that did not complete (loop: a step answered an error) | $failed |"
  echo "| payments accepted in the database | $accepted |"
  echo "| credits in the ledger (distinct references) | $credited ($distinct) |"
  echo "| mails queued / sent / received by the mail server | $queued / $sent / $received |"
  echo "| instances' RSS at the end (MB) | $(rss) |"
} >"$out"
cat "$out"
