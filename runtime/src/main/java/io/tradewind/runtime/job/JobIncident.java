package io.tradewind.runtime.job;

/**
 * A failure that retrying on its own cannot fix, thrown (or failed with) by a {@link JobHandler}:
 * the job becomes an incident at once, whatever attempts it has left, for an admin to look at and
 * retry or cancel. An email whose delivery is uncertain is the case in point (ADR 0018).
 */
public class JobIncident extends RuntimeException {
    public JobIncident(String message) {
        super(message);
    }
}
