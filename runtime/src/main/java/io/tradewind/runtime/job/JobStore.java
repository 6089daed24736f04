package io.tradewind.runtime.job;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.tenant.TenantDb;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The executor's statements on the {@code job} table. Claiming, reaping and purging span tenants
 * and run as the schema owner (the tenant of a job is not known before it is claimed); everything
 * done for one job runs in its tenant through {@link TenantDb#enter}. Every change to a claimed job
 * is fenced: it applies only while the job is still {@code running} under the same
 * {@code (locked_by, attempts)}, so a worker whose lock expired and was reclaimed changes nothing.
 */
final class JobStore {
    /**
     * Claims up to $5 due jobs of the kinds $4 for worker $1 until $2. The CTE is MATERIALIZED so the
     * locking sub-select runs exactly once (an {@code IN (SELECT … LIMIT)} may be re-run by a join).
     */
    private static final String CLAIM = "with c as materialized (select tenant_id, id from job where status ="
            + " 'pending' and due_at <= $3 and kind = any($4) order by due_at limit $5 for update skip locked)"
            + " update job j set status = 'running', locked_by = $1, locked_until = $2, attempts = j.attempts + 1,"
            + " updated_at = $3 from c where j.tenant_id = c.tenant_id and j.id = c.id returning j.tenant_id, j.id,"
            + " j.kind, j.payload::text, j.attempts, j.max_attempts, j.idempotency_key, j.due_at";
    /** Marks the job done, first thing in its completion transaction (which so holds the row lock). */
    private static final String COMPLETE = "update job set status = 'done', locked_until = null, finished_at = $5,"
            + " updated_at = $5 where tenant_id = $1 and id = $2 and status = 'running' and locked_by = $3 and"
            + " attempts = $4";
    private static final String FAIL = "update job set status = case when $8 or attempts >= max_attempts then"
            + " 'incident' else 'pending' end, due_at = case when $8 or attempts >= max_attempts then due_at else"
            + " $5::timestamptz end, last_error = $6, locked_by = null, locked_until = null, finished_at = case when $8"
            + " or attempts >= max_attempts then $7::timestamptz end, updated_at = $7 where tenant_id = $1 and id = $2"
            + " and status = 'running' and locked_by = $3 and attempts = $4 returning status, due_at";
    /**
     * Gives claimed jobs that were never started back (a stopping replica); the attempt is not counted.
     */
    private static final String RELEASE = "update job j set status = 'pending', locked_by = null, locked_until ="
            + " null, attempts = j.attempts - 1, updated_at = $2 from unnest($3::text[], $4::uuid[], $5::int[]) as"
            + " x(tenant_id, id, attempts) where j.tenant_id = x.tenant_id and j.id = x.id and j.status = 'running'"
            + " and j.locked_by = $1 and j.attempts = x.attempts";
    /**
     * Puts jobs whose lock expired back (or parks them when that was their last attempt). SKIP LOCKED:
     * a job whose completion transaction is still open is being finished by its worker.
     */
    private static final String REAP = "with x as materialized (select tenant_id, id from job where status ="
            + " 'running' and locked_until <= $1 order by locked_until limit $2 for update skip locked)"
            + " update job j set status = case when j.attempts >= j.max_attempts then 'incident' else 'pending' end,"
            + " finished_at = case when j.attempts >= j.max_attempts then $1::timestamptz end, last_error = 'TW-JOB-005 the lock"
            + " of ' || j.locked_by || ' expired during attempt ' || j.attempts, locked_by = null, locked_until ="
            + " null, updated_at = $1 from x where j.tenant_id = x.tenant_id and j.id = x.id returning j.tenant_id,"
            + " j.id, j.kind, j.status";
    private static final String PURGE = "delete from job where (tenant_id, id) in (select tenant_id, id from job"
            + " where status in ('done', 'cancelled') and finished_at < $1 limit $2)";

    /** A job as claimed by one worker. */
    record Claimed(String worker, String tenant, UUID id, String kind, String payload, int attempt,
            int maxAttempts, String idempotencyKey, Instant dueAt) {
    }

    /** A job whose lock expired, and what became of it ({@code pending} or {@code incident}). */
    record Reaped(String tenant, UUID id, String kind, String status) {
    }

    /** What a failed attempt led to: {@code pending} (with the next due time) or {@code incident}. */
    record Failed(String status, Instant dueAt) {
    }

    private final Pool pool;

    JobStore(Pool pool) {
        this.pool = pool;
    }

    Uni<List<Claimed>> claim(String worker, List<String> kinds, int limit, Instant now, Instant lockedUntil) {
        return pool.preparedQuery(CLAIM).execute(Tuple.from(new Object[]{worker, utc(lockedUntil), utc(now), kinds
                .toArray(String[]::new), limit})).map(rows -> {
                    List<Claimed> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        out.add(new Claimed(worker, r.getString(0), r.getUUID(1), r.getString(2), r.getString(3), r
                                .getInteger(4), r.getInteger(5), r.getString(6), r.getOffsetDateTime(7).toInstant()));
                    }
                    return out;
                });
    }

    /** Marks {@code job} done through {@code c}; false when the claim no longer holds (fenced). */
    static Uni<Boolean> complete(SqlClient c, Claimed job, Instant now) {
        return c.preparedQuery(COMPLETE).execute(Tuple.of(job.tenant(), job.id(), job.worker(), job.attempt(), utc(
                now))).map(rows -> rows.rowCount() == 1);
    }

    /**
     * Records a failed attempt in the job's tenant (an incident at once when {@code incident}); null
     * when the claim no longer holds (fenced).
     */
    Uni<Failed> fail(Claimed job, Instant retryAt, String error, Instant now, boolean incident) {
        return pool.withTransaction(c -> TenantDb.enter(c, job.tenant()).flatMap(x -> c.preparedQuery(FAIL).execute(
                Tuple.from(new Object[]{job.tenant(), job.id(), job.worker(), job.attempt(), utc(retryAt), error, utc(
                        now), incident}))))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new Failed(r.getString(0), r.getOffsetDateTime(1).toInstant());
                });
    }

    Uni<Integer> release(String worker, List<Claimed> jobs, Instant now) {
        int n = jobs.size();
        String[] tenants = new String[n];
        UUID[] ids = new UUID[n];
        Integer[] attempts = new Integer[n];
        for (int i = 0; i < n; i++) {
            tenants[i] = jobs.get(i).tenant();
            ids[i] = jobs.get(i).id();
            attempts[i] = jobs.get(i).attempt();
        }
        return pool.preparedQuery(RELEASE).execute(Tuple.from(new Object[]{worker, utc(now), tenants, ids, attempts}))
                .map(rows -> rows.rowCount());
    }

    Uni<List<Reaped>> reap(Instant now, int limit) {
        return pool.preparedQuery(REAP).execute(Tuple.of(utc(now), limit)).map(rows -> {
            List<Reaped> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new Reaped(r.getString(0), r.getUUID(1), r.getString(2), r.getString(3)));
            }
            return out;
        });
    }

    Uni<Integer> purge(Instant before, int limit) {
        return pool.preparedQuery(PURGE).execute(Tuple.of(utc(before), limit)).map(rows -> rows.rowCount());
    }

    static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
