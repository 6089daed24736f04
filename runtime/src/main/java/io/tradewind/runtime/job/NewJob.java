package io.tradewind.runtime.job;

import java.time.Instant;
import java.util.Objects;

/**
 * A job to enqueue.
 *
 * @param kind
 *            the kind, which names its {@link JobHandler}
 * @param payload
 *            JSON-able data for the handler (a map, a record, a {@code JsonNode}), or null for
 *            {@code {}}
 * @param dueAt
 *            when it may run; null for now
 * @param maxAttempts
 *            its attempts before it becomes an incident; null for
 *            {@code tradewind.jobs.max-attempts}
 * @param idempotencyKey
 *            when given, a second job of the tenant with the same key is not enqueued (the first
 *            one's id is answered); at most 200 characters
 */
public record NewJob(String kind, Object payload, Instant dueAt, Integer maxAttempts, String idempotencyKey) {
    public NewJob {
        Objects.requireNonNull(kind, "kind");
        if (kind.isEmpty() || kind.length() > 100) {
            throw new IllegalArgumentException("a job kind has 1 to 100 characters");
        }
        if (maxAttempts != null && (maxAttempts < 1 || maxAttempts > 1000)) {
            throw new IllegalArgumentException("maxAttempts is from 1 to 1000");
        }
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > 200)) {
            throw new IllegalArgumentException("an idempotency key has 1 to 200 characters");
        }
    }

    /** A job of {@code kind} with {@code payload}, due now. */
    public static NewJob of(String kind, Object payload) {
        return new NewJob(kind, payload, null, null, null);
    }

    public NewJob dueAt(Instant at) {
        return new NewJob(kind, payload, at, maxAttempts, idempotencyKey);
    }

    public NewJob maxAttempts(int n) {
        return new NewJob(kind, payload, dueAt, n, idempotencyKey);
    }

    public NewJob idempotencyKey(String key) {
        return new NewJob(kind, payload, dueAt, maxAttempts, key);
    }
}
