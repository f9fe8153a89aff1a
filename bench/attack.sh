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
  cargo leptos build --release >/dev/null 2>&1
fi
source bench/release-server.sh

peak() { awk '/VmHWM/ {printf "%d MB", $2/1024}' "/proc/$server/status"; }
rss() { awk '/VmRSS/ {printf "%d MB", $2/1024}' "/proc/$server/status"; }
db_bytes() { du -cb "$data"/espace-locataire.sqlite* | tail -1 | cut -f1; }
stored() { du -sb "$data/pieces-jointes" 2>/dev/null | cut -f1 || echo 0; }

echo "# Attack replay $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, release server, demo data"
echo "server after start: RSS $(rss), peak $(peak)"

# 1. The sign-in race.
race=$(mktemp -d)
seq "$RACE" | xargs -P "$RACE" -I{} sh -c "curl -s -m 30 -H 'Origin: $base' \
  --data-urlencode '__action=/api/connexion' --data-urlencode 'email=sophie@exemple.com' \
  --data-urlencode 'password=pas-le-bon-{}' '$base/connexion' > '$race/{}.html'"
checked=$(grep -l "Identifiant ou mot de passe incorrect" "$race"/*.html | wc -l)
throttled=$(grep -l "Trop de tentatives" "$race"/*.html | wc -l)
busy=$(grep -l "Trop de demandes" "$race"/*.html | wc -l)
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
bytes stored: $(stored)"

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
