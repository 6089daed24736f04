#!/usr/bin/env bash
# Flow-engine benchmark (issue 4): an approval flow (start, two sequential approvals, end, full history) started and
# completed through Tradewind's flow engine vs Flowable 8's embedded engine running the equivalent BPMN process
# (history full), on the same PostgreSQL with the same number of threads, side by side in one run, in alternating
# rounds. Tradewind is measured twice: embedded (the engine's service called in the runtime's own JVM, as Flowable is
# embedded: side tradewind_embedded, the test-scoped driver runtime/src/test/java/.../flow/FlowEngineBench.java) and
# over HTTP (a running runtime, side tradewind).
#
#   bench/flow/run.sh                                   # threads 1 and 4, 15 s warm-up, 30 s measured, 2 rounds
#   THREADS="1 4 8" WARMUP=15 SECONDS_=30 ROUNDS=2 POOL=16 SKIP_BUILD=1 bench/flow/run.sh
#   STATS=1 THREADS=1 WARMUP=5 SECONDS_=10 ROUNDS=1 bench/flow/run.sh   # + commits and rows written per instance
#   SIDES=tradewind_embedded,flowable_steps bench/flow/run.sh   # some sides only (tradewind_embedded, tradewind,
#                                                               # flowable, flowable_steps)
#   ANALYZE=0 bench/flow/run.sh                         # leave the planner statistics to autovacuum
#
# Prints one key=value line per measured window, then per thread count the mean completed instances per second of
# each side and the ratio of each Tradewind side to each Flowable variant. Fails when a window had errors or a
# sampled instance's history lacks its start, either approval or its end. Flowable is a dependency of
# bench/flow/pom.xml only (a standalone project, not a module of the product build).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$here/.mvn/find-jdk.sh"
tradewind_find_jdk || exit 1
THREADS="${THREADS:-1 4}"
WARMUP="${WARMUP:-15}"
SECS="${SECONDS_:-30}"
ROUNDS="${ROUNDS:-2}"
SAMPLE="${SAMPLE:-20}"
SIDES="${SIDES:-tradewind_embedded,tradewind,flowable,flowable_steps}"
ANALYZE="${ANALYZE:-1}"
POOL="${POOL:-16}" # connections: the runtime's reactive pool (its default) and Flowable's HikariCP pool
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
PORT="${BENCH_PORT:-18095}"
DB=tw_bench_flow
FLOWABLE_DB=tw_bench_flowable
out="$here/bench/flow/out"
mkdir -p "$out"
export PGHOST PGPORT PGUSER
# shellcheck source=bench/lib.sh
source "$here/bench/lib.sh"

tradewind=0
embedded=0
driver_sides=""
for s in ${SIDES//,/ }; do
  case "$s" in
    tradewind_embedded) embedded=1 ;;
    tradewind | flowable | flowable_steps)
      [ "$s" != tradewind ] || tradewind=1
      driver_sides="${driver_sides:+$driver_sides,}$s"
      ;;
    *) echo "unknown side $s (tradewind_embedded, tradewind, flowable, flowable_steps)" >&2; exit 2 ;;
  esac
done
[ "${SKIP_BUILD:-0}" = 1 ] || [ "$tradewind" = 0 ] || "$here/tradewind" build >/dev/null
"$here/mvnw" -B -q -f "$here/bench/flow/pom.xml" package >/dev/null

bench_fresh_db "$DB"
bench_fresh_db "$FLOWABLE_DB"
echo "synchronous_commit=$(psql -At -d "$DB" -c 'show synchronous_commit') fsync=$(psql -At -d "$DB" -c 'show fsync')"
echo "pool_connections_each_side=$POOL"

# Only the benchmark's app package: bench-approval (form request, flow two-step).
if [ "$tradewind" = 1 ]; then
  export TRADEWIND_DB_POOL_SIZE="$POOL"
  BENCH_APPS_DIR="$here/bench/flow/app" bench_start_runtime "$DB" "$PORT" "$out/runtime.log"
  if grep -q 'TW-APP-002' "$out/runtime.log"; then
    echo "the runtime refused bench/flow/app:" >&2
    grep -A20 'TW-APP-002' "$out/runtime.log" >&2
    exit 1
  fi
fi

bench_java() {
  "$JAVA_HOME/bin/java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$here/bench/flow/target/classes:$(cat "$here/bench/flow/target/classpath.txt")" \
    io.tradewind.bench.flow.FlowBench "url=http://127.0.0.1:$PORT" admin-password=bench-Pa55word \
    "jdbc=jdbc:postgresql://$PGHOST:$PGPORT/$FLOWABLE_DB" "pg-user=$PGUSER" "pool=$POOL" \
    "stats=${STATS:-0}" "analyze=$ANALYZE" "tradewind-db=$DB" "$@"
}

# The driver's sides (HTTP Tradewind, Flowable) in one JVM, round $1.
run_driver() {
  [ -n "$driver_sides" ] || return 0
  bench_java "sides=$driver_sides" "threads=$THREADS" "warmup=$WARMUP" "measure=$SECS" rounds=1 \
    "first-round=$1" "sample=$SAMPLE" summary=0 | tee -a "$out/result.txt"
}

# The embedded side in the runtime's JVM (a Quarkus test run by name; its own fresh database), round $1. The test
# phase only: the packaged runtime the HTTP side runs from stays as it is.
run_embedded() {
  [ "$embedded" = 1 ] || return 0
  rm -f "$out/embedded.txt"
  "$here/mvnw" -B -q test -pl runtime -am -Dtest=FlowEngineBench -Dsurefire.failIfNoSpecifiedTests=false \
    "-Dbench.threads=$THREADS" "-Dbench.warmup=$WARMUP" "-Dbench.measure=$SECS" "-Dbench.round=$1" \
    "-Dbench.sample=$SAMPLE" "-Dbench.analyze=$([ "$ANALYZE" = 0 ] && echo false || echo true)" \
    "-Dbench.out=$out/embedded.txt" >"$out/embedded-$1.log" 2>&1 || {
    echo "the embedded side failed; its log is $out/embedded-$1.log" >&2
    return 1
  }
  grep '^round=' "$out/embedded.txt" | tee -a "$out/result.txt"
}

: >"$out/result.txt"
echo "analyze_before_each_window=$ANALYZE"
status=0
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then
    run_embedded "$round" || status=1
    run_driver "$round" || status=1
  else
    run_driver "$round" || status=1
    run_embedded "$round" || status=1
  fi
done
echo "threads=$THREADS warmup_s=$WARMUP measure_s=$SECS rounds=$ROUNDS"
bench_java "summarize=$out/result.txt" || status=1
[ "$tradewind" = 0 ] || bench_stop_runtime
[ "$tradewind" = 0 ] || echo "records: created before each timed window through the API, untimed (records_created_in_window counts any made inside it)"
[ "${KEEP_DB:-0}" = 1 ] || psql -q -d postgres -c "drop database if exists $DB with (force)" \
  -c "drop database if exists $FLOWABLE_DB with (force)"
exit "$status"
