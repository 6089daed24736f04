#!/usr/bin/env bash
# Job executor benchmark (issue 4): 10,000 due no-op jobs drained by 1 and by 2 runtime replicas, vs a bare
# FOR UPDATE SKIP LOCKED dequeue loop (pgbench: claim a batch, complete each job) on the same table of the same database
# with the same number of connections, in one run.
#
#   bench/jobs/run.sh                              # 4 workers per replica, batches of 20, 3 rounds per side
#   WORKERS=4 BATCH=20 ROUNDS=3 JOBS=10000 SKIP_BUILD=1 bench/jobs/run.sh
#
# A round inserts JOBS jobs of the built-in kind tradewind.noop, due now, in one transaction with a NOTIFY, and
# measures from its commit to the last job's finished_at. Prints key=value results and the ratios.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$here/.mvn/find-jdk.sh"
tradewind_find_jdk || exit 1
WORKERS="${WORKERS:-4}"
BATCH="${BATCH:-20}"
ROUNDS="${ROUNDS:-3}"
JOBS="${JOBS:-10000}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
PORT="${BENCH_PORT:-18090}"
DB=tw_bench_jobs
out="$here/bench/jobs/out"
mkdir -p "$out"
export PGHOST PGPORT PGUSER

[ "${SKIP_BUILD:-0}" = 1 ] || "$here/tradewind" build >/dev/null
psql -q -d postgres -c "drop database if exists $DB with (force)" -c "create database $DB"
echo "synchronous_commit=$(psql -At -d "$DB" -c 'show synchronous_commit') fsync=$(psql -At -d "$DB" -c 'show fsync')"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

start_replica() { # name port
  TRADEWIND_DB_URL="postgresql://$PGHOST:$PGPORT/$DB" TRADEWIND_DB_USER="$PGUSER" \
    TRADEWIND_ADMIN_PASSWORD=bench-Pa55word TRADEWIND_PORT="$2" TRADEWIND_APPS_DIR="$here/apps" \
    TRADEWIND_JOBS_WORKERS="$WORKERS" TRADEWIND_SCHEDULES_ENABLED=false \
    TRADEWIND_JAVA_OPTS="-Dtradewind.jobs.batch-size=$BATCH -Dtradewind.jobs.replica-id=$1" \
    "$here/tradewind" start >"$out/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$2/q/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "replica $1 did not start; see $out/$1.log" >&2
  exit 1
}

# Inserts JOBS due no-op jobs and waits until the replicas have done them all; prints jobs/s.
drain_runtime() {
  psql -q -d "$DB" -c "delete from job" -c "vacuum analyze job" >/dev/null
  local t0 t1
  t0=$(psql -At -d "$DB" <<SQL | tail -1
begin;
insert into job (tenant_id, id, kind, payload, status, due_at, attempts, max_attempts, created_at, updated_at)
  select 'default', gen_random_uuid(), 'tradewind.noop', '{}', 'pending', now(), 0, 5, now(), now()
  from generate_series(1, $JOBS);
select pg_notify('tradewind_jobs', 'tradewind.noop');
commit;
select extract(epoch from clock_timestamp());
SQL
)
  for _ in $(seq 1 3000); do
    [ "$(psql -At -d "$DB" -c "select count(*) from job where status = 'done'")" = "$JOBS" ] && break
    sleep 0.1
  done
  [ "$(psql -At -d "$DB" -c "select count(*) from job where status = 'done' and attempts = 1")" = "$JOBS" ] \
    || { echo "not every job was done exactly once" >&2; exit 1; }
  t1=$(psql -At -d "$DB" -c "select extract(epoch from max(finished_at)) from job")
  awk -v n="$JOBS" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }'
}

# The same table and jobs (of a kind no replica handles, so the idle replicas leave them alone), drained the way the
# executor does it, in bare SQL: a pgbench client claims BATCH jobs in one statement (SKIP LOCKED), then completes
# each in its own transaction (fenced on locked_by and attempts), and stops when its claim finds nothing. Prepared
# statements, as the runtime uses.
{
  cat <<SQL
with c as materialized (select tenant_id, id from job where status = 'pending' and due_at <= now()
  and kind = 'bench.bare' order by due_at limit $BATCH for update skip locked),
u as (update job j set status = 'running', locked_by = 'bare/' || :client_id::text,
  locked_until = now() + interval '5 minutes', attempts = j.attempts + 1, updated_at = now() from c
  where j.tenant_id = c.tenant_id and j.id = c.id returning j.id)
select array_agg(id)::text as ids from u having count(*) > 0 \gset
SQL
  for i in $(seq 1 "$BATCH"); do
    echo "update job set status = 'done', locked_until = null, finished_at = now(), updated_at = now() where tenant_id ="
    echo "  'default' and id = (:ids::uuid[])[$i] and status = 'running' and locked_by = 'bare/' || :client_id::text and attempts = 1;"
  done
} >"$out/bare.sql"
drain_bare() { # clients
  psql -q -d "$DB" -c "delete from job" -c "vacuum analyze job" >/dev/null
  local t0 t1
  t0=$(psql -At -d "$DB" <<SQL | tail -1
insert into job (tenant_id, id, kind, payload, status, due_at, attempts, max_attempts, created_at, updated_at)
  select 'default', gen_random_uuid(), 'bench.bare', '{}', 'pending', now(), 0, 5, now(), now()
  from generate_series(1, $JOBS);
select extract(epoch from clock_timestamp());
SQL
)
  pgbench -n -M prepared -c "$1" -j 2 -t $((JOBS * 2)) -f "$out/bare.sql" "$DB" >"$out/pgbench-$1.txt" 2>&1 || true
  [ "$(psql -At -d "$DB" -c "select count(*) from job where status = 'done' and attempts = 1")" = "$JOBS" ] \
    || { echo "the bare loop left jobs undone" >&2; exit 1; }
  t1=$(psql -At -d "$DB" -c "select extract(epoch from max(finished_at)) from job")
  awk -v n="$JOBS" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }'
}

mean() { awk '{ s += $1; n++ } END { printf "%.0f", s / n }'; }

# The runtime creates the schema; the bare loop then uses the same table (as the schema owner, no RLS).
echo "starting replica r1 ..."
start_replica r1 "$PORT"
# a warm-up round (JIT, prepared statements), not counted
drain_runtime >/dev/null
one=(); bare_one=()
for _ in $(seq 1 "$ROUNDS"); do
  one+=("$(drain_runtime)")
  bare_one+=("$(drain_bare "$WORKERS")")
done
echo "starting replica r2 ..."
start_replica r2 $((PORT + 1))
drain_runtime >/dev/null
two=(); bare_two=()
for _ in $(seq 1 "$ROUNDS"); do
  two+=("$(drain_runtime)")
  bare_two+=("$(drain_bare $((WORKERS * 2)))")
done
cleanup
trap - EXIT

r1=$(printf '%s\n' "${one[@]}" | mean)
r2=$(printf '%s\n' "${two[@]}" | mean)
b1=$(printf '%s\n' "${bare_one[@]}" | mean)
b2=$(printf '%s\n' "${bare_two[@]}" | mean)
echo "jobs=$JOBS workers_per_replica=$WORKERS batch=$BATCH rounds=$ROUNDS"
echo "one_replica_jobs_per_s=$r1 (rounds: ${one[*]})"
echo "bare_${WORKERS}_connections_jobs_per_s=$b1 (rounds: ${bare_one[*]})"
echo "two_replicas_jobs_per_s=$r2 (rounds: ${two[*]})"
echo "bare_$((WORKERS * 2))_connections_jobs_per_s=$b2 (rounds: ${bare_two[*]})"
awk -v r1="$r1" -v r2="$r2" -v b1="$b1" -v b2="$b2" 'BEGIN {
  printf "ratio_one_replica_vs_bare=%.2f\nratio_two_replicas_vs_bare=%.2f\nscaling_two_vs_one_replica=%.2f\n",
    r1 / b1, r2 / b2, r2 / r1 }'
psql -q -d postgres -c "drop database if exists $DB with (force)"
