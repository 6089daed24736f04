package io.tradewind.runtime.flow;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.specification.RequestSpecification;
import io.tradewind.runtime.security.PasswordHasher;
import io.tradewind.runtime.testing.Api;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The sales organisation of the trade-CRM flow scenarios, in the default tenant: the department
 * "tcf Export sales" (manager {@code mgr}) with two teams, North (reps {@code ana} and {@code bo})
 * and Pool (reps {@code cy} and {@code dee}); every rep reports to {@code mgr}, who reports to the
 * director {@code dir}. {@code dir2} is a second sales director who is also a sales manager (so she
 * may submit quotes), {@code gm} the general manager, {@code doc} of documentation. Usernames start
 * with {@code tcf-}.
 */
final class TradeCrmFlowFixture {
    static final String PASSWORD = "trade-crm-flows-Pa55";
    static final String FORMS = "/api/apps/trade-crm/forms/";
    static final Map<String, UUID> USERS = new HashMap<>();
    static final Map<String, String> TOKENS = new HashMap<>();
    static UUID sales;
    static UUID north;
    static UUID poolTeam;
    private static int setUpOnPort;

    private TradeCrmFlowFixture() {
    }

    /** Creates the departments and users once per application start. */
    static synchronized void setUp(Pool pool) {
        if (setUpOnPort == io.restassured.RestAssured.port) {
            return;
        }
        setUpOnPort = io.restassured.RestAssured.port;
        USERS.clear();
        TOKENS.clear();
        String hash = PasswordHasher.hash(PASSWORD);
        sales = department(pool, "tcf Export sales", null);
        north = department(pool, "tcf North", sales);
        poolTeam = department(pool, "tcf Pool", sales);
        user(pool, hash, "dir", null, null, "sales_director");
        user(pool, hash, "dir2", "dir", sales, "sales_director", "sales_manager");
        user(pool, hash, "gm", null, null, "general_manager");
        user(pool, hash, "doc", null, null, "documentation");
        user(pool, hash, "mgr", "dir", sales, "sales_manager");
        user(pool, hash, "ana", "mgr", north, "sales_rep");
        user(pool, hash, "bo", "mgr", north, "sales_rep");
        user(pool, hash, "cy", "mgr", poolTeam, "sales_rep");
        user(pool, hash, "dee", "mgr", poolTeam, "sales_rep");
        FlowFixture.sql(pool, "update department set manager_id = $2 where tenant_id = 'default' and id = $1", sales,
                USERS.get("mgr"));
        for (String u : USERS.keySet()) {
            TOKENS.put(u, Api.token("tcf-" + u, PASSWORD));
        }
    }

    private static UUID department(Pool pool, String name, UUID parent) {
        UUID id = UUID.randomUUID();
        FlowFixture.sql(pool, "insert into department (tenant_id, id, name, parent_id) values ('default', $1, $2, $3)",
                id, name, parent);
        return id;
    }

    private static void user(Pool pool, String hash, String name, String manager, UUID department,
            String... roles) {
        UUID id = UUID.randomUUID();
        USERS.put(name, id);
        FlowFixture.sql(pool, "insert into app_user (tenant_id, id, username, display_name, email, password_hash,"
                + " manager_id, department_id) values ('default', $1, $2, $3, $4, $5, $6, $7)", id, "tcf-" + name,
                "Trade " + name, "tcf-" + name + "@example.com", hash, manager == null ? null : USERS.get(manager),
                department);
        for (String role : roles) {
            FlowFixture.sql(pool, "insert into user_role (tenant_id, user_id, role_key) values ('default', $1, $2)",
                    id, role);
        }
    }

    static String id(String user) {
        return USERS.get(user).toString();
    }

    static RequestSpecification as(String user) {
        return "admin".equals(user)
                ? Api.asAdmin()
                : given().header("Authorization", "Bearer " + TOKENS.get(user)).contentType("application/json");
    }

    /** Creates a record as {@code user}; its id. */
    static String create(String user, String form, Map<String, Object> values) {
        var r = as(user).body(values).post(FORMS + form + "/records");
        if (r.statusCode() != 201) {
            throw new AssertionError("creating a " + form + " as " + user + ": " + r.statusCode() + " " + r.asString());
        }
        return r.then().extract().path("id");
    }

    static void patch(String user, String form, String id, Map<String, Object> values) {
        var r = as(user).body(values).patch(FORMS + form + "/records/" + id);
        if (r.statusCode() != 200) {
            throw new AssertionError("changing " + form + " " + id + " as " + user + ": " + r.statusCode() + " "
                    + r.asString());
        }
    }

    /** The record as the admin reads it: {@code {id, owner, data, ...}}. */
    static Map<String, Object> record(String form, String id) {
        return Api.asAdmin().get(FORMS + form + "/records/" + id).then().statusCode(200).extract().path("");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> data(String form, String id) {
        return (Map<String, Object>) record(form, id).get("data");
    }

    static Object owner(String form, String id) {
        return record(form, id).get("owner");
    }

    /** Presses a flow's button on a record as {@code user}; the response body (201 expected). */
    static Map<String, Object> press(String user, String form, String id, String flow) {
        var r = as(user).body("{}").post(FORMS + form + "/records/" + id + "/flows/" + flow);
        if (r.statusCode() != 201) {
            throw new AssertionError("pressing " + flow + " as " + user + ": " + r.statusCode() + " " + r.asString());
        }
        return r.then().extract().path("");
    }

    /** The titles of the user's notifications about a record, newest first. */
    @SuppressWarnings("unchecked")
    static List<String> notes(String user, String record) {
        List<Map<String, Object>> items = as(user).get("/api/notifications?limit=200").then().statusCode(200)
                .extract().path("items");
        return items.stream().filter(n -> n.get("link") instanceof Map<?, ?> link && record.equals(link.get(
                "record"))).map(n -> (String) n.get("title")).toList();
    }

    /** The id of {@code user}'s open task of an instance, or null. */
    static String taskOf(String user, String instance) {
        List<Map<String, Object>> items = as(user).get("/api/tasks?limit=200").then().statusCode(200).extract().path(
                "items");
        return items.stream().filter(t -> instance.equals(t.get("instance"))).map(t -> (String) t.get("id"))
                .findFirst().orElse(null);
    }

    /** The instances of a flow started for a record, oldest first: {@code [id, status]}. */
    static List<String[]> instances(Pool pool, String flow, String record) {
        List<String[]> out = new java.util.ArrayList<>();
        pool.preparedQuery("select id::text, status from flow_instance where flow_key = $1 and record_id = $2 order"
                + " by started_at").execute(Tuple.of(flow, UUID.fromString(record))).await().indefinitely()
                .forEach(r -> out.add(new String[]{r.getString(0), r.getString(1)}));
        return out;
    }

    /** The default tenant's time zone. */
    static ZoneId zone(Pool pool) {
        return ZoneId.of(pool.preparedQuery("select time_zone from tenant where tenant_id = 'default'").execute()
                .await().indefinitely().iterator().next().getString(0));
    }

    /** When the pending run of a scheduled flow of the default tenant is due. */
    static Instant nextRun(Pool pool, String flow) {
        var rows = pool.preparedQuery("select due_at from job where tenant_id = 'default' and kind = 'flow.schedule'"
                + " and status = 'pending' and payload ->> 'flow' = $1 order by due_at limit 1").execute(Tuple.of(
                        flow))
                .await().indefinitely();
        if (rows.size() == 0) {
            throw new AssertionError("no pending run of the schedule of " + flow);
        }
        return rows.iterator().next().getOffsetDateTime(0).toInstant();
    }

    /** Moves the runtime's clock to {@code at} (forward only). */
    static void clockTo(Instant at) {
        FlowFixture.clock(Duration.between(Instant.now(), at).toString());
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(java.time.ZoneOffset.UTC);
    }
}
