package io.tradewind.runtime.job;

import static io.tradewind.runtime.job.JobFixture.count;
import static io.tradewind.runtime.job.JobFixture.exec;
import static io.tradewind.runtime.job.JobFixture.sql;
import static io.tradewind.runtime.job.JobFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.mail.MailSendHandler;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Replicas as real processes: the packaged runtime ({@code runtime/target/quarkus-app}, from the
 * last {@code ./mvnw install}) is started against the test database beside an executor in this JVM;
 * the process is killed with SIGKILL in the middle of the work, and after a restart every one of
 * 10,000 jobs is done exactly once, and of 300 e-mail jobs sent to a real SMTP server none is sent
 * twice and none is lost (each is delivered once, or parked as an incident when the kill fell
 * between the SMTP hand-over and the commit). A trigger records each completion inside the
 * completion transaction, like a handler's own database write would be. Skipped when no packaged
 * runtime with the job executor exists.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class JobProcessTest {
    private static final int JOBS = 10_000;
    private static final int MAILS = 300;
    private static final Path APP = Path.of("target/quarkus-app/quarkus-run.jar");

    @Inject
    Jobs jobs;
    @Inject
    Vertx vertx;

    private final List<Process> processes = new ArrayList<>();
    private GreenMail smtp;
    private JobExecutor local;
    private Pool pool;

    @AfterEach
    void cleanUp() {
        processes.forEach(Process::destroyForcibly);
        if (local != null) {
            local.stop().await().atMost(Duration.ofSeconds(30));
        }
        if (pool != null) {
            pool.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
        exec("delete from job where kind = ? and payload ->> 'subject' like 'kill test %'", MailSendHandler.KIND);
        exec("drop trigger if exists job_test_done on job");
        exec("delete from job where kind = ?", NoopHandler.KIND);
    }

    @Test
    void aRuntimeKilledWithSigkillLosesNothingAfterRestart() throws Exception {
        // the build runs this test after packaging (runtime/pom.xml, execution packaged-runtime-tests)
        assertThat(packagedWithJobs()).as("the packaged runtime with the job executor (./mvnw package)").isTrue();
        exec("create table if not exists job_test_done (job_id uuid not null, worker text not null)");
        exec("grant insert on job_test_done to tradewind_tenant");
        exec("create or replace function job_test_done() returns trigger language plpgsql as $$ begin"
                + " insert into job_test_done values (new.id, new.locked_by); return null; end $$");
        exec("create trigger job_test_done after update of status on job for each row when (new.status = 'done' and"
                + " old.status <> 'done' and new.kind = '" + NoopHandler.KIND + "') execute function job_test_done()");
        exec("insert into job (tenant_id, id, kind, payload, status, due_at, attempts, max_attempts, created_at,"
                + " updated_at) select 'default', gen_random_uuid(), ?, '{}', 'pending', now() - interval '1 second', 0,"
                + " 5, now(), now() from generate_series(1, ?) g", NoopHandler.KIND, JOBS);

        // e-mails among the jobs, to a real SMTP server: none may be sent twice, none lost
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        exec("insert into job (tenant_id, id, kind, payload, status, due_at, attempts, max_attempts, created_at,"
                + " updated_at) select 'default', gen_random_uuid(), ?, jsonb_build_object('to', jsonb_build_array("
                + "'kill' || g || '@example.com'), 'subject', 'kill test ' || g, 'text', 'mail ' || g), 'pending',"
                + " now() - interval '1 second' + (g * interval '30 microseconds'), 0, 5, now(), now()"
                + " from generate_series(1, ?) g", MailSendHandler.KIND, MAILS);

        Process first = runtime("child-1");
        pool = JobFixture.pool(vertx, 3);
        local = new JobExecutor(vertx, pool, new TradewindClock(), List.of(new NoopHandler()), JobFixture.settings(2,
                50, Duration.ofSeconds(3), Duration.ofSeconds(1)), "jvm", jobs.listenOptions());
        local.start();
        until(Duration.ofSeconds(120), "the process has done some of the jobs", () -> count(
                "select count(*) from job_test_done where worker like 'child-1/%'") >= 500);

        first.destroyForcibly(); // SIGKILL
        first.waitFor();
        local.stop().await().atMost(Duration.ofSeconds(30));
        long held = count("select count(*) from job where kind = ? and status = 'running' and locked_by like"
                + " 'child-1/%'", NoopHandler.KIND);
        long done = count("select count(*) from job where kind = ? and status = 'done'", NoopHandler.KIND);
        assertThat(held).as("the killed process held locks").isPositive();
        assertThat(done).as("work was left").isLessThan(JOBS);

        runtime("child-2");
        until(Duration.ofSeconds(180), "every job is done after the restart", () -> count(
                "select count(*) from job where kind = ? and status = 'done'", NoopHandler.KIND) == JOBS);
        assertThat(count("select count(*) from job_test_done")).as("completions").isEqualTo(JOBS);
        assertThat(count("select count(distinct job_id) from job_test_done")).as("jobs completed").isEqualTo(JOBS);
        List<String> byReplica = sql("select split_part(worker, '/', 1) from job_test_done group by 1 order by 1");
        assertThat(byReplica).containsExactly("child-1", "child-2", "jvm");
        assertThat(count("select count(*) from job where kind = ? and attempts = 2 and locked_by like 'child-2/%'",
                NoopHandler.KIND)).as("the locks of the killed process were taken over after they expired")
                .isEqualTo(held);

        // every e-mail was delivered once, or (killed between the SMTP hand-over and the commit) parked for an
        // admin as uncertain: never twice, never silently lost
        until(Duration.ofSeconds(180), "every e-mail job has ended", () -> count("select count(*) from job where"
                + " kind = ? and payload ->> 'subject' like 'kill test %' and status in ('done', 'incident')",
                MailSendHandler.KIND) == MAILS);
        Map<String, Long> received = java.util.Arrays.stream(smtp.getReceivedMessages()).map(m -> {
            try {
                return m.getSubject();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.groupingBy(x -> x, Collectors.counting()));
        assertThat(received.values()).as("no e-mail sent twice").allMatch(n -> n == 1);
        long uncertain = count("select count(*) from job where kind = ? and payload ->> 'subject' like 'kill test %'"
                + " and status = 'incident'", MailSendHandler.KIND);
        assertThat(received.size() + uncertain).as("delivered + parked as uncertain").isEqualTo(MAILS);
        assertThat(uncertain).as("at most the e-mails in flight when the process was killed").isLessThanOrEqualTo(
                16);
    }

    /**
     * Starts the packaged runtime as replica {@code name} on the test database, with its own HTTP port.
     */
    private Process runtime(String name) throws IOException {
        var config = ConfigProvider.getConfig();
        String java = ProcessHandle.current().info().command().orElse("java");
        File log = new File("target/job-process-" + name + ".log");
        ProcessBuilder pb = new ProcessBuilder(java, "-Dtradewind.jobs.replica-id=" + name,
                "-Dtradewind.jobs.lock-duration=3s", "-Dtradewind.jobs.batch-size=100", "-Dtradewind.jobs.workers=4",
                "-Dtradewind.reports.schedule.enabled=false", "-Dquarkus.http.port=0",
                "-Dpolyglot.engine.WarnInterpreterOnly=false", "-jar", APP.toString());
        Map<String, String> env = pb.environment();
        env.put("TRADEWIND_DB_URL", config.getValue("quarkus.datasource.reactive.url", String.class));
        env.put("TRADEWIND_DB_USER", config.getValue("quarkus.datasource.username", String.class));
        env.put("TRADEWIND_APPS_DIR", config.getValue("tradewind.apps-dir", String.class));
        env.put("TRADEWIND_ADMIN_PASSWORD", "process-test-Pa55word");
        if (smtp != null) {
            env.put("TRADEWIND_SMTP_HOST", "127.0.0.1");
            env.put("TRADEWIND_SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()));
            env.put("TRADEWIND_SMTP_STARTTLS", "DISABLED");
        }
        pb.redirectErrorStream(true).redirectOutput(log);
        Process p = pb.start();
        processes.add(p);
        until(Duration.ofSeconds(120), name + " has started (" + log + ")", () -> {
            assertThat(p.isAlive()).as(name + " exited; see " + log).isTrue();
            try {
                return Files.readString(log.toPath()).contains("TW-JOB-001");
            } catch (IOException e) {
                return false;
            }
        });
        return p;
    }

    private static boolean packagedWithJobs() throws IOException {
        Path lib = Path.of("target/quarkus-app/app");
        if (!Files.isRegularFile(APP) || !Files.isDirectory(lib)) {
            return false;
        }
        try (var files = Files.list(lib)) {
            for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
                try (JarFile j = new JarFile(jar.toFile())) {
                    if (j.getEntry("io/tradewind/runtime/job/JobExecutor.class") != null) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
