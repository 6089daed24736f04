package io.tradewind.runtime.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tradewind.runtime.support.Hashes;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class ApiKeysTest {
    @Inject
    Pool pool;
    @Inject
    Accounts accounts;

    @AfterEach
    void resetClock() {
        Api.asAdmin().body("{\"offset\":\"PT0S\"}").put("/api/admin/clock").then().statusCode(200);
    }

    private static RequestSpecification with(String key) {
        return given().header("Authorization", "Bearer " + key).contentType("application/json");
    }

    private static Response create(RequestSpecification as, String body) {
        return as.body(body).post("/api/admin/api-keys");
    }

    @Test
    void aKeyIsShownOnceStoredAsAHashAndActsWithItsRoles() {
        Response created = create(Api.asAdmin(), "{\"name\":\"ERP sync\",\"roles\":[\"admin\"]}");
        created.then().statusCode(201)
                .body("name", equalTo("ERP sync"))
                .body("roles", equalTo(java.util.List.of("admin")))
                .body("createdBy", notNullValue())
                .body("revokedAt", nullValue());
        String key = created.path("key");
        String id = created.path("id");
        assertTrue(key.matches("twk_[A-Za-z0-9_-]{43}"), key);
        assertEquals(key.substring(0, 12), created.path("prefix"));

        Row stored = pool.preparedQuery("select key_hash, to_jsonb(k)::text from api_key k where id = $1::uuid")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertArrayEquals(Hashes.sha256(key), stored.getBuffer(0).getBytes());
        assertTrue(!stored.getString(1).contains(key.substring(12)), "the secret is not stored");

        // The key works, as an admin of its tenant.
        with(key).get("/api/admin/api-keys").then().statusCode(200)
                .body("items.id", hasItem(id))
                .body("items.key", everyItem(nullValue()));
        with(key).get("/api/admin/api-keys/" + id).then().statusCode(200)
                .body("lastUsedAt", notNullValue())
                .body("key", nullValue());
    }

    @Test
    void lastUseIsRecordedAtMostOnceAMinute() {
        Response created = create(Api.asAdmin(), "{\"name\":\"poller\",\"roles\":[]}");
        String key = created.path("key");
        String id = created.path("id");
        Api.asAdmin().get("/api/admin/api-keys/" + id).then().statusCode(200).body("lastUsedAt", nullValue());
        with(key).get("/api/apps").then().statusCode(200);
        String first = Api.asAdmin().get("/api/admin/api-keys/" + id).then().statusCode(200).extract()
                .path("lastUsedAt");
        for (int i = 0; i < 3; i++) {
            with(key).get("/api/apps").then().statusCode(200);
        }
        Api.asAdmin().get("/api/admin/api-keys/" + id).then().body("lastUsedAt", equalTo(first));
        Api.asAdmin().body("{\"offset\":\"PT2M\"}").put("/api/admin/clock").then().statusCode(200);
        with(key).get("/api/apps").then().statusCode(200);
        Api.asAdmin().get("/api/admin/api-keys/" + id).then().body("lastUsedAt", not(equalTo(first)));
    }

    @Test
    void aRevokedKeyStopsOnTheNextRequestAndTheAttemptIsAudited() {
        Response created = create(Api.asAdmin(), "{\"name\":\"to revoke\",\"roles\":[\"admin\"]}");
        String key = created.path("key");
        String id = created.path("id");
        with(key).get("/api/apps").then().statusCode(200);
        Api.asAdmin().delete("/api/admin/api-keys/" + id).then().statusCode(200).body("revokedAt", notNullValue());
        with(key).get("/api/apps").then().statusCode(401).contentType("application/problem+json");
        // Revoking again changes nothing.
        Api.asAdmin().delete("/api/admin/api-keys/" + id).then().statusCode(200);
        Api.asAdmin().queryParam("action", "api-key.").get("/api/admin/audit").then().statusCode(200)
                .body("items.action", hasItems("api-key.create", "api-key.revoke", "api-key.use-failed"))
                .body("items.findAll { it.action == 'api-key.revoke' }.targetId", hasItem(id))
                .body("items.findAll { it.action == 'api-key.use-failed' }.sourceIp", hasItem("127.0.0.1"));
        long revokes = pool.preparedQuery("select count(*) from audit_log where action = 'api-key.revoke'"
                + " and target_id = $1").execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10)).iterator()
                .next().getLong(0);
        assertEquals(1, revokes);
    }

    @Test
    void anExpiredKeyIsRefused() {
        String expires = Instant.now().plus(Duration.ofHours(1)).toString();
        String key = create(Api.asAdmin(), "{\"name\":\"short\",\"roles\":[],\"expiresAt\":\"" + expires + "\"}")
                .then().statusCode(201).body("expiresAt", notNullValue()).extract().path("key");
        with(key).get("/api/apps").then().statusCode(200);
        Api.asAdmin().body("{\"offset\":\"PT2H\"}").put("/api/admin/clock").then().statusCode(200);
        with(key).get("/api/apps").then().statusCode(401);
    }

    @Test
    void tamperedAndUnknownKeysAreRefused() {
        String key = create(Api.asAdmin(), "{\"name\":\"tamper\",\"roles\":[]}").path("key");
        char c = key.charAt(20);
        String tampered = key.substring(0, 20) + (c == 'a' ? 'b' : 'a') + key.substring(21);
        with(tampered).get("/api/apps").then().statusCode(401);
        with("twk_short").get("/api/apps").then().statusCode(401);
        with("twk_' or 1=1 --").get("/api/apps").then().statusCode(401);
        with(key).get("/api/apps").then().statusCode(200);
    }

    @Test
    void onlyAdminsManageKeys() {
        String plain = create(Api.asAdmin(), "{\"name\":\"no admin\",\"roles\":[]}").path("key");
        create(with(plain), "{\"name\":\"escalate\",\"roles\":[\"admin\"]}").then().statusCode(403)
                .body("code", equalTo("ADMIN_ONLY"));
        with(plain).get("/api/admin/api-keys").then().statusCode(403).body("code", equalTo("ADMIN_ONLY"));
        String name = TestAccounts.unique("clerk");
        TestAccounts.user(pool, "default", name, "clerk-password-1", "clerk");
        String clerk = TestAccounts.token("default", name, "clerk-password-1");
        with(clerk).get("/api/admin/api-keys").then().statusCode(403).body("code", equalTo("ADMIN_ONLY"));
        given().get("/api/admin/api-keys").then().statusCode(401);
    }

    @Test
    void badRequestsAreRefusedWithPointersAndCreateNothing() {
        long before = keyCount();
        create(Api.asAdmin(), "{\"name\":\"x\",\"roles\":[\"no_such_role\"]}").then().statusCode(422)
                .body("code", equalTo("ROLE_UNKNOWN")).body("errors[0].pointer", equalTo("/roles/0"));
        create(Api.asAdmin(), "{\"name\":\"x\",\"roles\":[\"admin\",\"nope\"]}").then().statusCode(422)
                .body("errors[0].pointer", equalTo("/roles/1"));
        create(Api.asAdmin(), "{\"name\":\"x\",\"roles\":\"admin\"}").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/roles"));
        create(Api.asAdmin(), "{\"name\":\"x\",\"roles\":[7]}").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/roles/0"));
        create(Api.asAdmin(), "{\"roles\":[]}").then().statusCode(400).body("errors[0].pointer", equalTo("/name"));
        create(Api.asAdmin(), "{\"name\":[],\"roles\":[]}").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/name"));
        create(Api.asAdmin(), "{\"name\":\"x\",\"roles\":[],\"owner\":\"me\"}").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/owner"));
        create(Api.asAdmin(), "{\"name\":\"x\",\"roles\":[],\"expiresAt\":\"tomorrow\"}").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/expiresAt"));
        create(Api.asAdmin(), "{\"name\":\"x\",\"roles\":[],\"expiresAt\":\"2001-01-01T00:00:00Z\"}").then()
                .statusCode(422).body("errors[0].pointer", equalTo("/expiresAt"));
        create(Api.asAdmin(), "{\"name\":\"x\",\"roles\":[],\"expiresAt\":5}").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/expiresAt"));
        create(Api.asAdmin(), "{\"name\":\"x\",\"roles\":[\"admin'; drop table api_key; --\"]}").then()
                .statusCode(422).body("errors[0].pointer", equalTo("/roles/0"));
        assertEquals(before, keyCount());
        Api.asAdmin().get("/api/admin/api-keys/not-a-uuid").then().statusCode(404);
        Api.asAdmin().get("/api/admin/api-keys/00000000-0000-0000-0000-000000000000").then().statusCode(404)
                .body("code", equalTo("API_KEY_NOT_FOUND"));
    }

    @Test
    void aKeyOfOneTenantCannotReachAnotherTenantsKeys() {
        String other = "acme-" + TestAccounts.unique("t").substring(2);
        TestAccounts.tenant(pool, accounts, other, "acme-admin-password");
        String otherAdmin = TestAccounts.token(other, "admin", "acme-admin-password");
        Response theirs = create(with(otherAdmin), "{\"name\":\"acme key\",\"roles\":[\"admin\"]}");
        theirs.then().statusCode(201);
        String theirId = theirs.path("id");
        String theirKey = theirs.path("key");

        String ours = create(Api.asAdmin(), "{\"name\":\"ours\",\"roles\":[\"admin\"]}").path("key");
        with(ours).get("/api/admin/api-keys/" + theirId).then().statusCode(404);
        with(ours).delete("/api/admin/api-keys/" + theirId).then().statusCode(404);
        with(ours).get("/api/admin/api-keys").then().statusCode(200).body("items.id", not(hasItem(theirId)));
        Api.asAdmin().delete("/api/admin/api-keys/" + theirId).then().statusCode(404);
        // Their key still works, in their tenant only.
        with(theirKey).get("/api/admin/api-keys").then().statusCode(200).body("items.id", hasItem(theirId))
                .body("items.name", not(hasItem("ours")));
    }

    private long keyCount() {
        return pool.query("select count(*) from api_key").execute().await().atMost(Duration.ofSeconds(10)).iterator()
                .next().getLong(0);
    }
}
