package io.tradewind.runtime.security;

import static io.restassured.RestAssured.given;
import static io.tradewind.runtime.security.HostileSuite.COMPANY;
import static io.tradewind.runtime.security.HostileSuite.DEALS;
import static io.tradewind.runtime.security.HostileSuite.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * Issue 3's hostile-input suite inside one tenant: a user and an API key without the admin role try
 * every {@code /api/admin} operation (403, nothing changes), a user tries to grant themselves roles
 * and to set system fields of records (mass assignment), and every authenticated operation is
 * called with missing, tampered, revoked and forged credentials (401 problem+json, never a 5xx).
 * Brute force gets a smoke check here; {@link LockoutTest} covers lock-out in depth.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class EscalationSuiteTest {
    /** Rows of the default tenant the attempts aim at, and the non-admin callers. */
    record Fixture(String repId, String repName, String repToken, String repKey, String company, String userId,
            String departmentId, String roleKey, String apiKeyId, String scheduleId, String incidentId) {
    }

    private static Fixture fx;
    /**
     * A running flow instance of the default tenant, its open task, a notification and a paused flow.
     */
    private static HostileSuite.FlowRows flows;
    /** A secret of the default tenant that the attempts aim at. */
    private static final String SECRET = "escalation.secret";
    private static int port;

    @BeforeEach
    void fixture() {
        if (fx != null && port == RestAssured.port) {
            return;
        }
        port = RestAssured.port;
        String u = HostileSuite.unique();
        RequestSpecification admin = HostileSuite.admin();
        String repName = "rep-" + u;
        String repId = given().spec(admin).body("{\"username\": \"" + repName + "\", \"displayName\": \"Rep\","
                + " \"password\": \"" + PASSWORD + "\", \"roles\": [\"rep\"]}").post("/api/admin/users").then()
                .statusCode(201).extract().path("id");
        String repKey = given().spec(admin).body("{\"name\": \"rep key " + u + "\", \"roles\": [\"rep\"]}")
                .post("/api/admin/api-keys").then().statusCode(201).extract().path("key");
        String company = given().spec(admin).body("{\"name\": \"Escalation Co " + u + "\"}").post(COMPANY).then()
                .statusCode(201).extract().path("id");
        String userId = given().spec(admin).body("{\"username\": \"victim-" + u + "\", \"displayName\": \"Victim\","
                + " \"password\": \"" + PASSWORD + "\"}").post("/api/admin/users").then().statusCode(201).extract()
                .path("id");
        String departmentId = given().spec(admin).body("{\"name\": \"Escalation Dept " + u + "\"}")
                .post("/api/admin/departments").then().statusCode(201).extract().path("id");
        String roleKey = "esc_role_" + u;
        given().spec(admin).body("{\"key\": \"" + roleKey + "\", \"name\": \"Escalation\"}").post("/api/admin/roles")
                .then().statusCode(201);
        String apiKeyId = given().spec(admin).body("{\"name\": \"admin key " + u + "\", \"roles\": [\"admin\"]}")
                .post("/api/admin/api-keys").then().statusCode(201).extract().path("id");
        String scheduleId = given().spec(admin).body("{\"name\": \"Escalation schedule " + u + "\", \"report\":"
                + " \"companies-by-tier\", \"cron\": \"0 8 * * 1\", \"enabled\": false, \"recipients\":"
                + " {\"roles\": [\"admin\"]}}").post("/api/apps/lab/report-schedules").then().statusCode(201)
                .extract().path("id");
        given().spec(admin).body("{\"value\": \"kept-" + u + "\"}").put("/api/admin/secrets/" + SECRET).then()
                .statusCode(204);
        flows = HostileSuite.flowRows(u);
        fx = new Fixture(repId, repName, HostileSuite.token("default", repName, PASSWORD), repKey, company, userId,
                departmentId, roleKey, apiKeyId, scheduleId, HostileSuite.incident("Escalation incident " + u));
    }

    /**
     * The path with the default tenant's real ids, so that a refusal cannot come from a missing row.
     */
    private static String realPath(Endpoint e) {
        return HostileSuite.path(e, x -> {
            String t = x.template();
            if (t.contains("/report-schedules/")) {
                return fx.scheduleId();
            }
            if (t.startsWith("/api/admin/flows/")) {
                return flows.pausedFlow();
            }
            if (t.contains("/flows")) {
                return flows.request();
            }
            if (t.startsWith("/api/apps/")) {
                return fx.company();
            }
            if (t.startsWith("/api/tasks/")) {
                return flows.task();
            }
            if (t.startsWith("/api/flow-instances/") || t.startsWith("/api/admin/flow-instances/")) {
                return flows.instance();
            }
            if (t.startsWith("/api/notifications/")) {
                return flows.notification();
            }
            if (t.startsWith("/api/admin/users")) {
                return fx.repId(); // their own account: granting themselves roles, re-enabling, deleting
            }
            if (t.startsWith("/api/admin/departments")) {
                return fx.departmentId();
            }
            if (t.startsWith("/api/admin/roles")) {
                return x.method().equals("PUT") ? "admin" : fx.roleKey();
            }
            if (t.startsWith("/api/admin/api-keys")) {
                return fx.apiKeyId();
            }
            if (t.startsWith("/api/admin/tenants")) {
                return "default";
            }
            if (t.startsWith("/api/admin/incidents")) {
                return fx.incidentId();
            }
            if (t.startsWith("/api/admin/secrets")) {
                return SECRET;
            }
            throw new AssertionError("EscalationSuiteTest.realPath does not know an id for " + x.key() + ": add one");
        });
    }

    /** Bodies that would escalate if accepted. */
    private static String escalatingBody(Endpoint e) {
        if (e.template().endsWith("/members") && e.method().equals("PUT")) {
            return "{\"userIds\": [\"" + fx.repId() + "\"]}"; // make themselves the only admin
        }
        if (e.template().equals("/api/admin/users/{id}") && e.method().equals("PATCH")) {
            return "{\"roles\": [\"admin\", \"rep\"]}";
        }
        return null;
    }

    @Test
    void aUserWithoutTheAdminRoleIsRefusedEveryAdminEndpoint() {
        refusedEveryAdminEndpoint(HostileSuite.bearer(fx.repToken()));
        HostileSuite.admin().get("/api/admin/users/" + fx.repId()).then().statusCode(200).body("roles", equalTo(List
                .of("rep")));
    }

    @Test
    void anApiKeyWithoutTheAdminRoleIsRefusedEveryAdminEndpoint() {
        refusedEveryAdminEndpoint(HostileSuite.bearer(fx.repKey()));
    }

    private static void refusedEveryAdminEndpoint(RequestSpecification caller) {
        Map<String, List<String>> before = HostileSuite.snapshot();
        String clock = HostileSuite.admin().get("/api/admin/clock").then().statusCode(200).extract().path("offset");
        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (Endpoint e : HostileSuite.endpoints()) {
            if (!e.admin()) {
                continue;
            }
            String path = realPath(e);
            Response r = HostileSuite.call(caller, e, path, escalatingBody(e));
            calls++;
            String code = code(r);
            Set<String> expected = e.kind() == Kind.SYSTEM
                    ? Set.of("SYSTEM_ADMIN_ONLY", "ADMIN_ONLY")
                    : Set.of(
                            "ADMIN_ONLY");
            if (r.statusCode() != 403 || !expected.contains(code) || !r.contentType().startsWith(
                    "application/problem+json")) {
                failures.add(e.method() + " " + path + " answered " + r.statusCode() + " " + code + ": "
                        + CrossTenantSuiteTest.abbreviate(r.asString()));
            }
        }
        assertThat(failures).as("admin endpoints called without the admin role").isEmpty();
        assertThat(calls).isGreaterThan(20);
        assertThat(HostileSuite.snapshot()).as("nothing changed").isEqualTo(before);
        HostileSuite.admin().get("/api/admin/clock").then().body("offset", equalTo(clock));
        assertThat(HostileSuite.sql("select count(*) from app_user where username = 'hostile-made'"))
                .containsExactly("0");
    }

    @Test
    void aUserCannotSetSystemFieldsOfRecords() {
        RequestSpecification rep = HostileSuite.bearer(fx.repToken());
        String mine = given().spec(rep).body("{\"name\": \"Mine " + HostileSuite.unique() + "\"}").post(DEALS)
                .then().statusCode(201).body("owner", equalTo(fx.repId())).extract().path("id");
        Map<String, List<String>> before = HostileSuite.snapshot();
        Map<String, String> attempts = new LinkedHashMap<>();
        attempts.put("owner", "\"" + fx.userId() + "\"");
        attempts.put("createdBy", "\"" + fx.userId() + "\"");
        attempts.put("updatedBy", "\"" + fx.userId() + "\"");
        attempts.put("id", "\"" + fx.company() + "\"");
        attempts.put("version", "99");
        attempts.put("createdAt", "\"2000-01-01T00:00:00Z\"");
        attempts.put("tenant", "\"other\"");
        attempts.put("tenantId", "\"other\"");
        List<String> failures = new ArrayList<>();
        for (var a : attempts.entrySet()) {
            String body = "{\"name\": \"Mass " + a.getKey() + "\", \"" + a.getKey() + "\": " + a.getValue() + "}";
            for (Response r : List.of(given().spec(rep).body(body).post(DEALS), given().spec(rep).body(body).patch(
                    DEALS + "/" + mine))) {
                if (r.statusCode() != 403 && r.statusCode() != 422) {
                    failures.add(a.getKey() + " answered " + r.statusCode() + ": " + r.asString());
                }
            }
        }
        assertThat(failures).as("system fields set by a rep").isEmpty();
        assertThat(HostileSuite.snapshot()).as("nothing stored").isEqualTo(before);
        HostileSuite.admin().get(DEALS + "/" + mine).then().statusCode(200).body("version", equalTo(1)).body(
                "owner", equalTo(fx.repId())).body("createdBy", equalTo(fx.repId()));
    }

    @Test
    void noBodyAcceptsSystemFieldsEvenFromAnAdmin() {
        Map<String, List<String>> before = HostileSuite.snapshot();
        String clock = HostileSuite.admin().get("/api/admin/clock").then().statusCode(200).extract().path("offset");
        Map<String, String> extras = new LinkedHashMap<>();
        extras.put("id", "\"" + fx.userId() + "\"");
        extras.put("tenantId", "\"other\"");
        extras.put("tenant", "\"other\"");
        extras.put("createdAt", "\"2000-01-01T00:00:00Z\"");
        extras.put("createdBy", "\"" + fx.repId() + "\"");
        extras.put("builtIn", "true");
        extras.put("passwordHash", "\"x\"");
        extras.put("failedLogins", "0");
        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (Endpoint e : HostileSuite.endpoints()) {
            if (e.body() == null || e.kind() == Kind.PUBLIC || e.kind() == Kind.SELF || e.method().equals("GET")) {
                continue;
            }
            String path = HostileSuite.path(e, x -> {
                String t = x.template();
                if (t.startsWith("/api/apps/")) {
                    return fx.company();
                }
                if (t.startsWith("/api/admin/users")) {
                    return fx.userId();
                }
                if (t.startsWith("/api/admin/departments")) {
                    return fx.departmentId();
                }
                if (t.startsWith("/api/admin/roles")) {
                    return fx.roleKey();
                }
                return realPath(x).substring(realPath(x).lastIndexOf('/') + 1);
            });
            for (var extra : extras.entrySet()) {
                String body = "{\"" + extra.getKey() + "\": " + extra.getValue() + ", " + e.body().substring(1);
                Response r = HostileSuite.call(HostileSuite.admin(), e, path, body);
                calls++;
                if (!Set.of(400, 403, 422).contains(r.statusCode()) || !r.contentType().startsWith(
                        "application/problem+json")) {
                    failures.add(e.method() + " " + path + " with '" + extra.getKey() + "' answered " + r.statusCode()
                            + ": " + CrossTenantSuiteTest.abbreviate(r.asString()));
                }
            }
        }
        assertThat(failures).as("system fields in bodies (mass assignment)").isEmpty();
        HostileSuite.admin().body("{\"offset\": \"P9D\", \"tenantId\": \"other\"}").put("/api/admin/clock").then()
                .statusCode(400).body("errors.pointer", org.hamcrest.Matchers.hasItem("/tenantId"));
        assertThat(calls).isGreaterThan(60);
        assertThat(HostileSuite.snapshot()).as("nothing stored").isEqualTo(before);
        HostileSuite.admin().get("/api/admin/clock").then().body("offset", equalTo(clock));
    }

    @Test
    void hostileBodiesAreRefusedByEveryOperationThatTakesABody() {
        Map<String, List<String>> before = HostileSuite.snapshot();
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("deeply nested", "{\"comment\": \"x\", \"data\": " + "[".repeat(200) + "]".repeat(200) + "}");
        bodies.put("an array", "[]");
        bodies.put("a string", "\"approve\"");
        bodies.put("a number", "42");
        bodies.put("null", "null");
        bodies.put("truncated", "{\"comment\": ");
        bodies.put("a NUL character", "{\"comment\": \"a\\u0000b\"}");
        bodies.put("duplicate keys", "{\"comment\": \"a\", \"comment\": \"b\"}");
        bodies.put("a 1.5 MB string", "{\"comment\": \"" + "x".repeat(1_500_000) + "\"}");
        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (Endpoint e : HostileSuite.endpoints()) {
            if (e.body() == null || e.kind() == Kind.PUBLIC || e.method().equals("GET")) {
                continue;
            }
            String path = realPath(e);
            for (var b : bodies.entrySet()) {
                Response r = HostileSuite.call(HostileSuite.admin(), e, path, b.getValue());
                calls++;
                if (!Set.of(400, 413, 422).contains(r.statusCode()) || !r.contentType().startsWith(
                        "application/problem+json")) {
                    failures.add(e.method() + " " + path + " with " + b.getKey() + " answered " + r.statusCode()
                            + ": " + CrossTenantSuiteTest.abbreviate(r.asString()));
                }
            }
        }
        assertThat(failures).as("hostile bodies").isEmpty();
        assertThat(calls).isGreaterThan(100);
        assertThat(HostileSuite.snapshot()).as("nothing stored").isEqualTo(before);
    }

    @Test
    void missingTamperedRevokedAndForgedCredentialsAreRefusedEverywhere() {
        Map<String, String> headers = badCredentials();
        Map<String, List<String>> before = HostileSuite.snapshot();
        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (Endpoint e : HostileSuite.endpoints()) {
            if (e.kind() == Kind.PUBLIC) {
                continue;
            }
            String path = realPath(e);
            for (var h : headers.entrySet()) {
                RequestSpecification spec = given().contentType("application/json");
                if (h.getValue() != null) {
                    spec = spec.header("Authorization", h.getValue());
                }
                Response r = HostileSuite.call(spec, e, path, null);
                calls++;
                if (r.statusCode() != 401 || !r.contentType().startsWith("application/problem+json")
                        || !"UNAUTHENTICATED"
                                .equals(code(r))) {
                    failures.add(h.getKey() + ": " + e.method() + " " + path + " answered " + r.statusCode() + " "
                            + r.contentType() + ": " + CrossTenantSuiteTest.abbreviate(r.asString()));
                }
            }
        }
        assertThat(failures).as("bad credentials on every authenticated endpoint").isEmpty();
        assertThat(calls).isGreaterThan(300);
        assertThat(HostileSuite.snapshot()).as("nothing changed").isEqualTo(before);
        // the public token endpoints refuse forged tokens in their bodies the same way
        for (String forged : List.of(headers.get("tampered").substring(7), "x".repeat(10_240), "\u0000",
                "' or 1=1 --")) {
            Response r = given().contentType("application/json").body(Map.of("refresh_token", forged)).post(
                    "/api/auth/refresh");
            assertThat(r.statusCode()).as("refresh with %s", CrossTenantSuiteTest.abbreviate(forged)).isIn(400, 401,
                    422);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
    }

    /** Every way of presenting a credential that must not work, by name. */
    private static Map<String, String> badCredentials() {
        String u = HostileSuite.unique();
        RequestSpecification admin = HostileSuite.admin();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("no token", null);
        String valid = HostileSuite.token("default", fx.repName(), PASSWORD);
        HostileSuite.bearer(valid).get("/api/auth/me").then().statusCode(200);
        char last = valid.charAt(valid.length() - 1);
        m.put("tampered", "Bearer " + valid.substring(0, valid.length() - 1) + (last == 'A' ? 'B' : 'A'));
        m.put("tampered in the middle", "Bearer " + valid.substring(0, 12) + (valid.charAt(12) == 'x' ? 'y' : 'x')
                + valid.substring(13));
        m.put("token without scheme", valid);
        m.put("lower-case other scheme", "Token " + valid);
        // a signed-out token
        String signedOut = HostileSuite.token("default", fx.repName(), PASSWORD);
        HostileSuite.bearer(signedOut).post("/api/auth/logout").then().statusCode(200);
        m.put("signed out", "Bearer " + signedOut);
        // a refresh token presented as an access token
        String refresh = TestAccounts.signIn("default", fx.repName(), PASSWORD).then().statusCode(200).extract()
                .path("refresh_token");
        m.put("refresh token", "Bearer " + refresh);
        // a disabled user's token
        String name = "disabled-" + u;
        String id = given().spec(admin).body("{\"username\": \"" + name + "\", \"displayName\": \"D\", \"password\": \""
                + PASSWORD + "\", \"roles\": [\"admin\"]}").post("/api/admin/users").then().statusCode(201).extract()
                .path("id");
        String disabled = HostileSuite.token("default", name, PASSWORD);
        given().spec(admin).body("{\"disabled\": true}").patch("/api/admin/users/" + id).then().statusCode(200);
        m.put("disabled user", "Bearer " + disabled);
        // a revoked API key with the admin role
        Response key = given().spec(admin).body("{\"name\": \"revoked " + u + "\", \"roles\": [\"admin\"]}").post(
                "/api/admin/api-keys").then().statusCode(201).extract().response();
        given().spec(admin).delete("/api/admin/api-keys/" + key.path("id")).then().statusCode(200);
        m.put("revoked API key", "Bearer " + key.path("key"));
        m.put("garbage", "Bearer <script>alert(1)</script>' or '1'='1");
        m.put("empty bearer", "Bearer ");
        m.put("10 kB bearer", "Bearer " + "A".repeat(10_240));
        m.put("alg none JWT", "Bearer " + b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(
                "{\"sub\":\"admin\",\"tenant\":\"default\",\"preferred_username\":\"admin\",\"roles\":[\"admin\"],"
                        + "\"groups\":[\"admin\"],\"exp\":4102444800}")
                + ".");
        m.put("basic auth", "Basic " + Base64.getEncoder().encodeToString(
                ("admin:" + io.tradewind.runtime.testing.Api.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        return m;
    }

    @Test
    void manyWrongPasswordsLockTheAccount() {
        // smoke check only: LockoutTest covers the window, the audit trail and the equal answers
        String name = "brute-" + HostileSuite.unique();
        HostileSuite.admin().body("{\"username\": \"" + name + "\", \"displayName\": \"B\", \"password\": \""
                + PASSWORD + "\"}").post("/api/admin/users").then().statusCode(201);
        for (int i = 0; i < 8; i++) {
            Response r = TestAccounts.signIn("default", name, "guess-" + i);
            assertThat(r.statusCode()).isEqualTo(401);
        }
        TestAccounts.signIn("default", name, PASSWORD).then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("BAD_CREDENTIALS"));
        assertThat(HostileSuite.sql("select (locked_until is not null)::text from app_user where tenant_id ="
                + " 'default' and username = ?", name)).containsExactly("true");
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String code(Response r) {
        try {
            return r.jsonPath().getString("code");
        } catch (RuntimeException ex) {
            return null;
        }
    }
}
