package io.tradewind.runtime.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class PasswordChangeTest {
    private static final String OLD = "old-password-123";
    private static final String NEW = "a-much-better-one-456";

    @Inject
    Pool pool;

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    private static String change(String current, String next) {
        return "{\"currentPassword\":\"" + current + "\",\"newPassword\":\"" + next + "\"}";
    }

    @Test
    void changingThePasswordEndsEveryOtherSessionButThisOne() {
        String name = TestAccounts.unique("pw");
        TestAccounts.user(pool, "default", name, OLD);
        String phone = TestAccounts.token("default", name, OLD);
        String laptop = TestAccounts.token("default", name, OLD);
        as(phone).get("/api/apps").then().statusCode(200); // cached as valid before the change

        as(laptop).body(change(OLD, NEW)).post("/api/auth/password").then().statusCode(200)
                .body("otherSessionsRevoked", equalTo(1));

        as(phone).get("/api/apps").then().statusCode(401);
        as(laptop).get("/api/apps").then().statusCode(200);
        TestAccounts.signIn("default", name, OLD).then().statusCode(401);
        TestAccounts.signIn("default", name, NEW).then().statusCode(200);
        assertNotNull(pool.preparedQuery("select password_changed_at from app_user where username = $1")
                .execute(Tuple.of(name)).await().atMost(Duration.ofSeconds(10)).iterator().next()
                .getOffsetDateTime(0));
        Api.asAdmin().queryParam("actor", name).get("/api/admin/audit").then().statusCode(200)
                .body("items.action", hasItem("auth.password-change"));
    }

    @Test
    void weakPasswordsAreRefusedAndChangeNothing() {
        String name = TestAccounts.unique("weak-user-name");
        TestAccounts.user(pool, "default", name, OLD);
        String token = TestAccounts.token("default", name, OLD);
        as(token).body(change(OLD, "short")).post("/api/auth/password").then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("PASSWORD_TOO_WEAK"))
                .body("errors[0].pointer", equalTo("/newPassword"));
        as(token).body(change(OLD, name.toUpperCase())).post("/api/auth/password").then().statusCode(422)
                .body("errors[0].pointer", equalTo("/newPassword"));
        assertNull(pool.preparedQuery("select password_changed_at from app_user where username = $1")
                .execute(Tuple.of(name)).await().atMost(Duration.ofSeconds(10)).iterator().next()
                .getOffsetDateTime(0));
        TestAccounts.signIn("default", name, OLD).then().statusCode(200);
    }

    @Test
    void wrongCurrentPasswordIsRefusedAndKeepsTheSessions() {
        String name = TestAccounts.unique("pw-wrong");
        TestAccounts.user(pool, "default", name, OLD);
        String other = TestAccounts.token("default", name, OLD);
        String token = TestAccounts.token("default", name, OLD);
        as(token).body(change("not-my-password", NEW)).post("/api/auth/password").then().statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("CURRENT_PASSWORD_WRONG"));
        as(other).get("/api/apps").then().statusCode(200);
        TestAccounts.signIn("default", name, OLD).then().statusCode(200);
        TestAccounts.signIn("default", name, NEW).then().statusCode(401);
    }

    @Test
    void guessingTheCurrentPasswordWithAStolenSessionLocksTheAccount() {
        String name = TestAccounts.unique("pw-guess");
        TestAccounts.user(pool, "default", name, OLD);
        String stolen = TestAccounts.token("default", name, OLD);
        for (int i = 0; i < 5; i++) {
            as(stolen).body(change("guess-number-" + i, NEW)).post("/api/auth/password").then().statusCode(403);
        }
        // Locked now: even the right current password is refused, and so is signing in.
        as(stolen).body(change(OLD, NEW)).post("/api/auth/password").then().statusCode(403)
                .body("code", equalTo("CURRENT_PASSWORD_WRONG"));
        TestAccounts.signIn("default", name, OLD).then().statusCode(401);
        Api.asAdmin().queryParam("actor", name).queryParam("action", "auth.").get("/api/admin/audit").then()
                .statusCode(200)
                .body("items.action", hasItem("auth.locked"))
                .body("items.action", hasItem("auth.password-change-failed"));
    }

    @Test
    void malformedBodiesAreRefusedWithPointers() {
        String name = TestAccounts.unique("pw-bad");
        TestAccounts.user(pool, "default", name, OLD);
        String token = TestAccounts.token("default", name, OLD);
        as(token).body("{\"currentPassword\":\"" + OLD + "\",\"newPassword\":12345678901234}")
                .post("/api/auth/password").then().statusCode(400).body("errors[0].pointer", equalTo("/newPassword"));
        as(token).body("{\"newPassword\":\"" + NEW + "\"}")
                .post("/api/auth/password").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/currentPassword"));
        as(token).body("{\"currentPassword\":\"" + OLD + "\",\"newPassword\":\"" + NEW + "\",\"username\":\"admin\"}")
                .post("/api/auth/password").then().statusCode(400).body("errors[0].pointer", equalTo("/username"));
        as(token).body("[]").post("/api/auth/password").then().statusCode(400);
        TestAccounts.signIn("default", name, OLD).then().statusCode(200);
    }

    @Test
    void withoutASessionThereIsNothingToChange() {
        given().contentType("application/json").body(change(OLD, NEW)).post("/api/auth/password").then()
                .statusCode(401);
    }
}
