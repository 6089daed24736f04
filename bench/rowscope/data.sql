-- 100 departments (1 head office, 9 regions, 90 teams), 1,000 users (10 per team) and 1,000,000
-- trade-CRM customers owned round-robin by the users, created over the last ~3 years.
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
-- the other 100 users: managers and directors spread over the regions and the head office
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
  select 'default', 'trade-crm', 'customer', gen_random_uuid(), 1,
         jsonb_build_object('company', 'Customer ' || n, 'country', (array['DE','FR','US','GB','CN','JP','BR','IN','ES','IT'])[1 + n % 10],
                            'industry', 'machinery', 'grade', (array['A','B','C'])[1 + n % 3],
                            'email', 'buyer' || n || '@example.com', 'phone', '+49 40 ' || (1000000 + n)),
         o.id, now() - make_interval(secs => n * 90), o.id, now() - make_interval(secs => n * 90), o.id
  from generate_series(1, 1000000) n
  join lateral (select ('00000000-0000-0000-0001-' || lpad((1 + n % 1000)::text, 12, '0'))::uuid as id) o on true;
commit;
analyze record;
analyze app_user;
analyze department;
