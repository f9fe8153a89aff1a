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
echo "| page | performance | accessibility | best practices | SEO |" > bench/results/lighthouse.md
echo "| --- | ---: | ---: | ---: | ---: |" >> bench/results/lighthouse.md
# Signed-in pages are scored with the demo tenant's session cookie.
cookie=$(curl -s -o /dev/null -D - -H "Origin: $base" --data-urlencode "__action=/api/connexion" \
  --data-urlencode "email=sophie@exemple.com" --data-urlencode "password=Locataire-Demo-2026" "$base/connexion" \
  | grep -i '^set-cookie' | sed 's/^[^:]*: //; s/;.*//')
for path in /connexion /inscription / "/ (connecté)" /mon-compte /ma-residence /documents /paiement /nous-contacter /reclamations /informations-personnelles /assurance; do
  headers=()
  case "$path" in /connexion|/inscription|/) ;; *) headers=(--extra-headers "{\"Cookie\": \"$cookie\"}") ;; esac
  lighthouse "$base${path%% *}" "${headers[@]}" --quiet --output=json --output-path="$data/lh.json" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" >/dev/null 2>&1 || true
  python3 - "$path" "$data/lh.json" >> bench/results/lighthouse.md <<'PY'
import json, sys
c = json.load(open(sys.argv[2]))["categories"]
s = lambda k: round((c[k]["score"] or 0) * 100)
print(f"| {sys.argv[1]} | {s('performance')} | {s('accessibility')} | {s('best-practices')} | {s('seo')} |")
PY
done
cat bench/results/lighthouse.md
