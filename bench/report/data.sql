-- 100 departments (1 head office, 9 regions, 90 teams), 1,000 users (900 reps, 10 per team; 99 sales
-- managers; 1 director), 50,000 trade-CRM customers and 1,000,000 opportunities owned at random by the
-- 1,000 users, created over the last 3 years (stored in creation order), then the same opportunities in a
-- natively typed table.
\set ON_ERROR_STOP on
begin;
insert into department (tenant_id, id, name, parent_id)
  values ('default', '00000000-0000-0000-0000-000000000100', 'Head office', null);
insert into department (tenant_id, id, name, parent_id)
  select 'default', ('00000000-0000-0000-0000-0000000001' || lpad(r::text, 2, '0'))::uuid, 'Region ' || r,
         '00000000-0000-0000-0000-000000000100'
  from generate_series(1, 9) r;
insert into department (tenant_id, id, name, parent_id)
  select 'default', ('00000000-0000-0000-0000-00000000' || lpad((1000 + t)::text, 4, '0'))::uuid, 'Team ' || t,
         ('00000000-0000-0000-0000-0000000001' || lpad((1 + (t - 1) / 10)::text, 2, '0'))::uuid
  from generate_series(1, 90) t;
insert into app_user (tenant_id, id, username, display_name, password_hash, department_id)
  select 'default', ('00000000-0000-0000-0001-' || lpad(u::text, 12, '0'))::uuid, 'rep' || u, 'Rep ' || u,
         (select password_hash from app_user where username = 'admin'),
         ('00000000-0000-0000-0000-00000000' || lpad((1000 + 1 + (u - 1) / 10)::text, 4, '0'))::uuid
  from generate_series(1, 900) u;
insert into app_user (tenant_id, id, username, display_name, password_hash, department_id)
  select 'default', ('00000000-0000-0000-0001-' || lpad(u::text, 12, '0'))::uuid, 'lead' || u, 'Lead ' || u,
         (select password_hash from app_user where username = 'admin'),
         case when u <= 990 then ('00000000-0000-0000-0000-0000000001' || lpad((1 + (u - 901) / 10)::text, 2, '0'))::uuid
              else '00000000-0000-0000-0000-000000000100'::uuid end
  from generate_series(901, 1000) u;
insert into user_role (tenant_id, user_id, role_key)
  select 'default', id, case when username like 'rep%' then 'sales_rep'
                             when username = 'lead1000' then 'sales_director' else 'sales_manager' end
  from app_user where tenant_id = 'default' and username <> 'admin';
insert into record (tenant_id, app_key, form_key, id, version, data, owner, created_at, created_by, updated_at, updated_by)
  select 'default', 'trade-crm', 'customer', ('00000000-0000-0000-0002-' || lpad(c::text, 12, '0'))::uuid, 1,
         jsonb_build_object('company', 'Customer ' || c, 'country', (array['DE','FR','US','GB','CN','JP','BR','IN','ES','IT'])[1 + c % 10],
                            'industry', 'machinery', 'grade', (array['A','B','C'])[1 + c % 3]),
         ('00000000-0000-0000-0001-' || lpad((1 + c % 1000)::text, 12, '0'))::uuid,
         now() - interval '1100 days', null, now() - interval '1100 days', null
  from generate_series(1, 50000) c;
-- stage mix: lead 35 %, qualified 20 %, sample 12 %, quotation 10 %, negotiation 6 %, won 9 %, lost 8 %;
-- currency mix: USD 50 %, EUR 20 %, CNY 10 %, GBP 5 %, JPY 5 %, AUD 3 %, CAD 3 %, HKD 2 %, AED 2 %
insert into record (tenant_id, app_key, form_key, id, version, data, owner, created_at, created_by, updated_at, updated_by)
  select 'default', 'trade-crm', 'opportunity', gen_random_uuid(), 1,
         jsonb_strip_nulls(jsonb_build_object(
           'title', 'Opportunity ' || n,
           'customer', ('00000000-0000-0000-0002-' || lpad((1 + (r5 * 50000)::int % 50000)::text, 12, '0')),
           'quantity', qty, 'currency', cur, 'targetPrice', price, 'expectedAmount', qty * price,
           'stage', stage, 'probability', case stage when 'lead' then 10 when 'qualified' then 25 when 'sample' then 40
                                        when 'quotation' then 50 when 'negotiation' then 70 when 'won' then 100 else 0 end,
           'expectedCloseDate', to_char(created + make_interval(days => 15 + (r3 * 180)::int), 'YYYY-MM-DD'),
           'lostReason', case when stage = 'lost' then (array['price','lead_time','quality','competitor','no_response'])[1 + (r4 * 5)::int % 5] end)),
         owner, created, owner, created, owner
  from (select n, r3, r4, r5,
               now() - r1 * interval '1095 days' as created,
               ('00000000-0000-0000-0001-' || lpad((1 + (r6 * 1000)::int % 1000)::text, 12, '0'))::uuid as owner,
               case when r2 < 0.35 then 'lead' when r2 < 0.55 then 'qualified' when r2 < 0.67 then 'sample'
                    when r2 < 0.77 then 'quotation' when r2 < 0.83 then 'negotiation' when r2 < 0.92 then 'won'
                    else 'lost' end as stage,
               case when r7 < 0.50 then 'USD' when r7 < 0.70 then 'EUR' when r7 < 0.80 then 'CNY' when r7 < 0.85 then 'GBP'
                    when r7 < 0.90 then 'JPY' when r7 < 0.93 then 'AUD' when r7 < 0.96 then 'CAD' when r7 < 0.98 then 'HKD'
                    else 'AED' end as cur,
               1 + (r8 * 2000)::int as qty,
               round((0.5 + r4 * 250)::numeric, 2) as price
        from (select n, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7,
                     random() r8
              from generate_series(1, 1000000) n) g
        -- written in creation order, as an application writes them
        order by created) o;
commit;

-- The same opportunities, natively typed, with the indexes a DBA would add for these two reports.
create table opportunity_native (
  id                  uuid primary key,
  title               text not null,
  customer            uuid not null,
  quantity            integer,
  currency            text not null,
  target_price        numeric(15, 2),
  expected_amount     numeric(17, 2),
  stage               text not null,
  probability         integer,
  expected_close_date date,
  lost_reason         text,
  owner               uuid,
  created_at          timestamptz not null
);
insert into opportunity_native
  select id, data->>'title', (data->>'customer')::uuid, (data->>'quantity')::integer, data->>'currency',
         (data->>'targetPrice')::numeric, (data->>'expectedAmount')::numeric, data->>'stage',
         (data->>'probability')::integer, (data->>'expectedCloseDate')::date, data->>'lostReason', owner, created_at
  from record where tenant_id = 'default' and app_key = 'trade-crm' and form_key = 'opportunity'
  order by created_at;
create index opportunity_native_created_idx on opportunity_native (created_at);
create index opportunity_native_stage_idx on opportunity_native (stage, currency, expected_close_date);
create index opportunity_native_owner_idx on opportunity_native (owner);
vacuum analyze record;
vacuum analyze opportunity_native;
analyze app_user;
analyze department;
