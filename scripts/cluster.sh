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
# SKIP_BUILD=1 (use the release build as it is), PUBLIC_URL (the address
# tenants type, $BASE unless a TLS terminator stands in front).
set -Eeuo pipefail
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
# The address tenants type: behind a TLS terminator in front of nginx, set
# PUBLIC_URL=https://… (secure cookies, HSTS from nginx and the instances).
PUBLIC_URL=${PUBLIC_URL:-$BASE}

log() { printf '\033[1m[cluster]\033[0m %s\n' "$*"; }

wait_ready() { # url what [pid: must stay alive, so that another process on the port is not taken for it]
  for _ in $(seq 1 150); do
    if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then
      log "$2 s'est arrêté au démarrage ; journal : $RUN" >&2
      return 1
    fi
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
  [ -f "$RUN/instance-$n.pid" ] && stop_pid "$(cat "$RUN/instance-$n.pid")"
  env ESPACE_MODE=embedded \
    ESPACE_DATABASE_URL="$PG/$DB" \
    ESPACE_DATA_DIR="$RUN/data" \
    ESPACE_BASE_URL="$PUBLIC_URL" \
    ESPACE_SECRET="$(cat "$RUN/secret")" \
    ESPACE_TRUST_PROXY=1 \
    ESPACE_LISTEN="127.0.0.1:$port" \
    ESPACE_METRICS_LISTEN="127.0.0.1:1$port" \
    ESPACE_LOG_FORMAT=json \
    ESPACE_SHUTDOWN_SECONDS=10 \
    LEPTOS_SITE_ROOT="$PWD/target/site" \
    "$BIN" serve >>"$RUN/instance-$n.log" 2>&1 &
  echo $! >"$RUN/instance-$n.pid"
  wait_ready "http://127.0.0.1:$port/sante/pret" "l'instance $n" "$(cat "$RUN/instance-$n.pid")"
  log "instance $n : http://127.0.0.1:$port (métriques http://127.0.0.1:1$port/metrics, pid $(cat "$RUN/instance-$n.pid"))"
}

nginx_conf() {
  local upstreams="" brotli="" load="" https=""
  for n in $(seq 1 "$INSTANCES"); do
    upstreams+="server 127.0.0.1:$((FIRST_PORT + n - 1)) max_fails=1 fail_timeout=5s; "
  done
  if [ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ]; then
    load="load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;"
    brotli="brotli_static on;"
  fi
  case "$PUBLIC_URL" in https://*) https='add_header Strict-Transport-Security "max-age=31536000" always;' ;; esac
  mkdir -p "$RUN/nginx/tmp"
  sed -e "s|@LISTEN@|127.0.0.1:$PORT|" -e "s|@SITE_ROOT@|$PWD/target/site|" \
    -e "s|@UPSTREAMS@|$upstreams|" -e "s|@BROTLI@|$brotli|" -e "s|@HTTPS@|$https|" -e "s|@ACCESS_LOG@|$RUN/nginx/access.log|" \
    deploy/nginx/espace-locataire.conf >"$RUN/nginx/espace-locataire.conf"
  cat >"$RUN/nginx/nginx.conf" <<EOF
$load
# Workers as the user who owns the build (they read target/site).
user $(stat -c %U "$PWD/target/site");
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

# SIGTERM, then waits (at most the instances' grace) until it has exited,
# so that its port is free again.
stop_pid() {
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 120); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$1" 2>/dev/null || true
}

stop() {
  for f in "$RUN"/instance-*.pid "$RUN/nginx/nginx.pid"; do
    [ -f "$f" ] || continue
    stop_pid "$(cat "$f")"
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
  wait_ready "$BASE/sante/pret" "nginx" "$(cat "$RUN/nginx/nginx.pid")"
  log "Espace Locataire : $BASE ($INSTANCES instances derrière nginx, PostgreSQL $DB)"
  log "Compte de démonstration : sophie@exemple.com / Locataire-Demo-2026"
  log "Journaux (JSON) : $RUN/instance-N.log ; nginx : $RUN/nginx/"
}

case "${1:-run}" in
  start)
    # A start that fails half-way leaves nothing running.
    trap 'stop' ERR
    start
    ;;
  stop) stop ;;
  instance) instance "${2:?le numéro de l’instance (1, 2, …)}" ;;
  run)
    trap 'stop; log "arrêté"' EXIT
    trap 'exit 0' INT TERM
    start
    log "Ctrl-C pour tout arrêter"
    while :; do sleep 3600 & wait $!; done
    ;;
  *) echo "usage : $0 [start|stop|instance N]" >&2; exit 2 ;;
esac
