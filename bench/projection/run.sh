#!/usr/bin/env bash
# Write cost of report projections (ADR 0014): inserting and updating trade-CRM opportunities in the record
# store with the projection's triggers enabled vs disabled, same database, same statements, alternating rounds.
#
#   bench/projection/run.sh                     # 3 rounds of 15 s per side and operation, 2 clients
#   SECONDS_=15 ROUNDS=3 CLIENTS=2 bench/projection/run.sh
#
# The runtime starts once to create the schema and the projections, and is stopped; pgbench then runs the
# statements the record engine's writes amount to (one insert / one update of a record, as role
# tradewind_tenant with the tenant set, in a transaction), so the ratio isolates what the trigger adds.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SECS="${SECONDS_:-15}"
ROUNDS="${ROUNDS:-3}"
CLIENTS="${CLIENTS:-2}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
PORT="${BENCH_PORT:-18083}"
DB=tw_bench_projection
out="$here/bench/projection/out"
mkdir -p "$out"
rm -f "$out"/*
export PGHOST PGPORT PGUSER
# shellcheck source=bench/lib.sh
source "$here/bench/lib.sh"

"$here/tradewind" build >/dev/null
bench_fresh_db "$DB"
bench_start_runtime "$DB" "$PORT" "$out/runtime.log"
bench_stop_runtime

rp=$(psql -At -d "$DB" -c "select table_name from report_projection where app_key = 'trade-crm' and form_key = 'opportunity'")
[ -n "$rp" ] || { echo "no report projection for opportunities" >&2; exit 1; }
echo "projection=$rp columns=$(psql -At -d "$DB" -c "select count(*) from pg_attribute where attrelid = '$rp'::regclass and attnum > 0 and not attisdropped") indexes=$(psql -At -d "$DB" -c "select count(*) from pg_indexes where tablename = '$rp'")"
# 100,000 opportunities to update, written like the report benchmark's
psql -q -d "$DB" <<'SQL'
insert into record (tenant_id, app_key, form_key, id, version, data, owner, created_at, created_by, updated_at, updated_by)
  select 'default', 'trade-crm', 'opportunity', ('00000000-0000-0000-0009-' || lpad(n::text, 12, '0'))::uuid, 1,
         jsonb_build_object('title', 'Opportunity ' || n, 'customer', gen_random_uuid()::text,
           'stage', (array['lead','qualified','won','lost'])[1 + n % 4], 'currency', 'USD',
           'quantity', 10, 'targetPrice', 99.5, 'expectedAmount', 995, 'probability', 40,
           'expectedCloseDate', (current_date + (n % 200))::text, 'source', 'website'),
         null, now(), null, now(), null
  from generate_series(1, 100000) n;
vacuum analyze record;
SQL

cat >"$out/insert.sql" <<'SQL'
begin;
set local role tradewind_tenant;
select set_config('tradewind.tenant', 'default', true) \gset
insert into record (tenant_id, app_key, form_key, id, version, data, owner, created_at, created_by, updated_at, updated_by)
  values ('default', 'trade-crm', 'opportunity', gen_random_uuid(), 1,
    jsonb_build_object('title', 'Bench', 'customer', gen_random_uuid()::text, 'stage', 'lead', 'currency', 'USD',
      'quantity', 10, 'targetPrice', 99.5, 'expectedAmount', 995, 'probability', 40,
      'expectedCloseDate', '2027-01-31', 'source', 'website'), null, now(), null, now(), null);
commit;
SQL
cat >"$out/update.sql" <<'SQL'
\set n random(1, 100000)
begin;
set local role tradewind_tenant;
select set_config('tradewind.tenant', 'default', true) \gset
update record set version = version + 1, updated_at = now(),
  data = jsonb_set(data, '{stage}', to_jsonb((array['lead','qualified','won','lost'])[1 + :n % 4]))
  where tenant_id = 'default' and id = ('00000000-0000-0000-0009-' || lpad(:n::text, 12, '0'))::uuid;
commit;
SQL
run() { # script -> tps
  pgbench -n -c "$CLIENTS" -j "$CLIENTS" -T "$SECS" -f "$out/$1.sql" "$DB" 2>/dev/null | awk '/^tps/ {printf "%.0f", $3}'
}
triggers() { psql -q -d "$DB" -c "alter table record $1 trigger ${rp}_w" -c "alter table record $1 trigger ${rp}_d"; }
for i in $(seq 1 "$ROUNDS"); do
  for op in insert update; do
    triggers disable; off=$(run $op)
    triggers enable; on=$(run $op)
    echo "round=$i op=$op tps_without=$off tps_with=$on" | tee -a "$out/results.txt"
  done
done
triggers enable
awk '/^round=/ {split($2, o, "="); split($3, a, "="); split($4, b, "="); off[o[2]] += a[2]; on[o[2]] += b[2]; n[o[2]]++}
  END {for (k in off) printf "%s_tps_without=%.0f %s_tps_with=%.0f %s_with_vs_without=%.3f\n", k, off[k] / n[k], k, on[k] / n[k], k, on[k] / off[k]}' \
  "$out/results.txt" | tee "$out/summary.txt"
# Bulk: EXPLAIN ANALYZE of one 20,000-row insert (rolled back) reports each trigger's own time, which a loaded
# machine disturbs much less than a throughput figure.
cat >"$out/bulk.sql" <<'SQL'
begin;
set local role tradewind_tenant;
select set_config('tradewind.tenant', 'default', true) \gset
explain (analyze, costs off)
insert into record (tenant_id, app_key, form_key, id, version, data, owner, created_at, created_by, updated_at, updated_by)
  select 'default', 'trade-crm', 'opportunity', gen_random_uuid(), 1,
    jsonb_build_object('title', 'Bulk ' || n, 'customer', gen_random_uuid()::text, 'stage', 'lead', 'currency', 'USD',
      'quantity', 10, 'targetPrice', 99.5, 'expectedAmount', 995, 'probability', 40,
      'expectedCloseDate', '2027-01-31', 'source', 'website'), null, now(), null, now(), null
  from generate_series(1, 20000) n;
rollback;
SQL
bulk() { # -> total_ms projection_trigger_ms
  psql -At -d "$DB" -f "$out/bulk.sql" | awk -v t="${rp}_w" '$0 ~ "Trigger " t {for (i = 1; i <= NF; i++) if ($i ~ /^time=/) {sub("time=", "", $i); trg = $i}}
    /^Execution Time/ {ex = $3} END {printf "%s %s\n", ex, (trg == "" ? 0 : trg)}'
}
for i in $(seq 1 "$ROUNDS"); do
  triggers disable; read -r off _ <<<"$(bulk)"
  triggers enable; read -r on trg <<<"$(bulk)"
  echo "bulk round=$i ms_without=$off ms_with=$on projection_trigger_ms=$trg" | tee -a "$out/bulk.txt"
done
awk '{split($3, a, "="); split($4, b, "="); split($5, c, "="); off += a[2]; on += b[2]; trg += c[2]; n++}
  END {printf "bulk_insert_20000_ms_without=%.0f bulk_insert_20000_ms_with=%.0f bulk_with_vs_without=%.2f projection_trigger_us_per_row=%.1f\n",
       off / n, on / n, on / off, trg / n * 1000 / 20000}' "$out/bulk.txt" | tee -a "$out/summary.txt"
# the projection agrees with the record store after all that
diff <(psql -At -d "$DB" -c "select id, data->>'stage' from record where form_key = 'opportunity' order by id") \
     <(psql -At -d "$DB" -c "select id, \"f_stage\" from $rp order by id") >/dev/null \
  && echo "projection_matches_records=true" | tee -a "$out/summary.txt"
[ "${KEEP_DB:-0}" = 1 ] || psql -q -d postgres -c "drop database if exists $DB with (force)"
