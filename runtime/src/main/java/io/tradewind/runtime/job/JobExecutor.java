package io.tradewind.runtime.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.job.JobStore.Claimed;
import io.tradewind.runtime.tenant.TenantDb;
import io.tradewind.runtime.web.JsonBodies;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * Runs due jobs on one replica (ADR 0016). {@code workers} loops each claim a batch of due jobs of
 * the kinds this replica has handlers for (one {@code UPDATE … FOR UPDATE SKIP LOCKED} statement
 * that sets {@code locked_by} and {@code locked_until}), then run them one at a time: each in its
 * own transaction in the job's tenant that first marks the job done (fenced on the claim), then
 * lets the handler do its work, and commits both together. A failed attempt is recorded in a second
 * transaction: retried after an exponential backoff, or parked as an incident after the last
 * attempt. A worker that claimed a full batch claims again at once and wakes an idle colleague;
 * otherwise it sleeps until a {@code NOTIFY tradewind_jobs} or the next poll. Each poll also puts
 * back jobs whose lock expired (their replica died) and deletes finished jobs past their retention.
 *
 * <p>
 * Not a CDI bean: {@link Jobs} makes the replica's executor at start-up, and tests make more, each
 * with its own pool, clock and worker names, to play several replicas against one database.
 */
public final class JobExecutor {
    private static final Logger LOG = Logger.getLogger(JobExecutor.class);
    private static final int REAP_LIMIT = 1000;
    private static final int PURGE_LIMIT = 1000;

    /**
     * The executor's settings ({@link JobConfig} without the enqueue defaults).
     *
     * @param workers
     *            concurrent workers
     * @param batchSize
     *            jobs claimed per statement
     * @param pollInterval
     *            how often idle workers look for due jobs
     * @param lockDuration
     *            how long a claim holds a job; also a handler's time limit
     * @param backoffBase
     *            delay before the first retry
     * @param backoffMax
     *            longest delay between attempts
     * @param retention
     *            how long finished jobs are kept
     */
    public record Settings(int workers, int batchSize, Duration pollInterval, Duration lockDuration,
            Duration backoffBase, Duration backoffMax, Duration retention) {
        public Settings {
            if (workers < 1 || batchSize < 1 || pollInterval.toMillis() < 1 || lockDuration.toMillis() < 1000) {
                throw new IllegalArgumentException("TW-JOB-008 job executor settings out of range: workers and"
                        + " batch size at least 1, lock duration at least 1 s");
            }
        }

        /** The settings of {@code config}. */
        public static Settings of(JobConfig config) {
            return new Settings(config.workers(), config.batchSize(), config.pollInterval(), config.lockDuration(),
                    config.backoffBase(), config.backoffMax(), config.retention());
        }
    }

    /** What became of one claimed job. */
    public enum Outcome {
        /** The handler succeeded and the job is done. */
        DONE,
        /** The attempt failed; the job is pending again, due after a backoff. */
        RETRY,
        /** The last attempt failed; the job is an incident. */
        INCIDENT,
        /** The claim no longer held (the lock expired and another worker took the job): nothing changed. */
        FENCED,
        /**
         * The outcome could not be recorded (database unreachable); the lock will expire and the job rerun.
         */
        UNKNOWN
    }

    private final Vertx vertx;
    private final Pool pool;
    private final JobStore store;
    private final Clock clock;
    private final Map<String, JobHandler> handlers;
    private final List<String> kinds;
    private final Settings settings;
    private final String replicaId;
    private final PgConnectOptions listen;
    private final List<Worker> workers = new ArrayList<>();
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final AtomicBoolean ticking = new AtomicBoolean();
    private volatile boolean stopped = true;
    private volatile long timer = -1;
    private PgSubscriber subscriber;

    /** One worker loop: at most one claim or job in flight. */
    private static final class Worker {
        final String id;
        final AtomicBoolean busy = new AtomicBoolean();

        Worker(String id) {
            this.id = id;
        }
    }

    /**
     * An executor of the jobs {@code handlers} know, on {@code pool}.
     *
     * @param listen
     *            where to {@code LISTEN} for new jobs, or null to rely on the poll alone
     */
    public JobExecutor(Vertx vertx, Pool pool, Clock clock, List<JobHandler> handlers, Settings settings,
            String replicaId, PgConnectOptions listen) {
        this.vertx = vertx;
        this.pool = pool;
        this.store = new JobStore(pool);
        this.clock = clock;
        this.handlers = byKind(handlers);
        this.kinds = List.copyOf(this.handlers.keySet());
        this.settings = settings;
        this.replicaId = replicaId;
        this.listen = listen;
        for (int i = 0; i < settings.workers(); i++) {
            workers.add(new Worker(replicaId + "/" + i));
        }
    }

    /** The handlers by kind; two handlers of one kind are refused. */
    static Map<String, JobHandler> byKind(List<JobHandler> handlers) {
        Map<String, JobHandler> m = new TreeMap<>();
        for (JobHandler h : handlers) {
            JobHandler before = m.put(h.kind(), h);
            if (before != null) {
                throw new IllegalStateException("TW-JOB-008 two job handlers for kind '" + h.kind() + "': "
                        + before.getClass().getName() + " and " + h.getClass().getName());
            }
        }
        return m;
    }

    /** Starts the workers, the poll and the {@code LISTEN}. */
    public synchronized void start() {
        if (!stopped) {
            return;
        }
        stopped = false;
        if (listen != null) {
            subscriber = PgSubscriber.subscriber(vertx, listen).reconnectPolicy(retries -> 1000L);
            subscriber.channel(JobQueue.CHANNEL).handler(kind -> {
                if (handlers.containsKey(kind)) {
                    signal();
                }
            });
            subscriber.connect().onFailure(e -> LOG.warnf("TW-JOB-007 cannot listen for new jobs (the poll still"
                    + " finds them): %s", e.getMessage()));
        }
        timer = vertx.setPeriodic(settings.pollInterval().toMillis(), id -> tick());
        LOG.infof("TW-JOB-001 job executor %s started: %d workers, batches of %d, poll every %d ms, kinds %s",
                replicaId, settings.workers(), settings.batchSize(), settings.pollInterval().toMillis(), kinds);
        tick();
    }

    /**
     * Stops claiming; a worker finishes its current job and gives the rest of its batch back. Completes
     * when every worker is idle.
     */
    public Uni<Void> stop() {
        synchronized (this) {
            stopped = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
            if (subscriber != null) {
                subscriber.close();
                subscriber = null;
            }
        }
        return Uni.createFrom().emitter(em -> {
            long[] id = new long[1];
            id[0] = vertx.setPeriodic(1, 20, t -> {
                if (workers.stream().noneMatch(w -> w.busy.get())) {
                    vertx.cancelTimer(id[0]);
                    em.complete(null);
                }
            });
        });
    }

    /** Wakes every idle worker now (after enqueuing without a notification, or moving a test clock). */
    public void wake() {
        for (Worker w : workers) {
            if (w.busy.compareAndSet(false, true)) {
                cycle(w);
            }
        }
    }

    /** The replica's name, the prefix of its workers' {@code locked_by}. */
    public String replicaId() {
        return replicaId;
    }

    /** Wakes one idle worker, or makes a busy one look again when it is done. */
    private void signal() {
        if (stopped) {
            return;
        }
        for (Worker w : workers) {
            if (w.busy.compareAndSet(false, true)) {
                cycle(w);
                return;
            }
        }
        signalled.set(true);
    }

    private void tick() {
        if (stopped || !ticking.compareAndSet(false, true)) {
            return;
        }
        Instant now = now();
        store.reap(now, REAP_LIMIT).flatMap(reaped -> {
            for (JobStore.Reaped r : reaped) {
                if (r.status().equals("incident")) {
                    LOG.errorf("TW-JOB-003 job %s (%s) of tenant %s is an incident: its lock expired on its last"
                            + " attempt", r.id(), r.kind(), r.tenant());
                }
            }
            if (!reaped.isEmpty()) {
                LOG.warnf("TW-JOB-005 %d jobs whose lock expired were put back", reaped.size());
            }
            return store.purge(now.minus(settings.retention()), PURGE_LIMIT);
        }).subscribe().with(purged -> {
            ticking.set(false);
            wake();
        }, e -> {
            ticking.set(false);
            LOG.warnf("TW-JOB-006 looking for expired job locks failed (tried again at the next poll): %s", e
                    .getMessage());
            wake();
        });
    }

    private void cycle(Worker w) {
        if (stopped) {
            w.busy.set(false);
            return;
        }
        signalled.set(false);
        Instant now = now();
        claim(w.id, settings.batchSize(), now).flatMap(jobs -> {
            if (jobs.size() == settings.batchSize()) {
                signal(); // there may be more: let a colleague help
            }
            return runFrom(w, jobs, 0).replaceWith(jobs.size());
        }).subscribe().with(n -> next(w, n == settings.batchSize()), e -> {
            LOG.warnf("TW-JOB-006 claiming jobs failed (tried again at the next poll): %s", e.getMessage());
            next(w, false);
        });
    }

    private void next(Worker w, boolean more) {
        if (!stopped && (more || signalled.getAndSet(false))) {
            cycle(w);
            return;
        }
        w.busy.set(false);
        // a signal that came while this worker was finishing must not be lost
        if (!stopped && signalled.get() && w.busy.compareAndSet(false, true)) {
            cycle(w);
        }
    }

    /**
     * Runs the batch from {@code i} on, one job after the other; a stopping executor gives the rest
     * back.
     */
    private Uni<Void> runFrom(Worker w, List<Claimed> jobs, int i) {
        if (i == jobs.size()) {
            return Uni.createFrom().voidItem();
        }
        if (stopped) {
            return store.release(w.id, jobs.subList(i, jobs.size()), now()).onFailure().recoverWithItem(0)
                    .replaceWithVoid();
        }
        return run(jobs.get(i)).flatMap(o -> runFrom(w, jobs, i + 1));
    }

    /**
     * Claims up to {@code n} due jobs for {@code worker} (package-private for the tests' dead workers).
     */
    Uni<List<Claimed>> claim(String worker, int n, Instant now) {
        if (kinds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return store.claim(worker, kinds, n, now, now.plus(settings.lockDuration()));
    }

    /**
     * Runs one claimed job to its outcome; never fails. The completion transaction marks the job done
     * (only while the claim holds: fencing) before the handler runs in it, so the row stays locked
     * until the handler's writes commit with it.
     */
    Uni<Outcome> run(Claimed job) {
        JobHandler handler = handlers.get(job.kind());
        return pool.withConnection(c -> {
            // BEGIN, the tenant settings and the fenced completion go out together: one round trip
            Uni<Throwable> begin = failureOf(c.query("begin").execute());
            Uni<Throwable> enter = failureOf(TenantDb.enter(c, job.tenant()));
            Uni<Object> complete = JobStore.complete(c, job, now()).map(b -> (Object) b).onFailure()
                    .recoverWithItem(f -> f);
            return Uni.combine().all().unis(begin, enter, complete).with((b, e, k) -> {
                for (Object o : new Object[]{b, e, k}) {
                    if (o instanceof Throwable t) {
                        throw t instanceof RuntimeException r ? r : new IllegalStateException(t);
                    }
                }
                return (Boolean) k;
            }).flatMap(claimed -> {
                if (!claimed) {
                    return Uni.createFrom().item(Outcome.FENCED);
                }
                JobContext context = new JobContext(job.tenant(), job.id(), job.kind(), payload(job), job.attempt(),
                        job.maxAttempts(), job.idempotencyKey(), job.dueAt(), c);
                return Uni.createFrom().deferred(() -> handler.handle(context)).ifNoItem().after(settings
                        .lockDuration()).failWith(
                                () -> new TimeoutException("the handler did not finish within the"
                                        + " lock duration of " + settings.lockDuration()))
                        .replaceWith(Outcome.DONE);
            }).call(x -> c.query("commit").execute()).onFailure().call(x -> c.query("rollback").execute()
                    .onFailure().recoverWithNull());
        }).invoke(o -> {
            if (o == Outcome.FENCED) {
                LOG.warnf("TW-JOB-004 job %s (%s) of tenant %s: the claim of %s (attempt %d) no longer holds; the"
                        + " completion was refused", job.id(), job.kind(), job.tenant(), job.worker(), job.attempt());
            }
        }).onFailure().recoverWithUni(e -> failed(job, e));
    }

    private static Uni<Throwable> failureOf(Uni<?> command) {
        return command.map(x -> (Throwable) null).onFailure().recoverWithItem(f -> f);
    }

    private Uni<Outcome> failed(Claimed job, Throwable e) {
        Instant now = now();
        Instant retryAt = now.plus(Backoff.delay(job.attempt(), settings.backoffBase(), settings.backoffMax(),
                ThreadLocalRandom.current())).truncatedTo(ChronoUnit.MICROS);
        String error = describe(e);
        return store.fail(job, retryAt, error, now, parks(e)).map(f -> {
            if (f == null) {
                LOG.warnf("TW-JOB-004 job %s (%s) of tenant %s: the claim of %s (attempt %d) no longer holds; its"
                        + " failure was not recorded: %s", job.id(), job.kind(), job.tenant(), job.worker(),
                        job
                                .attempt(),
                        error);
                return Outcome.FENCED;
            }
            if (f.status().equals("incident")) {
                LOG.errorf(e, "TW-JOB-003 job %s (%s) of tenant %s is an incident after %d of %d attempts: %s", job
                        .id(), job.kind(), job.tenant(), job.attempt(), job.maxAttempts(), error);
                return Outcome.INCIDENT;
            }
            LOG.warnf("TW-JOB-002 job %s (%s) of tenant %s failed attempt %d of %d, retried at %s: %s", job.id(), job
                    .kind(), job.tenant(), job.attempt(), job.maxAttempts(), f.dueAt(), error);
            return Outcome.RETRY;
        }).onFailure().recoverWithItem(x -> {
            LOG.warnf("TW-JOB-006 job %s of tenant %s: its failure could not be recorded (%s); it runs again when"
                    + " its lock expires", job.id(), job.tenant(), x.getMessage());
            return Outcome.UNKNOWN;
        });
    }

    /** True when the failure asks for an incident at once ({@link JobIncident}, also as a cause). */
    private static boolean parks(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JobIncident) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode payload(Claimed job) {
        try {
            return JsonBodies.mapper().readTree(job.payload());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the payload is not JSON", e);
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        return m.length() > 2000 ? m.substring(0, 2000) : m;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
