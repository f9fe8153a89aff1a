# Sourced by the bench scripts: what a tenant's browser does, with curl.
# sign_in BASE EMAIL PASSWORD  → prints the session cookie (name=value)
# pay BASE COOKIE EUROS        → pays through the test bank's pages; prints
#                                the return address's query (the signed
#                                fields the bank notifies), fails if refused
# upload BASE COOKIE           → sends a Nous contacter request with a PDF;
#                                prints the HTTP status (303: recorded)

sign_in() {
  curl -s -o /dev/null -D - -H "Origin: $1" \
    --data-urlencode "__action=/api/connexion" --data-urlencode "email=$2" \
    --data-urlencode "password=$3" "$1/connexion" | grep -i '^set-cookie' | sed 's/^[^:]*: //; s/;.*//'
}

_hidden() { python3 -c 'import sys,re,html,urllib.parse as u; print(u.urlencode([(html.unescape(n),html.unescape(v)) for n,v in re.findall(r"<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\"", sys.stdin.read())]))'; }

pay() {
  local base=$1 cookie=$2 euros=$3 bank_page form card back
  bank_page=$(curl -s -o /dev/null -D - -H "Origin: $base" -H "Cookie: $cookie" \
    --data-urlencode "__action=/api/payer" --data-urlencode "choix=montant" --data-urlencode "montant=$euros" \
    "$base/paiement" | awk 'tolower($1)=="location:" {print $2}' | tr -d '\r')
  [ -n "$bank_page" ] || return 1
  form=$(curl -s -H "Cookie: $cookie" "$base$bank_page" | _hidden)
  card=$(curl -s --data "$form" "$base/banque-test/vads-payment/" | _hidden)
  back=$(curl -s --data "$card&carte=4970100000000000&expiration=12%2F29&cryptogramme=123&action=payer" "$base/banque-test/carte" \
    | python3 -c 'import sys,re,html; m=re.search(r"href=\"([^\"]*vads_trans_status[^\"]*)\"", sys.stdin.read()); print(html.unescape(m.group(1)) if m else "")')
  [ -n "$back" ] || return 1
  echo "${back#*\?}"
}

upload() {
  local pdf
  pdf=$(mktemp --suffix=.pdf)
  printf '%%PDF-1.7\n%%\xe2\xe3\xcf\xd3\n1 0 obj\n%*s' 2000 '' >"$pdf"
  curl -s -o /dev/null -w '%{http_code}' -H "Origin: $1" -H "Cookie: $2" \
    -F "__action=demande" -F "objet=Demande administrative" -F "message=Charge de test" \
    -F "type_fichier1=avis_imposition" -F "fichier1=@$pdf;filename=avis.pdf" "$1/nous-contacter"
  rm -f "$pdf"
}
