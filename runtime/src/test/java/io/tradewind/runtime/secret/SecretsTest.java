package io.tradewind.runtime.secret;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tradewind.runtime.tenant.TenantDb;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;

/**
 * Tenant secrets through the admin API: set, replace, list (names only), delete, audited without
 * values; strict bodies; the engine's read of a value, scoped to its tenant.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class SecretsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Secrets secrets;
    @Inject
    TenantDb db;

    private static RequestSpecification admin() {
        return Api.asAdmin();
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void anAdminSetsReplacesListsAndDeletesSecretsWithoutEverSeeingAValue() {
        String name = "erp.token-" + unique();
        String value = "v1-" + unique();
        given().spec(admin()).body(Map.of("value", value)).put("/api/admin/secrets/" + name).then().statusCode(204);
        Response list = given().spec(admin()).get("/api/admin/secrets");
        list.then().statusCode(200).body("items.name", hasItem(name));
        assertThat(list.asString()).doesNotContain(value);
        String created = list.path("items.find { it.name == '" + name + "' }.createdAt");
        assertThat(secrets.get("default", name).await().atMost(WAIT)).isEqualTo(value);

        String replaced = "v2 with spaces and ünïcode " + unique();
        given().spec(admin()).body(Map.of("value", replaced)).put("/api/admin/secrets/" + name).then().statusCode(
                204);
        assertThat(secrets.get("default", name).await().atMost(WAIT)).isEqualTo(replaced);
        given().spec(admin()).get("/api/admin/secrets").then().body("items.find { it.name == '" + name
                + "' }.createdAt", equalTo(created));
        // the engine's read inside a tenant transaction sees only its own tenant's secrets
        assertThat(db.run("default", c -> secrets.get(c, "default", name)).await().atMost(WAIT)).isEqualTo(replaced);
        assertThat(db.run("other-tenant", c -> secrets.get(c, "default", name)).await().atMost(WAIT)).isNull();
        assertThat(secrets.get("default", "absent-" + unique()).await().atMost(WAIT)).isNull();

        given().spec(admin()).delete("/api/admin/secrets/" + name).then().statusCode(204);
        given().spec(admin()).delete("/api/admin/secrets/" + name).then().statusCode(404).contentType(
                "application/problem+json").body("code", equalTo("SECRET_NOT_FOUND"));
        given().spec(admin()).get("/api/admin/secrets").then().body("items.name", not(hasItem(name)));
        assertThat(secrets.get("default", name).await().atMost(WAIT)).isNull();

        Response audit = given().spec(admin()).get("/api/admin/audit?action=secret.&limit=500");
        audit.then().statusCode(200);
        List<String> actions = audit.path("items.findAll { it.targetId == '" + name + "' }.action");
        assertThat(actions).containsExactlyInAnyOrder("secret.create", "secret.update", "secret.delete");
        assertThat(audit.asString()).doesNotContain(value).doesNotContain(replaced);
    }

    @Test
    void bodiesAndNamesAreCheckedStrictly() {
        String name = "strict-" + unique();
        Map<String, String> bad = Map.of("{\"value\": 1}", "/value", "{}", "/value", "{\"value\": \"\"}", "/value",
                "{\"value\": \"x\", \"extra\": 1}", "/extra", "{\"value\": \"" + "x".repeat(4097) + "\"}", "/value");
        bad.forEach((body, pointer) -> given().spec(admin()).body(body).put("/api/admin/secrets/" + name).then()
                .statusCode(422).contentType("application/problem+json").body("errors.pointer", hasItem(pointer)));
        for (String badName : List.of("1abc", "a b", "x".repeat(64), "a%2Fb", "_x")) {
            given().spec(admin()).body("{\"value\": \"x\"}").put("/api/admin/secrets/" + badName).then().statusCode(
                    org.hamcrest.Matchers.anyOf(equalTo(404), equalTo(422)));
        }
        given().spec(admin()).body("{\"value\": \"" + "x".repeat(4096) + "\"}").put("/api/admin/secrets/" + name)
                .then().statusCode(204);
        given().spec(admin()).get("/api/admin/secrets").then().body("items.name", hasItem(name)).body("items.name",
                not(hasItem("1abc")));
        given().spec(admin()).delete("/api/admin/secrets/" + name).then().statusCode(204);
    }
}
