#!/usr/bin/env bash
# Report benchmark (issue 5): the trade-CRM sales funnel and sales leaderboard over 1,000,000 opportunities
# through the report API (GET /api/apps/trade-crm/reports/<key>/data, as the admin) vs the same results
# from hand-written SQL on a natively typed table holding the same rows, same PostgreSQL, one run.
#
#   bench/report/run.sh                               # 15 s warm-up, 3 rounds of 15 s per side and report
#   WARMUP=15 SECONDS_=15 ROUNDS=3 KEEP_DB=0 bench/report/run.sh
#
# Both sides use ONE connection sending one request at a time (wrk -t1 -c1, pgbench -c1), so the mean
# latencies compare. Cold = the first call of each report right after the load (fresh JVM, no plan or
# result cached anywhere); repeated = the mean of the measured rounds, each request running the report's statement
# (Cache-Control: no-cache); cached = the same with the result cache answering. A sales manager's funnel (rows
# departmentTree, one region of nine) is measured too, for information, and so is the engine's statement alone
# (pgbench, as the runtime runs it) to split SQL time from API time. Prints key=value results and the ratios
# API / native; the plans of both sides go to bench/report/out/plan-*.txt. The engine reads the report projection
# of opportunities (a typed side table kept by triggers, ADR 0014).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$here/.mvn/find-jdk.sh"
tradewind_find_jdk || exit 1
WARMUP="${WARMUP:-15}"
SECS="${SECONDS_:-15}"
ROUNDS="${ROUNDS:-3}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
PORT="${BENCH_PORT:-18082}"
DB=tw_bench_report
out="$here/bench/report/out"
mkdir -p "$out"
rm -f "$out"/*
export PGHOST PGPORT PGUSER
# shellcheck source=bench/lib.sh
source "$here/bench/lib.sh"

"$here/tradewind" build >/dev/null
command -v wrk >/dev/null || { echo "installing wrk (Debian package) ..."; apt-get install -y -q wrk >/dev/null; }

bench_fresh_db "$DB"
bench_start_runtime "$DB" "$PORT" "$out/runtime.log"

echo "loading 1,000 users, 50,000 customers, 1,000,000 opportunities and opportunity_native ..."
t0=$(date +%s)
psql -q -d "$DB" -f "$here/bench/report/data.sql"
# the report projection of opportunities, filled by its triggers during the load (ADR 0014)
rp=$(psql -At -d "$DB" -c "select table_name from report_projection where app_key = 'trade-crm' and form_key = 'opportunity'")
[ -n "$rp" ] || { echo "the runtime built no report projection for opportunities" >&2; exit 1; }
psql -q -d "$DB" -c "vacuum analyze $rp"
echo "load_seconds=$(( $(date +%s) - t0 )) projection=$rp projection_rows=$(psql -At -d "$DB" -c "select count(*) from $rp")"

token() { bench_token "$1" "$PORT"; }
token admin >"$out/admin.token"
token lead901 >"$out/manager.token"   # sales_manager of region 1: its 10 teams, 100 reps

# The reports' default parameters, written out so that both sides get the same values: the funnel counts
# opportunities created in the last 90 days, the leaderboard won USD deals closing from the 1st of the month.
tz=$(psql -At -d "$DB" -c "select time_zone from tenant where tenant_id = 'default'")
funnel_from=$(TZ="$tz" date -d '90 days ago' +%F)
board_from=$(TZ="$tz" date +%Y-%m-01)
echo "tenant_time_zone=$tz funnel_from=$funnel_from leaderboard_from=$board_from"
base="http://127.0.0.1:$PORT/api/apps/trade-crm/reports"
url_funnel="$base/sales-funnel/data?from=$funnel_from"
url_board="$base/sales-leaderboard/data?from=$board_from&currency=USD"

# Hand-written SQL on the natively typed table.
cat >"$out/native-funnel.sql" <<SQL
select stage, count(*), coalesce(sum(expected_amount) filter (where currency = 'USD'), 0), count(distinct customer)
from opportunity_native
where created_at >= timestamp '$funnel_from' at time zone '$tz'
group by stage order by stage;
SQL
cat >"$out/native-leaderboard.sql" <<SQL
select owner, coalesce(sum(expected_amount), 0), count(*)
from opportunity_native
where stage = 'won' and currency = 'USD' and expected_close_date >= date '$board_from'
group by owner order by 2 desc, 3 desc, owner limit 10;
SQL
# The statements the engine issues for the admin (ReportCompiler over the projection; values inlined), for the
# check and the plans.
cat >"$out/engine-funnel.sql" <<SQL
select "f_stage", count(*), coalesce(sum("f_expectedAmount") filter (where "f_currency" = 'USD'), 0), count(distinct "f_customer")
from $rp record where tenant_id = 'default'
and created_at >= timestamp '$funnel_from' at time zone '$tz'
group by 1 order by 1 asc nulls last limit 1000;
SQL
cat >"$out/engine-leaderboard.sql" <<SQL
select owner::text, coalesce(sum("f_expectedAmount"), 0), count(*)
from $rp record where tenant_id = 'default'
and ("f_stage" = 'won' and "f_expectedCloseDate" >= date '$board_from' and "f_currency" = 'USD')
group by 1 order by 2 desc nulls last, 3 desc nulls last, 1 asc nulls last limit 10;
SQL
as_tenant() { # sql file -> runs it as the runtime does: role tradewind_tenant, tenant set, row-level security on
  { echo "begin; set local role tradewind_tenant; select set_config('tradewind.tenant', 'default', true) \\g /dev/null"
    cat "$1"; echo "commit;"; } | psql -q -At -F'|' -d "$DB" -v ON_ERROR_STOP=1
}

api_once() { # url token-name json-file -> seconds of the whole HTTP call (never from the result cache)
  curl -fs -o "$3" -w '%{time_total}' -H "Authorization: Bearer $(cat "$out/$2.token")" -H 'Cache-Control: no-cache' "$1"
}
native_once() { # sql file rows-file -> milliseconds of the statement (psql \timing, fresh connection)
  psql -At -F'|' -d "$DB" -c '\timing on' -f "$1" >"$2.raw"
  grep -v '^Time: \|^Timing is' "$2.raw" >"$2"
  sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' "$2.raw" | tail -1
}

echo "cold: first call of each report (nothing cached yet; the second call bypasses the result cache) ..."
for r in funnel leaderboard; do
  url=$([ $r = funnel ] && echo "$url_funnel" || echo "$url_board")
  s=$(api_once "$url" admin "$out/api-$r.json")
  ms=$(native_once "$out/native-$r.sql" "$out/native-$r.txt")
  s2=$(api_once "$url" admin "$out/api-$r-2.json")
  ms2=$(native_once "$out/native-$r.sql" "$out/native-$r-2.txt")
  api_ms=$(awk -v s="$s" 'BEGIN {printf "%.1f", s * 1000}')
  api2_ms=$(awk -v s="$s2" 'BEGIN {printf "%.1f", s * 1000}')
  echo "cold_${r}_api_ms=$api_ms cold_${r}_native_ms=$ms cold_${r}_ratio=$(awk -v a="$api_ms" -v n="$ms" 'BEGIN {printf "%.2f", a / n}')" \
    | tee -a "$out/results.txt"
  echo "second_${r}_api_ms=$api2_ms second_${r}_native_ms=$ms2" | tee -a "$out/results.txt"
  as_tenant "$out/engine-$r.sql" >"$out/engine-$r.txt"
  python3 "$here/bench/report/compare.py" "$out/api-$r.json" "$out/native-$r.txt" "${r}_api_vs_native"
  python3 "$here/bench/report/compare.py" "$out/api-$r.json" "$out/engine-$r.txt" "${r}_api_vs_engine_sql"
done
[ "$(jq '.rows | length' "$out/api-funnel.json")" -ge 6 ] || { echo "funnel has too few stages" >&2; exit 1; }
[ "$(jq '.rows | length' "$out/api-leaderboard.json")" -eq 10 ] || { echo "leaderboard is not a top 10" >&2; exit 1; }
curl -fs -H "Authorization: Bearer $(cat "$out/manager.token")" "$url_funnel" >"$out/api-funnel-manager.json"
echo "manager_funnel_opportunities=$(jq '[.rows[][1]] | add' "$out/api-funnel-manager.json")" \
  "admin_funnel_opportunities=$(jq '[.rows[][1]] | add' "$out/api-funnel.json")"

api_run() { # report who seconds [cached] -> mean_us=… p50_us=… requests=… non200=…
  local url nocache=1
  url=$([ "$1" = funnel ] && echo "$url_funnel" || echo "$url_board")
  [ "${4:-}" = cached ] && nocache=0
  NO_CACHE=$nocache TOKEN_FILE="$out/$2.token" wrk -t1 -c1 -d"${3}s" -s "$here/bench/report/get.lua" "$url" | grep '^mean_us='
}
# the engine's statement alone, as the runtime runs it (role tradewind_tenant, tenant set, one transaction)
for r in funnel leaderboard; do
  { echo "begin;"; echo "set local role tradewind_tenant;"; echo "select set_config('tradewind.tenant', 'default', true);"
    cat "$out/engine-$r.sql"; echo "commit;"; } >"$out/pgbench-engine-$r.sql"
done
native_run() { # report seconds [script] -> mean_us=… transactions=…
  pgbench -n -c1 -T "$2" -f "${3:-$out/native-$1.sql}" "$DB" 2>/dev/null \
    | awk '/^latency average/ {m = $4 * 1000} /^number of transactions actually processed/ {t = $NF}
           END {printf "mean_us=%.1f transactions=%s\n", m, t}'
}
echo "warm-up ..."
for r in funnel leaderboard; do
  api_run $r admin "$WARMUP" >/dev/null
  native_run $r "$WARMUP" >/dev/null
done
api_run funnel manager "$WARMUP" >/dev/null
for i in $(seq 1 "$ROUNDS"); do
  for r in funnel leaderboard; do
    line=$(native_run $r "$SECS")
    echo "round=$i report=$r side=native $line" | tee -a "$out/results.txt"
    line=$(native_run $r "$SECS" "$out/pgbench-engine-$r.sql")
    echo "round=$i report=$r side=engine-sql $line" | tee -a "$out/results.txt"
    line=$(api_run $r admin "$SECS")
    echo "round=$i report=$r side=api $line" | tee -a "$out/results.txt"
    case "$line" in *non200=0*) ;; *) echo "the report API answered with errors" >&2; exit 1 ;; esac
    line=$(api_run $r admin "$SECS" cached)
    echo "round=$i report=$r side=api-cached $line" | tee -a "$out/results.txt"
  done
  line=$(api_run funnel manager "$SECS")
  echo "round=$i report=funnel side=api-manager $line" | tee -a "$out/results.txt"
done
awk '/^round=/ {split($2, r, "="); split($3, s, "="); split($4, m, "="); sum[r[2] " " s[2]] += m[2]; n[r[2] " " s[2]]++}
  END {for (k in sum) {split(k, p, " "); mean[k] = sum[k] / n[k] / 1000;
         printf "repeated_%s_%s_ms=%.2f\n", p[1], p[2], mean[k]}
       printf "repeated_funnel_ratio=%.2f\n", mean["funnel api"] / mean["funnel native"];
       printf "repeated_leaderboard_ratio=%.2f\n", mean["leaderboard api"] / mean["leaderboard native"];
       printf "repeated_funnel_engine_sql_ratio=%.2f\n", mean["funnel engine-sql"] / mean["funnel native"];
       printf "repeated_leaderboard_engine_sql_ratio=%.2f\n", mean["leaderboard engine-sql"] / mean["leaderboard native"];
       printf "repeated_funnel_manager_vs_admin=%.2f\n", mean["funnel api-manager"] / mean["funnel api"];
       printf "cached_funnel_ratio=%.3f\n", mean["funnel api-cached"] / mean["funnel native"];
       printf "cached_leaderboard_ratio=%.3f\n", mean["leaderboard api-cached"] / mean["leaderboard native"]}' \
  "$out/results.txt" | sort | tee "$out/summary.txt"
grep '^cold_' "$out/results.txt" | tr ' ' '\n' >>"$out/summary.txt"

for r in funnel leaderboard; do
  { echo "-- hand-written SQL on opportunity_native"; cat "$out/native-$r.sql"
    psql -At -d "$DB" -c "explain (analyze, buffers) $(cat "$out/native-$r.sql")"
    echo; echo "-- the engine's SQL as the runtime runs it (role tradewind_tenant, row-level security)"
    cat "$out/engine-$r.sql"
    { echo "explain (analyze, buffers)"; cat "$out/engine-$r.sql"; } >"$out/explain-engine-$r.sql"
    as_tenant "$out/explain-engine-$r.sql"; } >"$out/plan-$r.txt"
done
bench_stop_runtime

[ "${KEEP_DB:-0}" = 1 ] || psql -q -d postgres -c "drop database if exists $DB with (force)"
