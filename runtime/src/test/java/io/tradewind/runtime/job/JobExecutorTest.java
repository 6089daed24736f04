package io.tradewind.runtime.job;

import static io.tradewind.runtime.job.JobFixture.count;
import static io.tradewind.runtime.job.JobFixture.sql;
import static io.tradewind.runtime.job.JobFixture.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.job.JobExecutor.Outcome;
import io.tradewind.runtime.job.JobStore.Claimed;
import io.tradewind.runtime.tenant.TenantDb;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The job executor against the real database: several executors, each with its own pool, worker
 * names and clock, play replicas. The application's own executor is off in tests; each test uses
 * job kinds of its own, so the executors here never touch other tests' jobs.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class JobExecutorTest {
    @Inject
    JobQueue queue;
    @Inject
    TenantDb db;
    @Inject
    Jobs jobs;
    @Inject
    Vertx vertx;

    private final List<JobExecutor> executors = new ArrayList<>();
    private final List<Pool> pools = new ArrayList<>();

    @BeforeEach
    void effectTable() {
        JobFixture.effectTable();
    }

    @AfterEach
    void stopExecutors() {
        for (JobExecutor e : executors) {
            e.stop().await().atMost(Duration.ofSeconds(30));
        }
        pools.forEach(Pool::close);
    }

    private JobExecutor executor(String name, TradewindClock clock, JobExecutor.Settings settings,
            JobHandler... handlers) {
        Pool pool = JobFixture.pool(vertx, settings.workers() + 1);
        pools.add(pool);
        JobExecutor e = new JobExecutor(vertx, pool, clock, List.of(handlers), settings, name, jobs.listenOptions());
        executors.add(e);
        return e;
    }

    private UUID enqueue(NewJob job) {
        return db.run("default", c -> queue.enqueue(c, "default", job)).await().atMost(Duration.ofSeconds(10)).id();
    }

    private static String status(UUID id) {
        List<String> s = sql("select status from job where id = ?", id);
        return s.isEmpty() ? null : s.get(0);
    }

    private static long runs(UUID id) {
        return count("select count(*) from job_test_effect where job_id = ?", id);
    }

    @Test
    void aJobEnqueuedInARolledBackTransactionNeverRuns() {
        String kind = JobFixture.kind("rollback");
        UUID[] rolledBack = new UUID[1];
        assertThrows(IllegalStateException.class, () -> db.run("default", c -> queue.enqueue(c, "default", NewJob.of(
                kind, Map.of("n", 1))).flatMap(e -> {
                    rolledBack[0] = e.id();
                    return Uni.createFrom().failure(new IllegalStateException("the state change failed"));
                })).await().atMost(Duration.ofSeconds(10)));
        UUID committed = enqueue(NewJob.of(kind, Map.of("n", 2)));
        executor("rollback", new TradewindClock(), JobFixture.settings(2, 10, Duration.ofMinutes(1), Duration
                .ofSeconds(1)), JobFixture.recording(kind, "r")).start();

        until(Duration.ofSeconds(30), "the committed job is done", () -> "done".equals(status(committed)));
        assertThat(rolledBack[0]).isNotNull();
        assertThat(status(rolledBack[0])).as("the rolled-back job does not exist").isNull();
        assertThat(runs(rolledBack[0])).isZero();
        assertThat(runs(committed)).isEqualTo(1);
    }

    @Test
    void aNewJobWakesAnIdleExecutorAtOnceThroughNotify() {
        String kind = JobFixture.kind("notify");
        // the poll is an hour: only the notification can start the job
        JobExecutor.Settings slowPoll = new JobExecutor.Settings(1, 10, Duration.ofHours(1), Duration.ofMinutes(1),
                Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofDays(7));
        String before = sql("select clock_timestamp()::text").get(0);
        executor("notify", new TradewindClock(), slowPoll, JobFixture.recording(kind, "n")).start();
        until(Duration.ofSeconds(30), "the executor listens", () -> count("select count(*) from pg_stat_activity"
                + " where datname = current_database() and query like 'LISTEN%tradewind_jobs%' and backend_start >"
                + " ?::timestamptz", before) > 0);
        UUID second = enqueue(NewJob.of(kind, null));
        until(Duration.ofSeconds(30), "the notified job is done", () -> "done".equals(status(second)));
        assertThat(runs(second)).isEqualTo(1);
    }

    @Test
    void tenThousandJobsDrainedByTwoExecutorsRunExactlyOnce() {
        String kind = JobFixture.kind("drain");
        JobFixture.exec("insert into job (tenant_id, id, kind, payload, status, due_at, attempts, max_attempts,"
                + " created_at, updated_at) select 'default', gen_random_uuid(), ?, jsonb_build_object('n', g),"
                + " 'pending', now() - interval '1 second', 0, 5, now(), now() from generate_series(1, 10000) g", kind);
        JobExecutor.Settings settings = JobFixture.settings(4, 20, Duration.ofMinutes(5), Duration.ofSeconds(1));
        executor("replica-a", new TradewindClock(), settings, JobFixture.recording(kind, "a")).start();
        executor("replica-b", new TradewindClock(), settings, JobFixture.recording(kind, "b")).start();

        until(Duration.ofSeconds(240), "10,000 jobs are done", () -> count(
                "select count(*) from job where kind = ? and status = 'done'", kind) == 10_000);
        assertThat(count("select count(*) from job_test_effect e join job j on j.id = e.job_id where j.kind = ?", kind))
                .as("effects").isEqualTo(10_000);
        assertThat(count("select count(distinct e.job_id) from job_test_effect e join job j on j.id = e.job_id"
                + " where j.kind = ?", kind)).as("jobs with an effect").isEqualTo(10_000);
        assertThat(count("select count(*) from job where kind = ? and (status <> 'done' or attempts <> 1)", kind))
                .as("jobs left over or run twice").isZero();
        List<String> byReplica = sql("select e.worker || '=' || count(*) from job_test_effect e join job j on j.id ="
                + " e.job_id where j.kind = ? group by e.worker order by 1", kind);
        assertThat(byReplica).as("both replicas worked: %s", byReplica).hasSize(2);
        assertThat(sql("select distinct split_part(locked_by, '/', 1) from job where kind = ? order by 1", kind))
                .containsExactly("replica-a", "replica-b");
        JobFixture.exec("delete from job where kind = ?", kind); // keeps the other suites' snapshots small
    }

    @Test
    void aWorkerThatDiesHoldingALockIsReclaimedAfterTheExpiryAndTheJobRunsOnce() {
        String kind = JobFixture.kind("dead");
        TradewindClock clock = new TradewindClock();
        Duration lock = Duration.ofMinutes(2);
        UUID held = enqueue(NewJob.of(kind, null));
        // a replica claims the job and dies before it runs it
        JobExecutor dead = executor("dead", clock, JobFixture.settings(1, 10, lock, Duration.ofSeconds(1)), JobFixture
                .recording(kind, "dead"));
        List<Claimed> claimed = dead.claim("dead/0", 10, clock.instant()).await().atMost(Duration.ofSeconds(10));
        assertThat(claimed).extracting(Claimed::id).containsExactly(held);

        JobExecutor alive = executor("alive", clock, JobFixture.settings(2, 10, lock, Duration.ofSeconds(1)),
                JobFixture.recording(kind, "alive"));
        alive.start();
        UUID marker = enqueue(NewJob.of(kind, null));
        until(Duration.ofSeconds(30), "a later job is done", () -> "done".equals(status(marker)));
        assertThat(status(held)).as("locked until the lock expires").isEqualTo("running");
        assertThat(runs(held)).isZero();

        clock.setOffset(lock.plusSeconds(1));
        until(Duration.ofSeconds(30), "the reclaimed job is done", () -> "done".equals(status(held)));
        assertThat(runs(held)).isEqualTo(1);
        assertThat(sql("select attempts || ' ' || locked_by from job where id = ?", held)).singleElement().asString()
                .matches("2 alive/[01]");
    }

    @Test
    void aLateCompletionAfterTheLockWasReclaimedIsRefused() {
        String kind = JobFixture.kind("fence");
        TradewindClock clock = new TradewindClock();
        Duration lock = Duration.ofMinutes(1);
        JobExecutor.Settings settings = JobFixture.settings(1, 10, lock, Duration.ofSeconds(1));
        JobExecutor slow = executor("slow", clock, settings, JobFixture.recording(kind, "slow"));
        JobExecutor other = executor("other", clock, settings, JobFixture.recording(kind, "other"));
        UUID id = enqueue(NewJob.of(kind, null));

        Claimed late = slow.claim("slow/0", 1, clock.instant()).await().atMost(Duration.ofSeconds(10)).get(0);
        clock.setOffset(lock.plusSeconds(1));
        // the lock expired and nobody took the job yet: still refused once it was put back
        new JobStore(pools.get(0)).reap(clock.instant(), 100).await().atMost(Duration.ofSeconds(10));
        assertThat(slow.run(late).await().atMost(Duration.ofSeconds(10))).isEqualTo(Outcome.FENCED);
        Claimed current = other.claim("other/0", 1, clock.instant()).await().atMost(Duration.ofSeconds(10)).get(0);
        assertThat(current.id()).isEqualTo(id);
        assertThat(current.attempt()).isEqualTo(2);

        assertThat(slow.run(late).await().atMost(Duration.ofSeconds(10))).isEqualTo(Outcome.FENCED);
        assertThat(runs(id)).isZero();
        assertThat(status(id)).isEqualTo("running");
        assertThat(other.run(current).await().atMost(Duration.ofSeconds(10))).isEqualTo(Outcome.DONE);
        assertThat(slow.run(late).await().atMost(Duration.ofSeconds(10))).as("after it is done")
                .isEqualTo(Outcome.FENCED);
        assertThat(runs(id)).isEqualTo(1);
        assertThat(sql("select status || ' ' || attempts || ' ' || locked_by from job where id = ?", id))
                .containsExactly("done 2 other/0");
    }

    @Test
    void anIdempotencyKeyEnqueuesTheJobOnce() {
        String kind = JobFixture.kind("key");
        String key = "order-" + UUID.randomUUID();
        JobQueue.Enqueued first = db.run("default", c -> queue.enqueue(c, "default", NewJob.of(kind, null)
                .idempotencyKey(key))).await().atMost(Duration.ofSeconds(10));
        JobQueue.Enqueued second = db.run("default", c -> queue.enqueue(c, "default", NewJob.of(kind, Map.of("x", 1))
                .idempotencyKey(key))).await().atMost(Duration.ofSeconds(10));
        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.id()).isEqualTo(first.id());
        executor("key", new TradewindClock(), JobFixture.settings(1, 10, Duration.ofMinutes(1), Duration.ofSeconds(1)),
                JobFixture.recording(kind, "k")).start();
        until(Duration.ofSeconds(30), "the job is done", () -> "done".equals(status(first.id())));
        assertThat(count("select count(*) from job where kind = ?", kind)).isEqualTo(1);
        assertThat(runs(first.id())).isEqualTo(1);
    }

    @Test
    void aJobDueLaterRunsWhenTheClockReachesIt() {
        String kind = JobFixture.kind("timer");
        TradewindClock clock = new TradewindClock();
        UUID id = enqueue(NewJob.of(kind, null).dueAt(Instant.now().plus(Duration.ofDays(3))));
        UUID marker = enqueue(NewJob.of(kind, null));
        executor("timer", clock, JobFixture.settings(1, 10, Duration.ofMinutes(1), Duration.ofSeconds(1)), JobFixture
                .recording(kind, "t")).start();
        until(Duration.ofSeconds(30), "the job due now is done", () -> "done".equals(status(marker)));
        assertThat(status(id)).isEqualTo("pending");
        clock.setOffset(Duration.ofDays(3).plusSeconds(1));
        until(Duration.ofSeconds(30), "the timer job is done", () -> "done".equals(status(id)));
        assertThat(runs(id)).isEqualTo(1);
    }
}
