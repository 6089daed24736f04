package io.tradewind.runtime.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tradewind.runtime.security.Accounts;
import io.tradewind.runtime.security.PasswordHasher;
import io.tradewind.runtime.tenant.TenantDb;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class AuditApiTest {
    @Inject
    Pool pool;
    @Inject
    TenantDb tenantDb;
    @Inject
    Accounts accounts;

    private static void failSignIn(String username) {
        given().contentType("application/json").body("{\"username\":\"" + username + "\",\"password\":\"nope\"}")
                .post("/api/auth/token").then().statusCode(401);
    }

    @Test
    void pagesWalkTheLogNewestFirstWithoutGapsOrRepeats() {
        String tag = "pager-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 5; i++) {
            failSignIn(tag);
        }
        List<Integer> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var req = Api.asAdmin().queryParam("actor", tag).queryParam("limit", "2");
            if (cursor != null) {
                req = req.queryParam("cursor", cursor);
            }
            Response page = req.get("/api/admin/audit");
            page.then().statusCode(200).body("items.actorName", everyItem(equalTo(tag)));
            seen.addAll(page.path("items.seq"));
            cursor = page.path("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(5, seen.size());
        assertEquals(3, pages);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) < seen.get(i - 1), "newest first: " + seen);
        }
        assertEquals(5, new HashSet<>(seen).size());
    }

    @Test
    void entriesCarryWhoWhatWhenAndFromWhere() {
        String tag = "who-" + UUID.randomUUID().toString().substring(0, 8);
        Instant before = Instant.now().minusSeconds(1);
        failSignIn(tag);
        Api.asAdmin().queryParam("actor", tag).queryParam("from", before.toString())
                .queryParam("to", Instant.now().plusSeconds(60).toString()).get("/api/admin/audit")
                .then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].action", equalTo("auth.sign-in-failed"))
                .body("items[0].actorName", equalTo(tag))
                .body("items[0].actorId", nullValue())
                .body("items[0].sourceIp", equalTo("127.0.0.1"))
                .body("items[0].at", notNullValue())
                .body("items[0].detail.reason", equalTo("unknown-user"))
                .body("nextCursor", nullValue());
        // A window before the attempt finds nothing.
        Api.asAdmin().queryParam("actor", tag).queryParam("to", before.toString()).get("/api/admin/audit")
                .then().statusCode(200).body("items", empty());
    }

    @Test
    void actionFiltersByExactNameOrByPrefix() {
        Api.token("admin", Api.ADMIN_PASSWORD);
        failSignIn("prefix-" + UUID.randomUUID());
        Api.asAdmin().queryParam("action", "auth.").queryParam("limit", "500").get("/api/admin/audit").then()
                .statusCode(200)
                .body("items.action", everyItem(startsWith("auth.")))
                .body("items.action", hasItem("auth.sign-in"))
                .body("items.action", hasItem("auth.sign-in-failed"));
        Api.asAdmin().queryParam("action", "auth.sign-in").queryParam("limit", "500").get("/api/admin/audit").then()
                .statusCode(200)
                .body("items.action", everyItem(equalTo("auth.sign-in")));
        // Without the dot it is an exact name, not a prefix.
        Api.asAdmin().queryParam("action", "auth").get("/api/admin/audit").then().statusCode(200)
                .body("items", empty());
    }

    @Test
    void hostileParametersAreRefusedWithPointers() {
        String[][] cases = {{"from", "yesterday"}, {"from", "2026-13-45T00:00:00Z"}, {"to", "1 or 1=1"},
                {"limit", "100000"}, {"limit", "0"}, {"limit", "-5"}, {"limit", "ten"}, {"limit", "9".repeat(400)},
                {"cursor", "garbage"}, {"cursor", "' or 1=1 --"}, {"action", "auth'; delete from audit_log; --"},
                {"action", "x".repeat(500)}, {"actor", "a".repeat(201)}};
        for (String[] c : cases) {
            Api.asAdmin().queryParam(c[0], c[1]).get("/api/admin/audit").then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].pointer", equalTo("/" + c[0]));
        }
        Api.asAdmin().queryParam("from", "2026-12-02T10:00:00Z").queryParam("to", "2026-12-01T10:00:00Z")
                .get("/api/admin/audit").then().statusCode(400).body("errors[0].pointer", equalTo("/to"));
        // SQL in a value is only ever a value.
        Api.asAdmin().queryParam("actor", "' or '1'='1").get("/api/admin/audit").then().statusCode(200)
                .body("items", empty());
        long rows = pool.query("select count(*) from audit_log").execute().await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
        assertTrue(rows > 0);
    }

    @Test
    void onlyAdminsReadTheLogAndOnlyTheirTenants() {
        String tenant = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        pool.preparedQuery("insert into tenant (tenant_id, name) values ($1, $1)").execute(Tuple.of(tenant))
                .await().atMost(Duration.ofSeconds(10));
        accounts.bootstrapAdmin(tenant, "other-admin-password").await().atMost(Duration.ofSeconds(30));
        String otherAdmin = given().contentType("application/json")
                .body("{\"username\":\"admin\",\"password\":\"other-admin-password\",\"tenant\":\"" + tenant + "\"}")
                .post("/api/auth/token").then().statusCode(200).extract().path("access_token");
        String defaultsOnly = "default-only-" + UUID.randomUUID().toString().substring(0, 8);
        failSignIn(defaultsOnly);

        given().header("Authorization", "Bearer " + otherAdmin).get("/api/admin/audit").then().statusCode(200)
                .body("items.actorName", not(hasItem(defaultsOnly)))
                .body("items.action", hasItem("auth.sign-in"));
        given().header("Authorization", "Bearer " + otherAdmin).queryParam("actor", defaultsOnly)
                .get("/api/admin/audit").then().statusCode(200).body("items", empty());

        String clerk = "clerk-" + UUID.randomUUID().toString().substring(0, 8);
        pool.preparedQuery("insert into app_user (tenant_id, id, username, display_name, password_hash)"
                + " values ('default', $1, $2, $2, $3)")
                .execute(Tuple.of(UUID.randomUUID(), clerk, PasswordHasher.hash("clerk-password-1")))
                .await().atMost(Duration.ofSeconds(30));
        given().header("Authorization", "Bearer " + Api.token(clerk, "clerk-password-1")).get("/api/admin/audit")
                .then().statusCode(403).body("code", equalTo("ADMIN_ONLY"));
        given().get("/api/admin/audit").then().statusCode(401);
    }

    @Test
    void theLogCannotBeChangedOrDeletedThroughTheAppsPool() {
        failSignIn("append-only-" + UUID.randomUUID());
        long before = count();
        Duration t = Duration.ofSeconds(10);
        Throwable update = assertThrows(Throwable.class,
                () -> pool.query("update audit_log set action = 'forged'").execute().await().atMost(t));
        assertTrue(update.getMessage().contains("TW-AUD-001"), update.getMessage());
        Throwable delete = assertThrows(Throwable.class,
                () -> pool.query("delete from audit_log").execute().await().atMost(t));
        assertTrue(delete.getMessage().contains("TW-AUD-001"), delete.getMessage());
        // As the tenant role the statements are refused before the trigger.
        assertThrows(Throwable.class, () -> tenantDb.run("default",
                c -> c.query("delete from audit_log").execute()).await().atMost(t));
        assertEquals(before, count());
        Set<String> actions = new HashSet<>();
        pool.query("select distinct action from audit_log").execute().await().atMost(t)
                .forEach(r -> actions.add(r.getString(0)));
        assertTrue(!actions.contains("forged"));
    }

    private long count() {
        return pool.query("select count(*) from audit_log").execute().await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }
}
