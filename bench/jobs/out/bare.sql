with c as materialized (select tenant_id, id from job where status = 'pending' and due_at <= now()
  and kind = 'bench.bare' order by due_at limit 20 for update skip locked),
u as (update job j set status = 'running', locked_by = 'bare/' || :client_id::text,
  locked_until = now() + interval '5 minutes', attempts = j.attempts + 1, updated_at = now() from c
  where j.tenant_id = c.tenant_id and j.id = c.id returning j.id)
select array_agg(id)::text as ids from u having count(*) > 0 \gset
update job set status = 'done', locked_until = null, finished_at = now(), updated_at = now() where tenant_id =
  'default' and id = (:ids::uuid[])[1] and status = 'running' and locked_by = 'bare/' || :client_id::text and attempts = 1;
update job set status = 'done', locked_until = null, finished_at = now(), updated_at = now() where tenant_id =
  'default' and id = (:ids::uuid[])[2] and status = 'running' and locked_by = 'bare/' || :client_id::text and attempts = 1;
update job set status = 'done', locked_until = null, finished_at = now(), updated_at = now() where tenant_id =
  'default' and id = (:ids::uuid[])[3] and status = 'running' and locked_by = 'bare/' || :client_id::text and attempts = 1;
update job set status = 'done', locked_until = null, finished_at = now(), updated_at = now() where tenant_id =
  'default' and id = (:ids::uuid[])[4] and status = 'running' and locked_by = 'bare/' || :client_id::text and attempts = 1;
update job set status = 'done', locked_until = null, finished_at = now(), updated_at = now() where tenant_id =
  'default' and id = (:ids::uuid[])[5] and status = 'running' and locked_by = 'bare/' || :client_id::text and attempts = 1;
update job set status = 'done', locked_until = null, finished_at = now(), updated_at = now() where tenant_id =
  'default' and id = (:ids::uuid[])[6] and status = 'running' and locked_by = 'bare/' || :client_id::text and attempts = 1;
update job set status = 'done', locked_until = null, finished_at = now(), updated_at = now() where tenant_id =
  'default' and id = (:ids::uuid[])[7] and status = 'running' and locked_by = 'bare/' || :client_id::text and attempts = 1;
update job set status = 'done', locked_until = null, finished_at = now(), updated_at = now() where tenant_id =
  'default' and id = (:ids::uuid[])[8] and status = 'running' and locked_by = 'bare/' || :client_id::text and attempts = 1;
update job set status = 'done', locked_until = null, finished_at = now(), updated_at = now() where tenant_id =
  'default' and id = (:ids::uuid[])[9] and status = 'running' and locked_by = 'bare/' || :client_id::text and attempts = 1;
update job set status = 'done', locked_until = null, finished_at = now(), updated_at = now() where tenant_id =
  'default' and id = (:ids::uuid[])[10] and status = 'running' and locked_by = 'bare/' || :client_id::text and attempts = 1;
update job set status = 'done', locked_until = null, finished_at = now(), updated_at = now() where tenant_id =
  'default' and id = (:ids::uuid[])[11] and status = 'running' and locked_by = 'bare/' || :client_id::text and attempts = 1;
update job set status = 'done', locked_until = null, finished_at = now(), updated_at = now() where tenant_id =
  'default' and id = (:ids::uuid[])[12] and status = 'running' and locked_by = 'bare/' || :client_id::text and attempts = 1;
update job set status = 'done', locked_until = null, finished_at = now(), updated_at = now() where tenant_id =
  'default' and id = (:ids::uuid[])[13] and status = 'running' and locked_by = 'bare/' || :client_id::text and attempts = 1;
update job set status = 'done', locked_until = null, finished_at = now(), updated_at = now() where tenant_id =
  'default' and id = (:ids::uuid[])[14] and status = 'running' and locked_by = 'bare/' || :client_id::text and attempts = 1;
update job set status = 'done', locked_until = null, finished_at = now(), updated_at = now() where tenant_id =
  'default' and id = (:ids::uuid[])[15] and status = 'running' and locked_by = 'bare/' || :client_id::text and attempts = 1;
update job set status = 'done', locked_until = null, finished_at = now(), updated_at = now() where tenant_id =
  'default' and id = (:ids::uuid[])[16] and status = 'running' and locked_by = 'bare/' || :client_id::text and attempts = 1;
update job set status = 'done', locked_until = null, finished_at = now(), updated_at = now() where tenant_id =
  'default' and id = (:ids::uuid[])[17] and status = 'running' and locked_by = 'bare/' || :client_id::text and attempts = 1;
update job set status = 'done', locked_until = null, finished_at = now(), updated_at = now() where tenant_id =
  'default' and id = (:ids::uuid[])[18] and status = 'running' and locked_by = 'bare/' || :client_id::text and attempts = 1;
update job set status = 'done', locked_until = null, finished_at = now(), updated_at = now() where tenant_id =
  'default' and id = (:ids::uuid[])[19] and status = 'running' and locked_by = 'bare/' || :client_id::text and attempts = 1;
update job set status = 'done', locked_until = null, finished_at = now(), updated_at = now() where tenant_id =
  'default' and id = (:ids::uuid[])[20] and status = 'running' and locked_by = 'bare/' || :client_id::text and attempts = 1;
