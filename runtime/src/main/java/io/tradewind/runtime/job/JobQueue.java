package io.tradewind.runtime.job;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.web.JsonBodies;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Enqueues jobs in the CALLER's transaction (ADR 0016): the job commits or rolls back with the
 * state change that causes it. A job due now also sends {@code NOTIFY tradewind_jobs}, which
 * PostgreSQL delivers only at commit, so idle workers of every replica wake up at once; jobs due
 * later are found by the executors' poll.
 */
@ApplicationScoped
public class JobQueue {
    /** The channel that wakes the executors; the payload is the job kind. */
    public static final String CHANNEL = "tradewind_jobs";
    private static final String INSERT = "insert into job (tenant_id, id, kind, payload, status, due_at, attempts,"
            + " max_attempts, idempotency_key, created_at, updated_at) values ($1, $2, $3, $4::text::jsonb, 'pending',"
            + " $5, 0, $6, $7, $8, $8) on conflict (tenant_id, idempotency_key) do nothing returning id";
    private static final String EXISTING = "select id from job where tenant_id = $1 and idempotency_key = $2";

    @Inject
    TradewindClock clock;
    @Inject
    JobConfig config;

    /** What an enqueue did: the job's id, and whether it is new or an earlier job with the same key. */
    public record Enqueued(UUID id, boolean created) {
    }

    /**
     * Writes {@code job} for {@code tenant} through {@code c}, which must be inside the transaction of
     * the change (a {@code TenantDb.run} unit, or any transaction of the schema owner).
     */
    public Uni<Enqueued> enqueue(SqlConnection c, String tenant, NewJob job) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant due = job.dueAt() == null ? now : job.dueAt().truncatedTo(ChronoUnit.MICROS);
        int attempts = job.maxAttempts() != null ? job.maxAttempts() : config.maxAttempts();
        UUID id = UUID.randomUUID();
        Tuple args = Tuple.from(new Object[]{tenant, id, job.kind(), json(job.payload()), due.atOffset(ZoneOffset.UTC),
                attempts, job.idempotencyKey(), now.atOffset(ZoneOffset.UTC)});
        return c.preparedQuery(INSERT).execute(args).flatMap(rows -> {
            if (rows.size() == 0) {
                // a job with this key exists (a concurrent one has committed by now: the insert waited for it)
                return c.preparedQuery(EXISTING).execute(Tuple.of(tenant, job.idempotencyKey()))
                        .map(r -> new Enqueued(r.iterator().next().getUUID(0), false));
            }
            Uni<Void> wake = due.isAfter(now) ? Uni.createFrom().voidItem() : notify(c, job.kind());
            return wake.replaceWith(new Enqueued(id, true));
        });
    }

    /** Wakes the executors when the transaction of {@code c} commits. */
    static Uni<Void> notify(SqlConnection c, String kind) {
        return c.preparedQuery("select pg_notify('" + CHANNEL + "', $1)").execute(Tuple.of(kind)).replaceWithVoid();
    }

    private static String json(Object payload) {
        if (payload == null) {
            return "{}";
        }
        try {
            return JsonBodies.mapper().writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("TW-JOB-010 a job payload is not JSON-able", e);
        }
    }
}
