package io.tradewind.runtime.security;

import static io.restassured.RestAssured.given;
import static io.tradewind.runtime.security.HostileSuite.COMPANY;
import static io.tradewind.runtime.security.HostileSuite.DEALS;
import static io.tradewind.runtime.security.HostileSuite.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tradewind.runtime.security.HostileSuite.Endpoint;
import io.tradewind.runtime.security.HostileSuite.Kind;
import io.tradewind.runtime.testing.TestDatabase;

/**
 * Issue 3's cross-tenant suite: the second tenant's admin calls every {@code /api} operation of the
 * OpenAPI document with the first tenant's ids and gets 404 problem+json — never the data, never a
 * 2xx, never a 5xx — and no list or search of theirs ever shows the first tenant's rows. Tenant
 * administration answers 403 to them. Nothing of the first tenant changes.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class CrossTenantSuiteTest {
    /** What the default tenant holds; made once per application start. */
    record First(String company, String companyName, String historied, String historiedName, String deal,
            String userId, String username, String email, String departmentId, String departmentName,
            String roleKey, String roleName, String apiKeyId, String apiKeyName, String apiKeyPrefix,
            String scheduleId, String scheduleName, String incidentId, String incidentError) {
        /** Text that must never reach the second tenant. */
        List<String> secrets() {
            return List.of(companyName, historiedName, username, email, departmentName, roleKey, roleName,
                    apiKeyName, apiKeyPrefix, scheduleName, incidentError);
        }

        List<String> ids() {
            return List.of(company, historied, deal, userId, departmentId, apiKeyId, scheduleId, incidentId);
        }
    }

    private static First first;
    /** A secret of the first tenant: name and value must never reach the second. */
    private static String secretName;
    /**
     * Flow rows of the first tenant: a running instance, its open task, a notification, a paused flow.
     */
    private static HostileSuite.FlowRows flows;
    private static String secretValue;
    private static String secondTenant;
    private static String secondToken;
    private static int port;

    @BeforeEach
    void tenantsExist() {
        if (first != null && port == RestAssured.port) {
            return;
        }
        port = RestAssured.port;
        String u = HostileSuite.unique();
        RequestSpecification admin = HostileSuite.admin();
        String companyName = "Secret Default Co " + u;
        String company = given().spec(admin).body("{\"name\": \"" + companyName + "\"}").post(COMPANY).then()
                .statusCode(201).extract().path("id");
        String historiedName = "Historied Default Co " + u;
        String historied = given().spec(admin).body("{\"name\": \"Before " + u + "\"}").post(COMPANY).then()
                .statusCode(201).extract().path("id");
        given().spec(admin).body("{\"name\": \"" + historiedName + "\"}").patch(COMPANY + "/" + historied).then()
                .statusCode(200);
        String deal = given().spec(admin).body("{\"name\": \"Secret deal " + u + "\", \"secret\": \"s3cr3t-" + u
                + "\"}").post(DEALS).then().statusCode(201).extract().path("id");
        String departmentName = "Secret Department " + u;
        String departmentId = given().spec(admin).body("{\"name\": \"" + departmentName + "\"}")
                .post("/api/admin/departments").then().statusCode(201).extract().path("id");
        String roleKey = "secret_role_" + u;
        String roleName = "Secret Role " + u;
        given().spec(admin).body("{\"key\": \"" + roleKey + "\", \"name\": \"" + roleName + "\"}")
                .post("/api/admin/roles").then().statusCode(201);
        String username = "secret-user-" + u;
        String email = "secret-" + u + "@default.example";
        String userId = given().spec(admin).body("{\"username\": \"" + username + "\", \"displayName\": \"Secret "
                + u + "\", \"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\", \"departmentId\": \""
                + departmentId + "\", \"roles\": [\"" + roleKey + "\", \"rep\"]}").post("/api/admin/users").then()
                .statusCode(201).extract().path("id");
        Response key = given().spec(admin).body("{\"name\": \"Secret key " + u + "\", \"roles\": [\"admin\"]}")
                .post("/api/admin/api-keys").then().statusCode(201).extract().response();
        String scheduleName = "Secret schedule " + u;
        String scheduleId = given().spec(admin).body("{\"name\": \"" + scheduleName + "\", \"report\":"
                + " \"companies-by-tier\", \"cron\": \"0 8 * * 1\", \"enabled\": false, \"recipients\":"
                + " {\"users\": [\"" + userId + "\"], \"roles\": [\"" + roleKey + "\"]}}")
                .post("/api/apps/lab/report-schedules").then().statusCode(201).extract().path("id");
        secretName = "first-secret-" + u;
        secretValue = "first-secret-value-" + u;
        given().spec(admin).body("{\"value\": \"" + secretValue + "\"}").put("/api/admin/secrets/" + secretName)
                .then().statusCode(204);
        String incidentError = "Secret incident " + u;
        String incidentId = HostileSuite.incident(incidentError);
        first = new First(company, companyName, historied, historiedName, deal, userId, username, email,
                departmentId, departmentName, roleKey, roleName, key.path("id"), key.path("name"), key.path(
                        "prefix"),
                scheduleId, scheduleName, incidentId, incidentError);

        flows = HostileSuite.flowRows(u);

        secondTenant = "xt-" + u;
        given().spec(admin).body("{\"id\": \"" + secondTenant + "\", \"name\": \"Second " + u + "\","
                + " \"adminPassword\": \"" + PASSWORD + "\"}").post("/api/admin/tenants").then().statusCode(201);
        secondToken = HostileSuite.token(secondTenant, "admin", PASSWORD);
    }

    private static RequestSpecification second() {
        return HostileSuite.bearer(secondToken);
    }

    @Test
    void everyApiOperationIsClassified() {
        List<Endpoint> table = HostileSuite.endpoints();
        assertThat(table).extracting(Endpoint::kind).contains(Kind.BY_ID, Kind.COLLECTION, Kind.SYSTEM);
    }

    @Test
    void anotherTenantsIdsAreNotFoundThroughEveryEndpoint() {
        Map<String, List<String>> before = HostileSuite.snapshot();
        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (Endpoint e : HostileSuite.endpoints()) {
            if (e.kind() != Kind.BY_ID) {
                continue;
            }
            for (String id : idsFor(e)) {
                String path = HostileSuite.path(e, x -> id);
                Response r = HostileSuite.call(second(), e, path, crossBody(e));
                calls++;
                String body = r.asString();
                if (r.statusCode() != 404 || !r.contentType().startsWith("application/problem+json")) {
                    failures.add(e.method() + " " + path + " answered " + r.statusCode() + " " + r.contentType()
                            + ": " + abbreviate(body));
                }
                for (String secret : concat(concat(first.secrets(), flows.texts()), List.of(secretName, secretValue))) {
                    if (body.contains(secret) && !path.contains(secret)) {
                        failures.add(e.method() + " " + path + " leaked '" + secret + "': " + abbreviate(body));
                    }
                }
            }
        }
        assertThat(failures).as("cross-tenant ids through every by-id endpoint").isEmpty();
        assertThat(calls).isGreaterThan(15);
        assertThat(HostileSuite.snapshot()).as("the first tenant is unchanged").isEqualTo(before);
        // and its owner still sees everything as it was
        HostileSuite.admin().get(COMPANY + "/" + first.historied()).then().statusCode(200).body("data.name",
                org.hamcrest.Matchers.equalTo(first.historiedName())).body("version",
                        org.hamcrest.Matchers
                                .equalTo(2));
        HostileSuite.admin().get("/api/admin/users/" + first.userId()).then().statusCode(200).body("disabled",
                org.hamcrest.Matchers.equalTo(false));
        HostileSuite.admin().get("/api/admin/api-keys/" + first.apiKeyId()).then().statusCode(200).body(
                "revokedAt", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void hostileIdsInPathsAreNotFoundNeverAServerError() {
        Map<String, List<String>> before = HostileSuite.snapshot();
        List<String> failures = new ArrayList<>();
        List<String> hostile = List.of(java.util.UUID.randomUUID().toString(), "not-a-uuid", "' or 1=1 --",
                "default", "x".repeat(1000), "%00", "\u00e9\u4e2d", "00000000-0000-0000-0000-000000000000");
        for (Endpoint e : HostileSuite.endpoints()) {
            if (e.kind() != Kind.BY_ID) {
                continue;
            }
            for (String id : hostile) {
                String path = HostileSuite.path(e, x -> id);
                Response r = HostileSuite.call(second(), e, path, null);
                boolean ok = r.statusCode() == 404 || r.statusCode() == 400 || r.statusCode() == 422;
                if (!ok || !r.contentType().startsWith("application/problem+json")) {
                    failures.add(e.method() + " " + path + " answered " + r.statusCode() + " " + r.contentType()
                            + ": " + abbreviate(r.asString()));
                }
            }
        }
        assertThat(failures).as("hostile ids in paths").isEmpty();
        assertThat(HostileSuite.snapshot()).isEqualTo(before);
    }

    @Test
    void tenantAdministrationIsForbiddenToAnotherTenantsAdmin() {
        Map<String, List<String>> before = HostileSuite.snapshot();
        String clock = HostileSuite.admin().get("/api/admin/clock").then().statusCode(200).extract().path("offset");
        List<String> failures = new ArrayList<>();
        for (Endpoint e : HostileSuite.endpoints()) {
            if (e.kind() != Kind.SYSTEM) {
                continue;
            }
            for (String path : new java.util.LinkedHashSet<>(List.of(HostileSuite.path(e, x -> "default"),
                    HostileSuite.path(e, x -> secondTenant)))) {
                Response r = HostileSuite.call(second(), e, path, null);
                if (r.statusCode() != 403 || !"SYSTEM_ADMIN_ONLY".equals(code(r))) {
                    failures.add(e.method() + " " + path + " answered " + r.statusCode() + ": " + abbreviate(r
                            .asString()));
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(HostileSuite.snapshot()).isEqualTo(before);
        assertThat(HostileSuite.sql("select count(*) from tenant where tenant_id = 'hostile-made'")).containsExactly(
                "0");
        HostileSuite.admin().get("/api/admin/clock").then().statusCode(200).body("offset", org.hamcrest.Matchers
                .equalTo(clock));
    }

    @Test
    void noListOrSearchShowsAnotherTenantsRows() {
        List<String> failures = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (Endpoint e : HostileSuite.endpoints()) {
            if (!e.method().equals("GET") || e.kind() == Kind.SYSTEM || e.kind() == Kind.BY_ID
                    || e.kind() == Kind.PUBLIC) {
                continue;
            }
            if (e.template().contains("{form}")) {
                paths.add(e.template().replace("{app}", "lab").replace("{form}", "company"));
                paths.add(e.template().replace("{app}", "acl").replace("{form}", "deal"));
            } else {
                paths.add(e.template().replace("{app}", "lab"));
            }
        }
        // searches aimed straight at the first tenant's rows
        paths.add("/api/admin/users?q=" + first.username());
        paths.add("/api/admin/users?q=secret");
        paths.add("/api/admin/users?departmentId=" + first.departmentId());
        paths.add("/api/admin/users?role=" + first.roleKey());
        paths.add("/api/admin/users?role=rep");
        paths.add("/api/admin/audit?actor=admin&limit=500");
        paths.add("/api/admin/audit?action=user.&limit=500");
        paths.add("/api/admin/audit?actor=" + first.username());
        paths.add(COMPANY + "?limit=500");
        for (String path : paths) {
            Response r = second().get(path);
            String body = r.asString();
            if (r.statusCode() >= 500 || (r.statusCode() != 200 && !path.contains("?"))) {
                failures.add("GET " + path + " answered " + r.statusCode() + ": " + abbreviate(body));
            }
            for (String s : concat(concat(concat(first.secrets(), first.ids()), concat(flows.texts(), flows.ids())),
                    List.of(secretName, secretValue, flows.pausedFlow()))) {
                if (body.contains(s)) {
                    failures.add("GET " + path + " shows the first tenant's '" + s + "'");
                }
            }
        }
        assertThat(failures).as("lists and searches of the second tenant").isEmpty();
        assertThat(paths).hasSizeGreaterThan(15);
        // the second tenant does have rows of its own in these lists, so the check is not vacuous
        second().get("/api/admin/audit").then().statusCode(200).body("items.size()", org.hamcrest.Matchers
                .greaterThan(0));
        second().get("/api/auth/me").then().statusCode(200).body("tenant", org.hamcrest.Matchers.equalTo(
                secondTenant));
    }

    @Test
    void anotherTenantsIdsInBodiesAreRefusedLikeIdsOfNothing() {
        Map<String, List<String>> before = HostileSuite.snapshot();
        String u = HostileSuite.unique();
        second().body("{\"username\": \"x-" + u + "\", \"displayName\": \"X\", \"password\": \"" + PASSWORD
                + "\", \"departmentId\": \"" + first.departmentId() + "\"}").post("/api/admin/users").then()
                .statusCode(422).contentType("application/problem+json");
        second().body("{\"username\": \"y-" + u + "\", \"displayName\": \"Y\", \"password\": \"" + PASSWORD
                + "\", \"managerId\": \"" + first.userId() + "\"}").post("/api/admin/users").then().statusCode(422);
        second().body("{\"name\": \"Child " + u + "\", \"parentId\": \"" + first.departmentId() + "\"}")
                .post("/api/admin/departments").then().statusCode(422);
        second().body("{\"name\": \"Managed " + u + "\", \"managerId\": \"" + first.userId() + "\"}")
                .post("/api/admin/departments").then().statusCode(422);
        String role = "team_" + u;
        second().body("{\"key\": \"" + role + "\", \"name\": \"Team\"}").post("/api/admin/roles").then()
                .statusCode(201);
        second().body("{\"userIds\": [\"" + first.userId() + "\"]}").put("/api/admin/roles/" + role + "/members")
                .then().statusCode(422);
        second().get("/api/admin/roles/" + role + "/members").then().statusCode(200).body("items.size()",
                org.hamcrest.Matchers.equalTo(0));
        second().body("{\"name\": \"Gift " + u + "\", \"owner\": \"" + first.userId() + "\"}").post(DEALS).then()
                .statusCode(422);
        second().body("{\"company\": \"" + first.company() + "\", \"date\": \"2026-01-02\"}")
                .post("/api/apps/lab/forms/invoice/records").then().statusCode(422);
        second().body("{\"name\": \"k\", \"roles\": [\"" + first.roleKey() + "\"]}").post("/api/admin/api-keys")
                .then().statusCode(422);
        assertThat(HostileSuite.sql("select count(*) from app_user where tenant_id = ? and username like ?",
                secondTenant, "%-" + u)).containsExactly("0");
        // a task of the second tenant cannot be handed to the first tenant's user
        String request = second().body("{\"title\": \"Own request " + u + "\"}").post(
                "/api/apps/flowlab/forms/request/records").then().statusCode(201).extract().path("id");
        Response started = second().body("{}").post("/api/apps/flowlab/forms/request/records/" + request
                + "/flows/fill-in").then().statusCode(201).extract().response();
        String task = started.path("openTasks[0].id");
        second().body("{\"to\": \"" + first.userId() + "\"}").post("/api/tasks/" + task + "/actions/transfer").then()
                .statusCode(422).contentType("application/problem+json").body("code", org.hamcrest.Matchers.equalTo(
                        "USER_UNKNOWN"));
        second().get("/api/flow-instances/" + started.path("id")).then().statusCode(200).body("status",
                org.hamcrest.Matchers.equalTo("running")).body("openTasks[0].id",
                        org.hamcrest.Matchers.equalTo(
                                task));
        assertThat(HostileSuite.snapshot()).isEqualTo(before);
    }

    /** The first tenant's ids for the endpoint's path parameter. */
    private static List<String> idsFor(Endpoint e) {
        String t = e.template();
        if (t.contains("/report-schedules/")) {
            return List.of(first.scheduleId());
        }
        if (t.startsWith("/api/admin/flows/")) {
            return List.of(flows.pausedFlow());
        }
        if (t.contains("/flows")) {
            return List.of(flows.request());
        }
        if (t.startsWith("/api/apps/")) {
            return List.of(first.company(), first.historied());
        }
        if (t.startsWith("/api/tasks/")) {
            return List.of(flows.task());
        }
        if (t.startsWith("/api/flow-instances/") || t.startsWith("/api/admin/flow-instances/")) {
            return List.of(flows.instance());
        }
        if (t.startsWith("/api/notifications/")) {
            return List.of(flows.notification());
        }
        if (t.startsWith("/api/admin/users")) {
            return List.of(first.userId());
        }
        if (t.startsWith("/api/admin/departments")) {
            return List.of(first.departmentId());
        }
        if (t.startsWith("/api/admin/roles")) {
            return List.of(first.roleKey());
        }
        if (t.startsWith("/api/admin/api-keys")) {
            return List.of(first.apiKeyId());
        }
        if (t.startsWith("/api/admin/incidents")) {
            return List.of(first.incidentId());
        }
        if (t.startsWith("/api/admin/secrets")) {
            return List.of(secretName);
        }
        throw new AssertionError("CrossTenantSuiteTest.idsFor does not know which of the first tenant's ids to try"
                + " on " + e.key() + ": add them");
    }

    /** A body naming the first tenant's rows where a body can name them. */
    private static String crossBody(Endpoint e) {
        if (e.template().endsWith("/members") && e.method().equals("PUT")) {
            return "{\"userIds\": [\"" + first.userId() + "\"]}";
        }
        if (e.template().equals("/api/admin/users/{id}") && e.method().equals("PATCH")) {
            return "{\"displayName\": \"Taken Over\", \"departmentId\": \"" + first.departmentId()
                    + "\", \"roles\": [\"admin\"], \"disabled\": true}";
        }
        return null;
    }

    private static String code(Response r) {
        try {
            return r.jsonPath().getString("code");
        } catch (RuntimeException ex) {
            return null;
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
