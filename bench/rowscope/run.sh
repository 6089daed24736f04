#!/usr/bin/env bash
# Row-scope benchmark (issue 3): the first page of 1,000,000 trade-CRM customers as a sales manager
# whose department-tree scope covers one region (10 teams of 100 departments, 100 of 1,000 users),
# against the same list for a sales director whose scope is every row. Same runtime, same database,
# alternating runs, one run of this script.
#
#   bench/rowscope/run.sh                       # 4 connections, 20 s warm-up, 3 x 20 s per variant
#   CLIENTS=4 WARMUP=20 SECONDS_=20 ROUNDS=3 bench/rowscope/run.sh
#
# A sales rep's list (own customers only, 1,000 of 1,000,000) is measured too, for information.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$here/.mvn/find-jdk.sh"
tradewind_find_jdk || exit 1
CLIENTS="${CLIENTS:-4}"
WARMUP="${WARMUP:-20}"
SECS="${SECONDS_:-20}"
ROUNDS="${ROUNDS:-3}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
PORT="${BENCH_PORT:-18081}"
DB=tw_bench_scope
out="$here/bench/rowscope/out"
mkdir -p "$out"
export PGHOST PGPORT PGUSER
# shellcheck source=bench/lib.sh
source "$here/bench/lib.sh"

"$here/tradewind" build >/dev/null
command -v wrk >/dev/null || { echo "installing wrk (Debian package) ..."; apt-get install -y -q wrk >/dev/null; }

bench_fresh_db "$DB"
bench_start_runtime "$DB" "$PORT" "$out/runtime.log"

echo "loading 100 departments, 1,000 users, 1,000,000 customers ..."
t0=$(date +%s)
psql -q -d "$DB" -f "$here/bench/rowscope/data.sql"
echo "loaded in $(( $(date +%s) - t0 )) s"

token() { bench_token "$1" "$PORT"; }
token lead1000 >"$out/director.token"   # sales_director: rows "all"
token lead901 >"$out/manager.token"     # sales_manager of region 1: its 10 teams, 100 reps
token rep1 >"$out/rep.token"            # sales_rep: own customers and the department's pool
url="http://127.0.0.1:$PORT/api/apps/trade-crm/forms/customer/records?limit=50"
for who in director manager rep; do
  n=$(curl -fs -H "Authorization: Bearer $(cat "$out/$who.token")" "$url" | grep -o '"id":"' | wc -l)
  echo "${who}_first_page_items=$n"
  [ "$n" -eq 50 ] || { echo "expected 50 items for $who, got $n" >&2; exit 1; }
done
expected=$(psql -At -d "$DB" -c "select count(*) from record r join app_user u on u.id = r.owner
  join department d on d.id = u.department_id where '00000000-0000-0000-0000-000000000101' in (d.id, d.parent_id)")
echo "manager_scope_rows=$expected"

run() { # who seconds -> requests/s and p50
  TOKEN_FILE="$out/$1.token" wrk -t2 -c"$CLIENTS" -d"${2}s" --latency -s "$here/bench/rowscope/get.lua" "$url" \
    >"$out/wrk-$1.txt"
  awk '/Requests\/sec/ {rps=$2} $1 == "50%" {p50=$2} $1 == "99%" {p99=$2} END {print rps, p50, p99}' "$out/wrk-$1.txt"
}
echo "warm-up ..."
run director "$WARMUP" >/dev/null
run manager "$WARMUP" >/dev/null
run rep "$WARMUP" >/dev/null
: >"$out/results.txt"
for r in $(seq 1 "$ROUNDS"); do
  for who in director manager rep; do
    read -r rps p50 p99 < <(run "$who" "$SECS")
    echo "round=$r who=$who rps=$rps p50=$p50 p99=$p99" | tee -a "$out/results.txt"
  done
done
awk '{split($3, a, "="); split($2, w, "="); sum[w[2]] += a[2]; n[w[2]]++}
  END {d = sum["director"] / n["director"]; m = sum["manager"] / n["manager"];
       r = sum["rep"] / n["rep"];
       printf "director_rps_mean=%.1f\nmanager_rps_mean=%.1f\nrep_rps_mean=%.1f\n", d, m, r;
       printf "slowdown_department_tree=%.2fx\nslowdown_own=%.2fx\n", d / m, d / r}' "$out/results.txt"
psql -At -d "$DB" -c "explain (analyze, buffers) select id from record where tenant_id = 'default'
  and app_key = 'trade-crm' and form_key = 'customer' and owner in (select u.id from app_user u
  where u.department_id in (with recursive t(id) as (select '00000000-0000-0000-0000-000000000101'::uuid
  union select d.id from department d join t on d.parent_id = t.id) select id from t))
  order by created_at desc, id desc limit 51" >"$out/plan.txt"
bench_stop_runtime
psql -q -d postgres -c "drop database if exists $DB with (force)"
