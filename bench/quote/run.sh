#!/usr/bin/env bash
# Quote-creation benchmark (issue 2): HTTP quote creation with 5 lines and formulas vs plain one-row
# INSERTs through pgbench, same PostgreSQL, same number of clients, in one run.
#
#   bench/quote/run.sh                    # 8 clients, 150 s warm-up (JIT), 30 s measured
#   TRADEWIND_JIT=false WARMUP=10 bench/quote/run.sh   # GraalJS interpreter only
#   CLIENTS=8 WARMUP=150 SECONDS_=30 PGHOST=127.0.0.1 PGPORT=5432 bench/quote/run.sh
#
# The HTTP load comes from wrk (C, like pgbench) with 2 threads and CLIENTS connections, each sending
# one request at a time. Prints key=value results, the ratio, and the hottest methods (JFR).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$here/.mvn/find-jdk.sh"
tradewind_find_jdk || exit 1
CLIENTS="${CLIENTS:-8}"
WARMUP="${WARMUP:-150}"
SECS="${SECONDS_:-30}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
PORT="${BENCH_PORT:-18080}"
DB=tw_bench
out="$here/bench/quote/out"
mkdir -p "$out"
export PGHOST PGPORT PGUSER
# shellcheck source=bench/lib.sh
source "$here/bench/lib.sh"

"$here/tradewind" build >/dev/null
command -v wrk >/dev/null || { echo "installing wrk (Debian package) ..."; apt-get install -y -q wrk >/dev/null; }

bench_fresh_db "$DB"
psql -q -d "$DB" -c "create table bench_line (id bigserial primary key, v integer not null)"
cat >"$out/insert.sql" <<'SQL'
insert into bench_line (v) values (1);
SQL

pgbench_tps() {
  pgbench -n -c "$CLIENTS" -j 2 -T "$1" -f "$out/insert.sql" "$DB" 2>/dev/null \
    | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1
}

echo "synchronous_commit=$(psql -At -d "$DB" -c 'show synchronous_commit') fsync=$(psql -At -d "$DB" -c 'show fsync')"
echo "pgbench warm-up ..."
pgbench_tps 10 >/dev/null
pg1=$(pgbench_tps "$SECS")
echo "pgbench_tps_before=$pg1"

TRADEWIND_JAVA_OPTS="-XX:StartFlightRecording=filename=$out/run.jfr,settings=profile,delay=$((WARMUP + 15))s,duration=$((SECS - 5))s" \
  bench_start_runtime "$DB" "$PORT" "$out/runtime.log"

# Set-up (a customer, five products, a token) and one checked request, then wrk drives the load.
"$JAVA_HOME/bin/java" "$here/bench/quote/QuoteLoad.java" "http://127.0.0.1:$PORT" admin bench-Pa55word \
  --prepare "$out" >/dev/null
QUOTE_BODY_FILE="$out/quote.json" TOKEN_FILE="$out/token" wrk -t2 -c"$CLIENTS" -d"${WARMUP}s" \
  -s "$here/bench/quote/post.lua" "http://127.0.0.1:$PORT/api/apps/trade-crm/forms/quote/records" >/dev/null
QUOTE_BODY_FILE="$out/quote.json" TOKEN_FILE="$out/token" wrk -t2 -c"$CLIENTS" -d"${SECS}s" --latency \
  -s "$here/bench/quote/post.lua" "http://127.0.0.1:$PORT/api/apps/trade-crm/forms/quote/records" \
  | tee "$out/wrk.txt"
awk '/Requests\/sec/ {print "tps=" $2} $1 == "50%" {print "p50=" $2} $1 == "99%" {print "p99=" $2}' \
  "$out/wrk.txt" | tee "$out/http.txt"
bench_stop_runtime
echo "jit=${TRADEWIND_JIT:-true}"

pg2=$(pgbench_tps "$SECS")
echo "pgbench_tps_after=$pg2"
http=$(sed -n 's/^tps=//p' "$out/http.txt")
awk -v h="$http" -v a="$pg1" -v b="$pg2" 'BEGIN {
  base = (a + b) / 2; printf "pgbench_tps_mean=%.1f\nhttp_quote_tps=%.1f\nratio=%.1f%%\n", base, h, 100 * h / base }'

if [ -f "$out/run.jfr" ]; then
  "$JAVA_HOME/bin/jfr" view --width 200 hot-methods "$out/run.jfr" >"$out/hot-methods.txt" 2>/dev/null || true
  echo "--- hottest methods during the measured run (bench/quote/out/hot-methods.txt) ---"
  head -40 "$out/hot-methods.txt"
fi
psql -q -d postgres -c "drop database if exists $DB with (force)"
