#!/usr/bin/env bash
# Attack replay (measures, asserts nothing; loopback only, bounded in count
# and time): against the release server with the demo data, replays
#  1. the sign-in race: N parallel wrong passwords for one tenant, then the
#     right one; counts the answers that ran a password check ("incorrect")
#     and the server's peak memory;
#  2. the upload flood: anonymous multipart posts of UPLOAD_MB each, all at
#     once; reports the peak memory and what was written to storage;
#  3. the IPN flood: forged notifications of 30 KB; reports the database's growth.
# Usage: bench/attack.sh   (RACE=200 UPLOADS=8 UPLOAD_MB=18 IPNS=1000 PORT=3400)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
RACE=${RACE:-200}
UPLOADS=${UPLOADS:-8}
UPLOAD_MB=${UPLOAD_MB:-18}
IPNS=${IPNS:-1000}
PORT=${PORT:-3400}

if [ "${SKIP_BUILD:-}" != 1 ]; then
  scripts/install-tools.sh >/dev/null
  cargo leptos build --release --split >/dev/null 2>&1
fi
source bench/release-server.sh

peak() { awk '/VmHWM/ {printf "%d MB", $2/1024}' "/proc/$server/status"; }
rss() { awk '/VmRSS/ {printf "%d MB", $2/1024}' "/proc/$server/status"; }
# The database file after a checkpoint: the WAL is a journal that SQLite
# reuses, not what the database keeps.
db_bytes() {
  python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA wal_checkpoint(TRUNCATE)').fetchall(); c.close()" \
    "$data/espace-locataire.sqlite"
  stat -c %s "$data/espace-locataire.sqlite"
}
stored() { find "$data/pieces-jointes" -type f 2>/dev/null | wc -l; }

echo "# Attack replay $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, release server, demo data"
echo "server after start: RSS $(rss), peak $(peak)"

# 1. The sign-in race.
race=$(mktemp -d)
seq "$RACE" | xargs -P "$RACE" -I{} sh -c "curl -s -m 30 -H 'Origin: $base' \
  --data-urlencode '__action=/api/connexion' --data-urlencode 'email=sophie@exemple.com' \
  --data-urlencode 'password=pas-le-bon-{}' '$base/connexion' > '$race/{}.html'"
count() { grep -l "$1" "$race"/*.html | wc -l || true; }
checked=$(count "Identifiant ou mot de passe incorrect")
throttled=$(count "Trop de tentatives")
busy=$(count "Trop de demandes")
right=$(curl -s -H "Origin: $base" --data-urlencode "__action=/api/connexion" \
  --data-urlencode "email=sophie@exemple.com" --data-urlencode "password=Locataire-Demo-2026" \
  -o /dev/null -w '%{http_code}' "$base/connexion")
echo "1. sign-in race: $RACE parallel wrong passwords: $checked password checks ran (limit 10), \
$throttled refused by the throttle, $busy told busy; the right password then: HTTP $right \
(303 = signed in, 200 = refused); server peak memory $(peak)"
rm -rf "$race"

# 2. The upload flood (no session).
before_peak=$(peak)
body="$data/flood.bin"
head -c $((UPLOAD_MB * 1024 * 1024)) /dev/zero > "$body"
seq "$UPLOADS" | xargs -P "$UPLOADS" -I{} curl -s -m 60 -o /dev/null -H "Origin: $base" \
  -F "__action=demande" -F "fichier1=@$body;type=application/pdf" "$base/nous-contacter" || true
rm -f "$body"
echo "2. upload flood: $UPLOADS anonymous posts of $UPLOAD_MB MB: peak memory $before_peak -> $(peak), \
files stored: $(stored)"

# 3. The IPN flood (forged, 30 KB each).
before=$(db_bytes)
forged="$data/ipn.txt"
python3 -c "print('vads_order_id=1&vads_site_id=12345678&signature=faux&vads_x=' + 'A' * 30000, end='')" > "$forged"
seq "$IPNS" | xargs -P 16 -I{} curl -s -m 10 -o /dev/null --data-binary "@$forged" \
  -H 'Content-Type: application/x-www-form-urlencoded' "$base/paiement/ipn" || true
sleep 1
after=$(db_bytes)
echo "3. IPN flood: $IPNS forged notifications of 30 KB: database $before -> $after bytes \
(+$(( (after - before) / 1024 )) KB)"
echo "server at the end: RSS $(rss), peak $(peak)"
