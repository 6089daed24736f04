package io.tradewind.runtime.mail;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.job.JobQueue;
import io.tradewind.runtime.job.NewJob;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Emails that go out because a change committed (ADR 0018): {@link #enqueue} writes a
 * {@value MailSendHandler#KIND} job in the caller's transaction, and {@link MailSendHandler} sends
 * it at most once.
 */
@ApplicationScoped
public class MailOutbox {
    @Inject
    JobQueue queue;

    /**
     * Enqueues {@code message} for {@code tenant} through {@code c} (inside the transaction of the
     * change). With an {@code idempotencyKey} (1–200 characters), a second enqueue with the same key
     * enqueues nothing and the key also dedupes the send itself.
     */
    public Uni<Void> enqueue(SqlConnection c, String tenant, MailMessage message, String idempotencyKey) {
        if (message == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("MAIL_INVALID no message"));
        }
        NewJob job = NewJob.of(MailSendHandler.KIND, message).idempotencyKey(idempotencyKey);
        return queue.enqueue(c, tenant, job).replaceWithVoid();
    }
}
