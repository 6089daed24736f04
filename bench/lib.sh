# Shared by the benchmark scripts: a fresh database on the machine's PostgreSQL and the runtime started on it.
# Source it after setting PGHOST/PGPORT/PGUSER and `here` (the repository root).

# bench_fresh_db DB: drops and creates the database.
bench_fresh_db() {
  psql -q -d postgres -c "drop database if exists $1 with (force)" -c "create database $1"
}

# bench_start_runtime DB PORT LOG: starts `./tradewind start` on the database (the repository's apps, or the
# folders of BENCH_APPS_DIR; admin password bench-Pa55word) in the background, waits until it is ready, and stops
# it when the script exits. Extra environment for the runtime can be exported before the call. Sets BENCH_RT to the
# runtime's pid.
bench_start_runtime() {
  echo "starting the runtime on port $2 ..."
  TRADEWIND_DB_URL="postgresql://$PGHOST:$PGPORT/$1" TRADEWIND_DB_USER="$PGUSER" \
    TRADEWIND_ADMIN_PASSWORD=bench-Pa55word TRADEWIND_PORT="$2" TRADEWIND_APPS_DIR="${BENCH_APPS_DIR:-$here/apps}" \
    "$here/tradewind" start >"$3" 2>&1 &
  BENCH_RT=$!
  trap 'kill $BENCH_RT 2>/dev/null || true' EXIT
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$2/q/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$BENCH_RT" 2>/dev/null || break
    sleep 0.5
  done
  echo "the runtime did not become ready; its log is $3" >&2
  return 1
}

# bench_stop_runtime: stops the runtime started by bench_start_runtime.
bench_stop_runtime() {
  kill "$BENCH_RT" 2>/dev/null || true
  wait "$BENCH_RT" 2>/dev/null || true
  trap - EXIT
}

# bench_token USER PORT: a built-in access token (password bench-Pa55word).
bench_token() {
  curl -fs "http://127.0.0.1:$2/api/auth/token" -H 'Content-Type: application/json' \
    -d "{\"username\": \"$1\", \"password\": \"bench-Pa55word\"}" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}
