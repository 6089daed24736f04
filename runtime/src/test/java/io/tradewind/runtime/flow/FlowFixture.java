package io.tradewind.runtime.flow;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.job.JobExecutor;
import io.tradewind.runtime.job.JobHandler;
import io.tradewind.runtime.job.Jobs;
import io.tradewind.runtime.security.PasswordHasher;
import io.tradewind.runtime.testing.Api;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The people and helpers of the flow tests (test app {@code src/test/apps/flowlab}): staff members
 * who submit, three managers, a director; the reporting line staff → m1 → d1. {@link #drain()} runs
 * every due flow job with a real job executor, as a replica would, and waits until none is left.
 */
final class FlowFixture {
    static final String PASSWORD = "flow-test-Pa55";
    static final String REQUESTS = "/api/apps/flowlab/forms/request/records";
    static final String LOGS = "/api/apps/flowlab/forms/log/records";
    static final Map<String, UUID> USERS = new HashMap<>();
    static final Map<String, String> TOKENS = new HashMap<>();
    private static int setUpOnPort;
    private static JobExecutor executor;

    private FlowFixture() {
    }

    /** Creates the users once per application start and starts a job executor for the flow jobs. */
    static synchronized void setUp(Pool pool, Jobs jobs, List<JobHandler> handlers) {
        if (setUpOnPort == io.restassured.RestAssured.port) {
            return;
        }
        setUpOnPort = io.restassured.RestAssured.port;
        USERS.clear();
        TOKENS.clear();
        String hash = PasswordHasher.hash(PASSWORD);
        user(pool, "d1", "fl_director", hash, null);
        user(pool, "m1", "fl_manager", hash, "d1");
        user(pool, "m2", "fl_manager", hash, "d1");
        user(pool, "m3", "fl_manager", hash, "d1");
        user(pool, "staff", "fl_staff", hash, "m1");
        user(pool, "staff2", "fl_staff", hash, "m2");
        sql(pool, "insert into user_role (tenant_id, user_id, role_key) values ('default', $1, 'fl_staff')",
                USERS.get("m3"));
        for (String u : USERS.keySet()) {
            TOKENS.put(u, Api.token("fl-" + u, PASSWORD));
        }
        if (executor != null) {
            executor.stop().await().atMost(Duration.ofSeconds(30));
        }
        executor = jobs.create(pool, new JobExecutor.Settings(2, 20,
                Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofDays(1)), "flow-test",
                handlers.stream().filter(h -> h.kind().startsWith("flow.") || h
                        .kind().startsWith("mail.")).toList());
        executor.start();
    }

    private static void user(Pool pool, String name, String role, String hash, String manager) {
        UUID id = UUID.randomUUID();
        USERS.put(name, id);
        sql(pool, "insert into app_user (tenant_id, id, username, display_name, email, password_hash, manager_id)"
                + " values ('default', $1, $2, $3, $4, $5, $6)", id, "fl-" + name, "Flow " + name,
                "fl-" + name
                        + "@example.com",
                hash, manager == null ? null : USERS.get(manager));
        sql(pool, "insert into user_role (tenant_id, user_id, role_key) values ('default', $1, $2)", id, role);
    }

    static void sql(Pool pool, String sql, Object... params) {
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely();
    }

    static long count(Pool pool, String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely().iterator().next()
                .getLong(0);
    }

    static RequestSpecification as(String user) {
        return given().header("Authorization", "Bearer " + TOKENS.get(user)).contentType("application/json");
    }

    /** Runs the due flow jobs until none is left (jobs due later stay). */
    static void drain(Pool pool, TradewindClock clock) {
        Instant deadline = Instant.now().plusSeconds(30);
        int quiet = 0;
        while (quiet < 3) {
            executor.wake();
            long left = count(pool, "select count(*) from job where (kind like 'flow.%' or kind like 'mail.%') and"
                    + " (status = 'running' or (status = 'pending' and due_at <= $1))",
                    clock.instant().atOffset(
                            java.time.ZoneOffset.UTC));
            quiet = left == 0 ? quiet + 1 : 0;
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("flow jobs still due after 30 s: " + left);
            }
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Moves the runtime's clock to {@code offset} from real time (never back). */
    static void clock(String offset) {
        Api.asAdmin().body(Map.of("offset", offset)).put("/api/admin/clock").then().statusCode(200);
    }

    /** A request of {@code user} with the given values; its id. */
    static String request(String user, Map<String, Object> values) {
        return as(user).body(values).post(REQUESTS).then().statusCode(201).extract().path("id");
    }

    /** Presses a flow's button on a request; the response (201 expected). */
    static ValidatableResponse press(String user, String request, String flow) {
        return as(user).body("{}").post(REQUESTS + "/" + request + "/flows/" + flow).then();
    }

    /** The id of {@code user}'s open task of an instance. */
    static String taskOf(String user, String instance) {
        List<Map<String, Object>> items = as(user).get("/api/tasks?limit=200").then().statusCode(200).extract().path(
                "items");
        return items.stream().filter(t -> instance.equals(t.get("instance"))).map(t -> (String) t.get("id"))
                .findFirst().orElseThrow(() -> new AssertionError(user + " has no open task of " + instance));
    }

    /** The newest task (open or not) of a user in an instance. */
    static String lastTask(Pool pool, String user, String instance) {
        return pool.preparedQuery("select id::text from flow_task where instance_id = $1 and assignee = $2 order by"
                + " created_at desc limit 1").execute(Tuple.of(UUID.fromString(instance), USERS.get(user))).await()
                .indefinitely().iterator().next().getString(0);
    }

    static ValidatableResponse act(String user, String task, String action, Object body) {
        return as(user).body(body).post("/api/tasks/" + task + "/actions/" + action).then();
    }

    static Map<String, Object> instance(String user, String id) {
        return as(user).get("/api/flow-instances/" + id).then().statusCode(200).extract().path("");
    }

    static Map<String, Object> record(String id) {
        return Api.asAdmin().get(REQUESTS + "/" + id).then().statusCode(200).extract().path("data");
    }

    static void assertStatus(String expected, String instance) {
        assertEquals(expected, Api.asAdmin().get("/api/flow-instances/" + instance).then().statusCode(200).extract()
                .path("status"));
    }
}
