package io.tradewind.runtime.job;

import static io.restassured.RestAssured.given;
import static io.tradewind.runtime.job.JobFixture.count;
import static io.tradewind.runtime.job.JobFixture.sql;
import static io.tradewind.runtime.job.JobFixture.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.tenant.TenantDb;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Failed jobs: retries with growing delays on the test clock, the incident after the last attempt,
 * and the admin API that lists, retries and cancels incidents, audited and scoped to the tenant.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class JobIncidentsTest {
    private static final String PASSWORD = "incidents-Pa55word";

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

    /** A handler that fails while {@code failing} is set, else records its run. */
    private static JobHandler flaky(String kind, AtomicBoolean failing) {
        JobHandler recording = JobFixture.recording(kind, "flaky");
        return new JobHandler() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public Uni<Void> handle(JobContext job) {
                if (failing.get()) {
                    return Uni.createFrom().failure(new IllegalStateException("the mail server refused the message"));
                }
                return recording.handle(job);
            }
        };
    }

    private JobExecutor start(TradewindClock clock, Duration backoffBase, JobHandler handler) {
        Pool pool = JobFixture.pool(vertx, 3);
        pools.add(pool);
        JobExecutor e = new JobExecutor(vertx, pool, clock, List.of(handler), JobFixture.settings(2, 10, Duration
                .ofMinutes(5), backoffBase), "incidents-" + executors.size(), jobs.listenOptions());
        executors.add(e);
        e.start();
        return e;
    }

    private UUID enqueue(String tenant, NewJob job) {
        return db.run(tenant, c -> queue.enqueue(c, tenant, job)).await().atMost(Duration.ofSeconds(10)).id();
    }

    private static String state(UUID id) {
        return sql("select status || ' ' || attempts from job where id = ?", id).get(0);
    }

    private static Instant instant(String sql, UUID id) {
        return Instant.parse(sql(sql, id).get(0));
    }

    @Test
    void aFailingJobIsRetriedWithGrowingDelaysThenParkedAsAnIncidentThatAnAdminRetries() {
        String kind = JobFixture.kind("flaky");
        AtomicBoolean failing = new AtomicBoolean(true);
        TradewindClock clock = new TradewindClock();
        Duration base = Duration.ofSeconds(10);
        UUID id = enqueue("default", NewJob.of(kind, Map.of("to", "buyer@example.com")).maxAttempts(3));
        start(clock, base, flaky(kind, failing));

        List<Duration> delays = new ArrayList<>();
        for (int attempt = 1; attempt <= 2; attempt++) {
            String expected = "pending " + attempt;
            until(Duration.ofSeconds(30), "attempt " + attempt + " failed", () -> state(id).equals(expected));
            // the retry is due after the backoff, counted from the failure on the executor's clock
            String times = "select to_char(%s at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') from job where id = ?";
            Instant failedAt = instant(times.formatted("updated_at"), id);
            Instant dueAt = instant(times.formatted("due_at"), id);
            Duration delay = Duration.between(failedAt, dueAt);
            delays.add(delay);
            Duration ceiling = base.multipliedBy(1L << (attempt - 1));
            assertThat(delay).as("delay after attempt %d", attempt).isBetween(ceiling.dividedBy(2), ceiling);
            // nothing runs before the retry is due; then move the clock to it
            assertThat(state(id)).isEqualTo(expected);
            clock.setOffset(clock.offset().plus(delay).plusSeconds(1));
        }
        assertThat(delays.get(1)).as("the delays grow").isGreaterThanOrEqualTo(delays.get(0));
        until(Duration.ofSeconds(30), "the last attempt failed", () -> state(id).equals("incident 3"));
        assertThat(sql("select last_error from job where id = ?", id)).containsExactly(
                "the mail server refused the message");

        RequestSpecification admin = Api.asAdmin();
        given().spec(admin).get("/api/admin/incidents?limit=200").then().statusCode(200).body("items.id", hasItem(id
                .toString()));
        given().spec(admin).get("/api/admin/incidents/" + id).then().statusCode(200).body("status", equalTo(
                "incident")).body("attempts", equalTo(3)).body("kind", equalTo(kind)).body("payload.to", equalTo(
                        "buyer@example.com"))
                .body("lastError", equalTo("the mail server refused the message"));

        failing.set(false);
        given().spec(admin).post("/api/admin/incidents/" + id + "/retry").then().statusCode(200).body("status",
                equalTo("pending")).body("maxAttempts", equalTo(4));
        until(Duration.ofSeconds(30), "the retried job is done", () -> state(id).equals("done 4"));
        assertThat(count("select count(*) from job_test_effect where job_id = ?", id)).isEqualTo(1);
        given().spec(admin).get("/api/admin/incidents?limit=200").then().statusCode(200).body("items.id", not(hasItem(
                id.toString())));
        given().spec(admin).post("/api/admin/incidents/" + id + "/retry").then().statusCode(409).contentType(
                "application/problem+json").body("code", equalTo("JOB_NOT_INCIDENT"));
        assertThat(sql("select actor_name || ' ' || target_id from audit_log where action = 'job.incident.retry' and"
                + " target_id = ?", id.toString())).containsExactly("admin " + id);
    }

    @Test
    void anAdminCancelsAnIncidentAndAJobThatHasNotRunYet() {
        String kind = JobFixture.kind("cancel");
        AtomicBoolean failing = new AtomicBoolean(true);
        TradewindClock clock = new TradewindClock();
        UUID incident = enqueue("default", NewJob.of(kind, null).maxAttempts(1));
        UUID later = enqueue("default", NewJob.of(kind, null).dueAt(Instant.now().plus(Duration.ofDays(1))));
        start(clock, Duration.ofSeconds(1), flaky(kind, failing));
        until(Duration.ofSeconds(30), "the job failed its only attempt", () -> state(incident).equals("incident 1"));

        RequestSpecification admin = Api.asAdmin();
        given().spec(admin).body("{}").post("/api/admin/incidents/" + incident + "/cancel").then().statusCode(200)
                .body("status", equalTo("cancelled"));
        given().spec(admin).post("/api/admin/incidents/" + later + "/cancel").then().statusCode(200).body("status",
                equalTo("cancelled"));
        given().spec(admin).post("/api/admin/incidents/" + incident + "/retry").then().statusCode(409);
        given().spec(admin).post("/api/admin/incidents/" + incident + "/cancel").then().statusCode(409).body("code",
                equalTo("JOB_NOT_CANCELLABLE"));
        given().spec(admin).body("{\"force\": true}").post("/api/admin/incidents/" + incident + "/cancel").then()
                .statusCode(422).contentType("application/problem+json");

        failing.set(false);
        clock.setOffset(Duration.ofDays(2));
        UUID marker = enqueue("default", NewJob.of(kind, null));
        until(Duration.ofSeconds(30), "a new job is done", () -> state(marker).equals("done 1"));
        assertThat(state(later)).as("the cancelled job never runs").isEqualTo("cancelled 0");
        assertThat(count("select count(*) from job_test_effect where job_id in (?, ?)", incident, later)).isZero();
        assertThat(count("select count(*) from audit_log where action = 'job.incident.cancel' and target_id in (?, ?)",
                incident.toString(), later.toString())).isEqualTo(2);
    }

    @Test
    void incidentsArePagedNewestFirstAndAnotherTenantsIncidentIsNotFound() {
        String tenant = "jobs-" + UUID.randomUUID().toString().substring(0, 8);
        Api.asAdmin().body("{\"id\": \"" + tenant + "\", \"name\": \"Jobs tenant\", \"adminPassword\": \"" + PASSWORD
                + "\"}").post("/api/admin/tenants").then().statusCode(201);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(sql("insert into job (tenant_id, id, kind, payload, status, due_at, attempts, max_attempts,"
                    + " last_error, created_at, updated_at, finished_at) values (?, gen_random_uuid(), 'test.page', '{}',"
                    + " 'incident', now(), 1, 1, 'failed', now(), now(), now() - make_interval(mins => ?)) returning id",
                    tenant, i).get(0));
        }
        String token = given().contentType("application/json").body(Map.of("username", "admin", "password", PASSWORD,
                "tenant", tenant)).post("/api/auth/token").then().statusCode(200).extract().path("access_token");
        RequestSpecification other = given().header("Authorization", "Bearer " + token).contentType(
                "application/json");

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var page = given().spec(other).queryParam("limit", 2).queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/api/admin/incidents").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id", String.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(seen).as("newest first, each once").containsExactlyElementsOf(ids);
        given().spec(other).get("/api/admin/incidents?cursor=bm9wZQ").then().statusCode(400).body("code", equalTo(
                "CURSOR_INVALID"));
        given().spec(other).get("/api/admin/incidents?limit=201").then().statusCode(400);

        // the default tenant's incident is not found by the other tenant's admin, and stays as it was
        String mine = JobFixture.sql("insert into job (tenant_id, id, kind, payload, status, due_at, attempts,"
                + " max_attempts, created_at, updated_at, finished_at) values ('default', gen_random_uuid(),"
                + " 'test.page', '{}', 'incident', now(), 1, 1, now(), now(), now()) returning id").get(0);
        given().spec(other).get("/api/admin/incidents/" + mine).then().statusCode(404).contentType(
                "application/problem+json").body("code", equalTo("JOB_NOT_FOUND"));
        given().spec(other).post("/api/admin/incidents/" + mine + "/retry").then().statusCode(404);
        given().spec(other).post("/api/admin/incidents/" + mine + "/cancel").then().statusCode(404);
        assertThat(seen).doesNotContain(mine);
        assertThat(sql("select status from job where id = ?::uuid", mine)).containsExactly("incident");
        Api.asAdmin().get("/api/admin/incidents/" + mine).then().statusCode(200);
    }
}
