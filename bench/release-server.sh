# Sourced by the bench scripts: starts the release server on $PORT with a fresh
# database (SQLite by default; ESPACE_DATABASE_URL for PostgreSQL) and the demo
# data, stops it on exit. Sets $base, $data, $server.
base="http://127.0.0.1:$PORT"
data=$(mktemp -d)
ESPACE_DATA_DIR="$data" ESPACE_LISTEN="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=target/site RUST_LOG=warn \
  "$CARGO_TARGET_DIR/release/server" serve --demo > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 100); do curl -sf "$base/connexion" >/dev/null && break; sleep 0.1; done
