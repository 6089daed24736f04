package io.tradewind.runtime.job;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The job executor of this replica (ADR 0016); the defaults suit a single replica and the embedded
 * mode.
 */
@ConfigMapping(prefix = "tradewind.jobs")
public interface JobConfig {

    /** Whether this replica runs jobs; off, it still enqueues them for the other replicas. */
    @WithDefault("true")
    boolean enabled();

    /** Concurrent workers of this replica; each runs one job at a time on one database connection. */
    @WithDefault("4")
    int workers();

    /**
     * Most jobs a worker claims in one statement; they stay locked while the worker runs them one by
     * one.
     */
    @WithDefault("10")
    int batchSize();

    /**
     * How often an idle replica looks for due jobs and expired locks. New due jobs wake the workers at
     * once through {@code NOTIFY}; the poll finds jobs that became due by time and covers a lost
     * notification.
     */
    @WithDefault("2s")
    Duration pollInterval();

    /**
     * How long a claim holds a job. A job whose lock expired (its replica died) is put back and run by
     * any replica; it is also the longest a handler may run before its attempt fails. Must exceed the
     * time a worker needs for a whole batch.
     */
    @WithDefault("5m")
    Duration lockDuration();

    /**
     * Delay before the first retry; each further retry doubles it (with jitter), up to
     * {@link #backoffMax()}.
     */
    @WithDefault("10s")
    Duration backoffBase();

    /** Longest delay between two attempts. */
    @WithDefault("1h")
    Duration backoffMax();

    /**
     * Attempts of a job enqueued without its own limit; after the last failed one it becomes an
     * incident.
     */
    @WithDefault("5")
    int maxAttempts();

    /**
     * How long done and cancelled jobs (and so their idempotency keys) are kept before they are
     * deleted.
     */
    @WithDefault("7d")
    Duration retention();

    /**
     * This replica's name in {@code job.locked_by}; default: host name, process id and a random suffix,
     * so that two processes never share one.
     */
    java.util.Optional<String> replicaId();
}
