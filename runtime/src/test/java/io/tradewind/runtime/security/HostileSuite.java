package io.tradewind.runtime.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tradewind.runtime.testing.Api;

/**
 * The table behind the hostile-input suites ({@link CrossTenantSuiteTest},
 * {@link EscalationSuiteTest}): every {@code /api} operation the OpenAPI document lists, classified
 * by how it must treat another tenant's ids and a caller without rights, with a plausible body for
 * the operations that take one. An operation the table does not know fails the suites, so a new
 * endpoint cannot slip past them.
 */
final class HostileSuite {
    static final String COMPANY = "/api/apps/lab/forms/company/records";
    static final String DEALS = "/api/apps/acl/forms/deal/records";
    static final String PASSWORD = "hostile-suite-Pa55word";

    /** How an operation relates to tenants and rights. */
    enum Kind {
        /** No token needed (sign-in, refresh). */
        PUBLIC,
        /** About the caller only (me, sign-out, password change). */
        SELF,
        /** The installed apps' definitions: the same in every tenant, no tenant data. */
        CATALOG,
        /** Lists or searches the caller's tenant: must never show another tenant's rows. */
        COLLECTION,
        /** Creates something in the caller's tenant. */
        CREATE,
        /** Takes a tenant-scoped id in the path: another tenant's id answers 404. */
        BY_ID,
        /** Process-wide test or operator state (test clock, app sync problems): no tenant ids. */
        GLOBAL,
        /** Tenant administration and process-wide settings: admins of the system tenant only. */
        SYSTEM
    }

    /** One operation: method, OpenAPI path template, kind and a plausible JSON body (or null). */
    record Endpoint(String method, String template, Kind kind, String body) {
        String key() {
            return method + " " + template;
        }

        /** Operations for the tenant's admins only: {@code /api/admin} and the report schedules of apps. */
        boolean admin() {
            return template.startsWith("/api/admin/") || template.startsWith(SCHEDULES);
        }
    }

    private static final String RECORDS = "/api/apps/{app}/forms/{form}/records";
    private static final String SCHEDULES = "/api/apps/{app}/report-schedules";

    /** Every /api operation. Extend it when you add an endpoint (the suites fail until you do). */
    static final List<Endpoint> TABLE = List.of(
            new Endpoint("POST", "/api/auth/token", Kind.PUBLIC, null),
            new Endpoint("POST", "/api/auth/refresh", Kind.PUBLIC, null),
            new Endpoint("POST", "/api/auth/logout", Kind.SELF, null),
            new Endpoint("POST", "/api/auth/password", Kind.SELF, null),
            new Endpoint("GET", "/api/auth/me", Kind.SELF, null),
            new Endpoint("GET", "/api/apps", Kind.CATALOG, null),
            new Endpoint("GET", "/api/apps/{app}", Kind.CATALOG, null),
            new Endpoint("GET", "/api/apps/{app}/forms/{form}", Kind.CATALOG, null),
            new Endpoint("GET", RECORDS, Kind.COLLECTION, null),
            new Endpoint("POST", RECORDS, Kind.CREATE, "{\"name\": \"Hostile Create Co\"}"),
            new Endpoint("GET", RECORDS + "/{id}", Kind.BY_ID, null),
            new Endpoint("PATCH", RECORDS + "/{id}", Kind.BY_ID, "{\"name\": \"Taken Over Co\"}"),
            new Endpoint("DELETE", RECORDS + "/{id}", Kind.BY_ID, null),
            new Endpoint("GET", RECORDS + "/{id}/history", Kind.BY_ID, null),
            // report and dashboard keys are the app's; another tenant's keys (or ids) are simply not found
            new Endpoint("GET", "/api/apps/{app}/reports/{key}/data", Kind.BY_ID, null),
            new Endpoint("GET", "/api/apps/{app}/reports/{key}/export", Kind.BY_ID, null),
            new Endpoint("GET", "/api/apps/{app}/dashboards/{key}", Kind.BY_ID, null),
            // report schedules: tenant admins only, like /api/admin (see admin())
            new Endpoint("GET", SCHEDULES, Kind.COLLECTION, null),
            new Endpoint("POST", SCHEDULES, Kind.CREATE, "{\"name\": \"Hostile schedule\", \"report\":"
                    + " \"companies-by-tier\", \"cron\": \"0 8 * * 1\", \"recipients\": {\"roles\": [\"admin\"]}}"),
            new Endpoint("GET", SCHEDULES + "/{id}", Kind.BY_ID, null),
            new Endpoint("PATCH", SCHEDULES + "/{id}", Kind.BY_ID, "{\"name\": \"Taken over\", \"recipients\":"
                    + " {\"roles\": [\"admin\"]}}"),
            new Endpoint("DELETE", SCHEDULES + "/{id}", Kind.BY_ID, null),
            new Endpoint("POST", SCHEDULES + "/{id}/run", Kind.BY_ID, null),
            new Endpoint("GET", "/api/admin/users", Kind.COLLECTION, null),
            new Endpoint("POST", "/api/admin/users", Kind.CREATE, "{\"username\": \"hostile-made\", \"displayName\":"
                    + " \"Hostile Made\", \"password\": \"" + PASSWORD + "\", \"roles\": [\"admin\"]}"),
            new Endpoint("GET", "/api/admin/users/{id}", Kind.BY_ID, null),
            new Endpoint("PATCH", "/api/admin/users/{id}", Kind.BY_ID, "{\"displayName\": \"Taken Over\","
                    + " \"roles\": [\"admin\"], \"disabled\": true}"),
            new Endpoint("DELETE", "/api/admin/users/{id}", Kind.BY_ID, null),
            new Endpoint("GET", "/api/admin/departments", Kind.COLLECTION, null),
            new Endpoint("POST", "/api/admin/departments", Kind.CREATE, "{\"name\": \"Hostile Dept\"}"),
            new Endpoint("GET", "/api/admin/departments/{id}", Kind.BY_ID, null),
            new Endpoint("PATCH", "/api/admin/departments/{id}", Kind.BY_ID, "{\"name\": \"Taken Over Dept\"}"),
            new Endpoint("DELETE", "/api/admin/departments/{id}", Kind.BY_ID, null),
            new Endpoint("GET", "/api/admin/roles", Kind.COLLECTION, null),
            new Endpoint("POST", "/api/admin/roles", Kind.CREATE, "{\"key\": \"hostile_role\", \"name\": \"Hostile\"}"),
            new Endpoint("GET", "/api/admin/roles/{key}", Kind.BY_ID, null),
            new Endpoint("PATCH", "/api/admin/roles/{key}", Kind.BY_ID, "{\"name\": \"Taken Over Role\"}"),
            new Endpoint("DELETE", "/api/admin/roles/{key}", Kind.BY_ID, null),
            new Endpoint("GET", "/api/admin/roles/{key}/members", Kind.BY_ID, null),
            new Endpoint("PUT", "/api/admin/roles/{key}/members", Kind.BY_ID, "{\"userIds\": []}"),
            new Endpoint("GET", "/api/admin/api-keys", Kind.COLLECTION, null),
            new Endpoint("POST", "/api/admin/api-keys", Kind.CREATE, "{\"name\": \"hostile key\", \"roles\":"
                    + " [\"admin\"]}"),
            new Endpoint("GET", "/api/admin/api-keys/{id}", Kind.BY_ID, null),
            new Endpoint("DELETE", "/api/admin/api-keys/{id}", Kind.BY_ID, null),
            new Endpoint("GET", "/api/admin/audit", Kind.COLLECTION, null),
            new Endpoint("GET", "/api/admin/incidents", Kind.COLLECTION, null),
            new Endpoint("GET", "/api/admin/incidents/{id}", Kind.BY_ID, null),
            new Endpoint("POST", "/api/admin/incidents/{id}/retry", Kind.BY_ID, null),
            new Endpoint("POST", "/api/admin/incidents/{id}/cancel", Kind.BY_ID, null),
            new Endpoint("GET", "/api/admin/secrets", Kind.COLLECTION, null),
            // PUT creates or replaces by name in the caller's tenant: another tenant's name makes a secret of one's own
            new Endpoint("PUT", "/api/admin/secrets/{name}", Kind.CREATE, "{\"value\": \"hostile value\"}"),
            new Endpoint("DELETE", "/api/admin/secrets/{name}", Kind.BY_ID, null),
            // flows: ids of tasks, instances, notifications and flowlab requests; the paused flows are the tenant's
            new Endpoint("GET", "/api/tasks", Kind.COLLECTION, null),
            new Endpoint("POST", "/api/tasks/{id}/actions/{action}", Kind.BY_ID, "{\"comment\": \"Hostile approval\"}"),
            new Endpoint("GET", "/api/flow-instances/{id}", Kind.BY_ID, null),
            new Endpoint("POST", "/api/flow-instances/{id}/actions/{action}", Kind.BY_ID,
                    "{\"comment\": \"Hostile cancel\"}"),
            new Endpoint("GET", RECORDS + "/{id}/flows", Kind.BY_ID, null),
            new Endpoint("POST", RECORDS + "/{id}/flows/{flow}", Kind.BY_ID, "{\"comment\": \"Hostile start\"}"),
            new Endpoint("GET", "/api/notifications", Kind.COLLECTION, null),
            new Endpoint("POST", "/api/notifications/{id}/read", Kind.BY_ID, null),
            new Endpoint("POST", "/api/notifications/read-all", Kind.SELF, null),
            new Endpoint("GET", "/api/admin/flows/paused", Kind.COLLECTION, null),
            // a flow paused in another tenant is not paused in the caller's: 404, and it stays paused there
            new Endpoint("POST", "/api/admin/flows/{app}/{flow}/resume", Kind.BY_ID, null),
            // migrations: another tenant's instance is not found; a bulk migration only sees the caller's tenant
            new Endpoint("POST", "/api/admin/flow-instances/{id}/migrate", Kind.BY_ID, "{\"version\": 1}"),
            new Endpoint("POST", "/api/admin/flow-migrations", Kind.CREATE, "{\"app\": \"flowlab\", \"flow\":"
                    + " \"fill-in\", \"fromVersion\": 1, \"toVersion\": 1}"),
            // inbound webhooks: no token, the signature made with the tenant's secret is the credential
            new Endpoint("POST", "/api/hooks/{app}/{hook}", Kind.PUBLIC, "{\"orderNo\": \"hostile\"}"),
            new Endpoint("GET", "/api/admin/clock", Kind.GLOBAL, null),
            // the clock is one for all tenants: only the system tenant's admins move it
            new Endpoint("PUT", "/api/admin/clock", Kind.SYSTEM, "{\"offset\": \"PT1S\"}"),
            new Endpoint("GET", "/api/admin/apps/problems", Kind.GLOBAL, null),
            new Endpoint("POST", "/api/admin/apps/{app}/seed", Kind.CREATE, null),
            new Endpoint("GET", "/api/admin/tenants", Kind.SYSTEM, null),
            new Endpoint("POST", "/api/admin/tenants", Kind.SYSTEM, "{\"id\": \"hostile-made\", \"name\": \"Hostile\","
                    + " \"adminPassword\": \"" + PASSWORD + "\"}"),
            new Endpoint("GET", "/api/admin/tenants/{id}", Kind.SYSTEM, null),
            new Endpoint("PATCH", "/api/admin/tenants/{id}", Kind.SYSTEM, "{\"disabled\": true}"));

    private HostileSuite() {
    }

    /** Every {@code METHOD /api/...} operation of the running application's OpenAPI document. */
    static Set<String> openApiOperations() {
        Map<String, Map<String, Object>> paths = given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200).extract().jsonPath().getMap("paths");
        Set<String> out = new TreeSet<>();
        paths.forEach((path, ops) -> {
            if (path.equals("/api") || path.startsWith("/api/")) {
                for (String method : ops.keySet()) {
                    if (Set.of("get", "post", "put", "patch", "delete", "head", "options").contains(method)) {
                        out.add(method.toUpperCase() + " " + path);
                    }
                }
            }
        });
        return out;
    }

    /**
     * The table, after checking that it lists exactly the application's operations (a missing row is a
     * new endpoint nobody classified; a stale row is one that went away).
     */
    static List<Endpoint> endpoints() {
        Set<String> actual = openApiOperations();
        Set<String> known = new TreeSet<>();
        TABLE.forEach(e -> known.add(e.key()));
        Set<String> unclassified = new TreeSet<>(actual);
        unclassified.removeAll(known);
        Set<String> stale = new TreeSet<>(known);
        stale.removeAll(actual);
        assertThat(unclassified).as("These /api operations are not classified in HostileSuite.TABLE: add each"
                + " with its kind (and a plausible body) so the cross-tenant and escalation suites cover it")
                .isEmpty();
        assertThat(stale).as("HostileSuite.TABLE lists operations the application no longer has").isEmpty();
        assertThat(actual).as("the OpenAPI document lists the /api operations").hasSizeGreaterThan(30);
        return TABLE;
    }

    /**
     * Fills the template's parameters: {app}/{form} with the lab company form (the flowlab request form
     * for the flow buttons), ids through {@code id} (also the flow to resume), {flow} and {action} with
     * a flow and an action that exist.
     */
    static String path(Endpoint e, Function<Endpoint, String> id) {
        String t = e.template();
        if (t.startsWith("/api/admin/flows/")) {
            return t.replace("{app}", "flowlab").replace("{flow}", id.apply(e));
        }
        if (t.startsWith("/api/hooks/")) {
            return t.replace("{app}", "flowlab").replace("{hook}", "shop-order");
        }
        boolean flows = t.contains("/flows");
        String p = t.replace("{app}", flows ? "flowlab" : "lab").replace("{form}", flows ? "request" : "company")
                .replace("{flow}", "fill-in").replace("{action}", t.startsWith("/api/tasks/") ? "complete" : "cancel");
        if (p.contains("{id}") || p.contains("{key}") || p.contains("{name}")) {
            p = p.replace("{id}", id.apply(e)).replace("{key}", id.apply(e)).replace("{name}", id.apply(e));
        }
        return p;
    }

    /** Sends the operation with its plausible body (or {@code body} when given). */
    static Response call(RequestSpecification spec, Endpoint e, String path, String body) {
        RequestSpecification r = given().spec(spec).contentType("application/json");
        String b = body != null ? body : e.body();
        if (b != null) {
            r = r.body(b);
        } else if (!e.method().equals("GET") && !e.method().equals("DELETE")) {
            r = r.body("{}");
        }
        return r.request(e.method(), path);
    }

    static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    /** A short random suffix. */
    static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /**
     * Runs a query as the database owner (past row-level security); answers the first column as text.
     */
    static List<String> sql(String sql, Object... args) {
        var config = ConfigProvider.getConfig();
        try (Connection c = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class), "");
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * What the default tenant's tables hold, row by row (as text), for a before/after comparison; the
     * audit log is left out (refusals are audited) and so are sign-in bookkeeping columns.
     */
    static Map<String, List<String>> snapshot() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("record", sql("select r::text from (select id, form_key, version, data, owner, updated_by from record"
                + " where tenant_id = 'default' order by id) r"));
        m.put("record_history", sql("select count(*)::text from record_history where tenant_id = 'default'"));
        m.put("app_user", sql("select u::text from (select id, username, display_name, email, department_id,"
                + " manager_id, disabled, password_hash from app_user where tenant_id = 'default' order by id) u"));
        m.put("user_role", sql("select u::text from (select user_id, role_key from user_role where tenant_id ="
                + " 'default' order by user_id, role_key) u"));
        m.put("role", sql("select r::text from (select key, name, description from role where tenant_id = 'default'"
                + " order by key) r"));
        m.put("department", sql("select d::text from (select id, name, parent_id, manager_id from department where"
                + " tenant_id = 'default' order by id) d"));
        m.put("api_key", sql("select k::text from (select id, name, roles, revoked_at, expires_at from api_key"
                + " where tenant_id = 'default' order by id) k"));
        m.put("report_schedule", sql("select s::text from (select id, app_key, name, target_kind, target_key, cron,"
                + " time_zone, recipient_users, recipient_roles, parameters, enabled, next_run_at, updated_at from"
                + " report_schedule where tenant_id = 'default' order by id) s"));
        m.put("report_delivery", sql("select count(*)::text from report_delivery where tenant_id = 'default'"));
        m.put("job", sql("select j::text from (select id, kind, status, due_at, attempts, max_attempts, last_error,"
                + " finished_at from job where tenant_id = 'default' order by id) j"));
        m.put("tenant_secret", sql("select s::text from (select name, value, created_at, updated_at from tenant_secret"
                + " where tenant_id = 'default' order by name) s"));
        m.put("flow_instance", sql("select i::text from (select id, flow_key, definition_id, status, record_id, state,"
                + " error, ended_at from flow_instance where tenant_id = 'default' order by id) i"));
        m.put("flow_task", sql("select k::text from (select id, status, assignee, outcome, comment, completed_at from"
                + " flow_task where tenant_id = 'default' order by id) k"));
        m.put("flow_event", sql("select count(*)::text from flow_event where tenant_id = 'default'"));
        m.put("notification", sql("select n::text from (select id, user_id, title, read_at from notification where"
                + " tenant_id = 'default' order by id) n"));
        m.put("flow_pause", sql("select p::text from (select app_key, flow_key, reason, paused_at, resumed_at from"
                + " flow_pause where tenant_id = 'default' order by app_key, flow_key) p"));
        m.put("tenant", sql(
                "select t::text from (select tenant_id, name, time_zone, disabled from tenant order by tenant_id) t"));
        return m;
    }

    /**
     * Parks a job of the default tenant as an incident (as the job executor does after the last
     * attempt) and answers its id; {@code secret} is its last error.
     */
    static String incident(String secret) {
        return sql("insert into job (tenant_id, id, kind, payload, status, due_at, attempts, max_attempts, last_error,"
                + " created_at, updated_at, finished_at) values ('default', gen_random_uuid(), 'hostile.test',"
                + " jsonb_build_object('secret', ?), 'incident', now(), 3, 3, ?, now(), now(), now()) returning id",
                secret, secret).get(0);
    }

    /**
     * Flow rows of the default tenant: a flowlab request with a running fill-in instance (started with
     * a comment) and its open task, a notification of the admin, and a paused flow. The texts all carry
     * {@code secret}.
     */
    record FlowRows(String request, String instance, String task, String notification, String pausedFlow,
            List<String> texts) {
        List<String> ids() {
            return List.of(request, instance, task, notification);
        }
    }

    static FlowRows flowRows(String secret) {
        String title = "Secret request " + secret;
        String comment = "Secret comment " + secret;
        String request = admin().body("{\"title\": \"" + title + "\"}").post("/api/apps/flowlab/forms/request/records")
                .then().statusCode(201).extract().path("id");
        Response started = admin().body("{\"comment\": \"" + comment + "\"}").post(
                "/api/apps/flowlab/forms/request/records/" + request + "/flows/fill-in").then().statusCode(201)
                .extract().response();
        String note = "Secret note " + secret;
        String notification = sql("insert into notification (tenant_id, id, user_id, kind, title, created_at) select"
                + " 'default', gen_random_uuid(), id, 'info', ?, now() from app_user where tenant_id = 'default' and"
                + " username = 'admin' returning id", note).get(0);
        String paused = "paused-" + secret;
        String reason = "Secret reason " + secret;
        sql("insert into flow_pause (tenant_id, app_key, flow_key, reason, paused_at) values ('default', 'flowlab', ?,"
                + " ?, now()) returning flow_key", paused, reason);
        return new FlowRows(request, started.path("id"), started.path("openTasks[0].id"), notification, paused,
                List.of(title, comment, note, reason));
    }

    /** The admin of the default tenant (the bootstrapped one). */
    static RequestSpecification admin() {
        return Api.asAdmin();
    }

    /** Signs in to a tenant and answers the access token. */
    static String token(String tenant, String username, String password) {
        return TestAccounts.token(tenant, username, password);
    }
}
