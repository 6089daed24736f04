package io.tradewind.runtime.job;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Runs the jobs of one {@link #kind()}: the SPI of the job executor (ADR 0016). Implementations are
 * CDI beans ({@code @ApplicationScoped}); a replica claims only the kinds it has a handler for, and
 * two handlers of one kind fail the start-up.
 *
 * <p>
 * {@link #handle} runs inside the job's completion transaction, in the job's tenant (row-level
 * security applies), on the event loop: it must not block (move blocking work to a worker thread
 * with {@code emitOn}). What it writes through {@link JobContext#connection()} commits together
 * with the job being marked done, or not at all, so the job's database effects happen exactly once.
 * An external side effect (an email, a webhook) may happen again when an attempt fails after it, so
 * it should carry {@link JobContext#effectKey()} as its idempotency key where the receiver supports
 * one. A failed {@code Uni} (or an exception) fails the attempt: the job is retried with backoff,
 * and after its last attempt it becomes an incident; a {@link JobIncident} makes it one at once.
 */
public interface JobHandler {

    /** The job kind this handler runs, e.g. {@code flow.timer} or {@code mail.send}. */
    String kind();

    /** Does the job's work; completes when it is done. */
    Uni<Void> handle(JobContext job);

    /**
     * Called in the transaction of an admin's retry of an incident of this kind, before the job is due
     * again: a handler that parked a job on purpose (a {@link JobIncident}, e.g. an email whose
     * delivery was uncertain) releases what held it, since the admin has now decided. Writes through
     * {@code c} commit with the retry. Does nothing by default.
     *
     * @param effectKey
     *            the job's {@link JobContext#effectKey()}
     */
    default Uni<Void> retryingIncident(SqlConnection c, String tenant, String effectKey) {
        return Uni.createFrom().voidItem();
    }
}
