#!/usr/bin/env bash
# The production shape on loopback (docs/deploying.md): this machine's
# PostgreSQL, INSTANCES release instances of the server, and nginx in front
# balancing them and serving the built files itself, from the same files as
# a real installation (deploy/nginx/espace-locataire.conf, the variables of
# deploy/espace-locataire.env.example).
#
#   scripts/cluster.sh            start, print the address, stop on Ctrl-C
#   scripts/cluster.sh start      start and return (bench/faults.sh)
#   scripts/cluster.sh instance N (re)start instance N (1, 2, …) alone
#   scripts/cluster.sh stop       stop everything started here
#
# Settings: INSTANCES (2), PORT (nginx, 8080), FIRST_PORT (instances, 3101…),
# PG (postgres://postgres@127.0.0.1:5432), DB (espace_cluster, recreated on
# each start), CLUSTER_DIR (target/cluster), ESPACE_SMTP_URL (none: outbox),
# SKIP_BUILD=1 (use the release build as it is).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
INSTANCES=${INSTANCES:-2}
PORT=${PORT:-8080}
FIRST_PORT=${FIRST_PORT:-3101}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
DB=${DB:-espace_cluster}
RUN=${CLUSTER_DIR:-$PWD/target/cluster}
BIN="$CARGO_TARGET_DIR/release/server"
BASE="http://127.0.0.1:$PORT"

log() { printf '\033[1m[cluster]\033[0m %s\n' "$*"; }

wait_ready() { # url what
  for _ in $(seq 1 150); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.2
  done
  log "$2 ne répond pas ($1) ; journal : $RUN" >&2
  return 1
}

# What every instance shares: the same database, data folder and secret (a
# session opened on one instance is read by the others).
instance() { # n
  local n=$1 port=$((FIRST_PORT + $1 - 1))
  if [ -f "$RUN/instance-$n.pid" ]; then
    kill "$(cat "$RUN/instance-$n.pid")" 2>/dev/null || true
  fi
  env ESPACE_MODE=embedded \
    ESPACE_DATABASE_URL="$PG/$DB" \
    ESPACE_DATA_DIR="$RUN/data" \
    ESPACE_BASE_URL="$BASE" \
    ESPACE_SECRET="$(cat "$RUN/secret")" \
    ESPACE_TRUST_PROXY=1 \
    ESPACE_LISTEN="127.0.0.1:$port" \
    ESPACE_METRICS_LISTEN="127.0.0.1:1$port" \
    ESPACE_LOG_FORMAT=json \
    ESPACE_SHUTDOWN_SECONDS=10 \
    LEPTOS_SITE_ROOT="$PWD/target/site" \
    "$BIN" serve >>"$RUN/instance-$n.log" 2>&1 &
  echo $! >"$RUN/instance-$n.pid"
  wait_ready "http://127.0.0.1:$port/sante/pret" "l'instance $n"
  log "instance $n : http://127.0.0.1:$port (métriques http://127.0.0.1:1$port/metrics, pid $(cat "$RUN/instance-$n.pid"))"
}

nginx_conf() {
  local upstreams="" brotli="" load=""
  for n in $(seq 1 "$INSTANCES"); do
    upstreams+="server 127.0.0.1:$((FIRST_PORT + n - 1)) max_fails=1 fail_timeout=5s; "
  done
  if [ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ]; then
    load="load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;"
    brotli="brotli_static on;"
  fi
  mkdir -p "$RUN/nginx/tmp"
  sed -e "s|@LISTEN@|127.0.0.1:$PORT|" -e "s|@SITE_ROOT@|$PWD/target/site|" \
    -e "s|@UPSTREAMS@|$upstreams|" -e "s|@BROTLI@|$brotli|" \
    deploy/nginx/espace-locataire.conf >"$RUN/nginx/espace-locataire.conf"
  cat >"$RUN/nginx/nginx.conf" <<EOF
$load
worker_processes 2;
pid $RUN/nginx/nginx.pid;
error_log $RUN/nginx/error.log warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  sendfile on;
  access_log $RUN/nginx/access.log;
  client_body_temp_path $RUN/nginx/tmp/body;
  proxy_temp_path $RUN/nginx/tmp/proxy;
  fastcgi_temp_path $RUN/nginx/tmp/fastcgi;
  uwsgi_temp_path $RUN/nginx/tmp/uwsgi;
  scgi_temp_path $RUN/nginx/tmp/scgi;
  include $RUN/nginx/espace-locataire.conf;
}
EOF
}

stop() {
  for f in "$RUN"/instance-*.pid "$RUN/nginx/nginx.pid"; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
    rm -f "$f"
  done
}

start() {
  scripts/install-tools.sh
  if [ "${SKIP_BUILD:-0}" != 1 ]; then
    cargo leptos build --release --split
    scripts/compress-assets.sh
  fi
  stop
  mkdir -p "$RUN"
  [ -f "$RUN/secret" ] || head -c 48 /dev/urandom | base64 | tr -d '/+=\n' >"$RUN/secret"
  log "base $DB recréée sur $PG"
  psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
  rm -rf "$RUN/data"
  ESPACE_DATABASE_URL="$PG/$DB" ESPACE_DATA_DIR="$RUN/data" "$BIN" demo-data
  for n in $(seq 1 "$INSTANCES"); do instance "$n"; done
  nginx_conf
  nginx -c "$RUN/nginx/nginx.conf" -p "$RUN/nginx" -e "$RUN/nginx/error.log"
  wait_ready "$BASE/sante/pret" "nginx"
  log "Espace Locataire : $BASE ($INSTANCES instances derrière nginx, PostgreSQL $DB)"
  log "Compte de démonstration : sophie@exemple.com / Locataire-Demo-2026"
  log "Journaux (JSON) : $RUN/instance-N.log ; nginx : $RUN/nginx/"
}

case "${1:-run}" in
  start) start ;;
  stop) stop ;;
  instance) instance "$2" ;;
  run)
    start
    trap 'stop; log "arrêté"' EXIT INT TERM
    log "Ctrl-C pour tout arrêter"
    while sleep 3600; do :; done
    ;;
  *) echo "usage : $0 [start|stop|instance N]" >&2; exit 2 ;;
esac
