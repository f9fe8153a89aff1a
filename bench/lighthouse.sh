#!/usr/bin/env bash
# Lighthouse (npm, offline) on the release build, as a phone on a slow network
# sees the pages: performance, accessibility, best practices, SEO per URL.
# Needs a release build (bench/run.sh or scripts/run.sh makes one).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
command -v lighthouse >/dev/null || npm install --prefix "${ESPACE_TOOLS_DIR:-$HOME/.cache/espace-locataire-tools}" --no-audit --no-fund lighthouse >/dev/null
PORT=${PORT:-3400}
source bench/release-server.sh
mkdir -p bench/results
# The metrics beside the score say which one holds a page below 95.
echo "| page | performance | LCP | TBT | CLS | Speed Index | bytes (all files, on the wire) | accessibility | best practices | SEO |" > bench/results/lighthouse.md
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |" >> bench/results/lighthouse.md
# Signed-in pages are scored with the demo tenant's session cookie.
cookie=$(curl -s -o /dev/null -D - -H "Origin: $base" --data-urlencode "__action=/api/connexion" \
  --data-urlencode "email=sophie@exemple.com" --data-urlencode "password=Locataire-Demo-2026" "$base/connexion" \
  | grep -i '^set-cookie' | sed 's/^[^:]*: //; s/;.*//')
# The back office with the demo agent (published TOTP key, demo only).
code=$(python3 -c 'import base64,hmac,struct,time
k=base64.b32decode("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
h=hmac.new(k,struct.pack(">Q",int(time.time())//30),"sha1").digest();o=h[-1]&15
print("%06d"%((struct.unpack(">I",h[o:o+4])[0]&0x7fffffff)%1000000))')
staff=$(curl -s -o /dev/null -D - -H "Origin: $base" --data-urlencode "__action=/api/gestion_connexion" \
  --data-urlencode "email=agent@habitat-demo.fr" --data-urlencode "password=Gestion-Demo-2026" --data-urlencode "code=$code" \
  "$base/gestion/connexion" | grep -i '^set-cookie' | sed 's/^[^:]*: //; s/;.*//')
# PAGES (space-separated) scores only those, e.g. PAGES="/prelevements /reclamations";
# the signed-in Accueil, "/ (connecté)", has a space and is scored only in the full list.
all_pages=(/connexion /inscription / "/ (connecté)" /mon-compte /ma-residence /documents /paiement /prelevements /nous-contacter /reclamations /informations-personnelles /assurance /changement-mot-de-passe /mes-donnees /fermer-mon-acces /mentions-legales /confidentialite /accessibilite /plan-du-site /gestion)
if [ -n "${PAGES:-}" ]; then read -ra pages <<< "$PAGES"; else pages=("${all_pages[@]}"); fi
for path in "${pages[@]}"; do
  headers=()
  case "$path" in
    /connexion|/inscription|/|/mentions-legales|/confidentialite|/accessibilite|/plan-du-site) ;;
    /gestion) headers=(--extra-headers "{\"Cookie\": \"$staff\"}") ;;
    *) headers=(--extra-headers "{\"Cookie\": \"$cookie\"}") ;;
  esac
  lighthouse "$base${path%% *}" "${headers[@]}" --quiet --output=json --output-path="$data/lh.json" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" >/dev/null 2>&1 || true
  python3 - "$path" "$data/lh.json" >> bench/results/lighthouse.md <<'PY'
import json, sys
r = json.load(open(sys.argv[2]))
c, a = r["categories"], r["audits"]
if "numericValue" not in a["largest-contentful-paint"]:
    print(f"| {sys.argv[1]} | not measured: {r.get('runtimeError', {}).get('code', 'no LCP')} | | | | | | | | |")
    sys.exit()
s = lambda k: round((c[k]["score"] or 0) * 100)
lcp = a["largest-contentful-paint"]["numericValue"] / 1000
kb = a["total-byte-weight"]["numericValue"] / 1000
tbt = a["total-blocking-time"]["numericValue"]
cls = a["cumulative-layout-shift"]["numericValue"]
si = a["speed-index"]["numericValue"] / 1000
print(f"| {sys.argv[1]} | {s('performance')} | {lcp:.1f} s | {tbt:.0f} ms | {cls:.3f} | {si:.1f} s | {kb:.0f} KB | {s('accessibility')} | {s('best-practices')} | {s('seo')} |")
PY
done
cat bench/results/lighthouse.md
