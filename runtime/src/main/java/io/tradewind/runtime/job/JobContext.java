package io.tradewind.runtime.job;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * One attempt of a job, as its {@link JobHandler} sees it.
 *
 * @param tenant
 *            the job's tenant; {@link #connection()} is scoped to it
 * @param id
 *            the job's id
 * @param kind
 *            its kind
 * @param payload
 *            what it was enqueued with
 * @param attempt
 *            this attempt's number, from 1
 * @param maxAttempts
 *            the attempts it has in all
 * @param idempotencyKey
 *            the key it was enqueued with, or null
 * @param dueAt
 *            when it became due
 * @param connection
 *            the completion transaction: writes through it commit exactly when the job is marked
 *            done
 */
public record JobContext(String tenant, UUID id, String kind, JsonNode payload, int attempt, int maxAttempts,
        String idempotencyKey, Instant dueAt, SqlConnection connection) {

    /**
     * A key that is the same on every attempt of this job, for the receivers of its side effects to
     * drop repeats: the enqueue's idempotency key, else the job's id.
     */
    public String effectKey() {
        return effectKey(tenant, idempotencyKey, id);
    }

    /**
     * The {@link #effectKey()} of the job {@code id} of {@code tenant} enqueued with
     * {@code idempotencyKey}.
     */
    public static String effectKey(String tenant, String idempotencyKey, UUID id) {
        return tenant + ":" + (idempotencyKey != null ? idempotencyKey : "job:" + id);
    }

    /** True on the job's last attempt. */
    public boolean lastAttempt() {
        return attempt >= maxAttempts;
    }
}
