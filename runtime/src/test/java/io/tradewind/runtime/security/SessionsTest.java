package io.tradewind.runtime.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class SessionsTest {
    private static final String PASSWORD = "session-password-1";

    @Inject
    Pool pool;

    private static Response refresh(String refreshToken) {
        return given().contentType("application/json").body("{\"refresh_token\":\"" + refreshToken + "\"}")
                .post("/api/auth/refresh");
    }

    private static int status(String accessToken) {
        return given().header("Authorization", "Bearer " + accessToken).get("/api/apps").statusCode();
    }

    @Test
    void reusingARotatedRefreshTokenEndsTheWholeChain() {
        String name = TestAccounts.unique("chain");
        TestAccounts.user(pool, "default", name, PASSWORD);
        Response first = TestAccounts.signIn("default", name, PASSWORD);
        String refresh1 = first.path("refresh_token");
        Response second = refresh(refresh1);
        second.then().statusCode(200);
        String access2 = second.path("access_token");
        String refresh2 = second.path("refresh_token");
        org.junit.jupiter.api.Assertions.assertEquals(200, status(access2));
        // A separate sign-in of the same user is another chain and survives.
        String elsewhere = TestAccounts.token("default", name, PASSWORD);

        refresh(refresh1).then().statusCode(401).body("code", equalTo("BAD_REFRESH_TOKEN"));

        org.junit.jupiter.api.Assertions.assertEquals(401, status(access2));
        refresh(refresh2).then().statusCode(401);
        org.junit.jupiter.api.Assertions.assertEquals(200, status(elsewhere));
        Api.asAdmin().queryParam("action", "auth.refresh").get("/api/admin/audit").then().statusCode(200);
        Api.asAdmin().queryParam("action", "auth.").queryParam("limit", "500").get("/api/admin/audit").then()
                .statusCode(200)
                .body("items.action", hasItems("auth.refresh", "auth.refresh-reused"));
    }

    @Test
    void signOutEndsTheSessionAndIsAudited() {
        String name = TestAccounts.unique("bye");
        TestAccounts.user(pool, "default", name, PASSWORD);
        Response signIn = TestAccounts.signIn("default", name, PASSWORD);
        String access = signIn.path("access_token");
        org.junit.jupiter.api.Assertions.assertEquals(200, status(access));
        given().header("Authorization", "Bearer " + access).post("/api/auth/logout").then().statusCode(200)
                .body("signedOut", equalTo(true));
        org.junit.jupiter.api.Assertions.assertEquals(401, status(access));
        refresh((String) signIn.path("refresh_token")).then().statusCode(401);
        Api.asAdmin().queryParam("actor", name).get("/api/admin/audit").then().statusCode(200)
                .body("items.action", hasItems("auth.sign-out", "auth.sign-in"));
    }

    @Test
    void aTokenWithOneCharacterChangedIsRefused() {
        String access = Api.token("admin", Api.ADMIN_PASSWORD);
        org.junit.jupiter.api.Assertions.assertEquals(200, status(access));
        char last = access.charAt(access.length() - 1);
        String tampered = access.substring(0, access.length() - 1) + (last == 'A' ? 'B' : 'A');
        given().header("Authorization", "Bearer " + tampered).get("/api/apps").then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("UNAUTHENTICATED"));
        String middle = access.substring(0, 10) + (access.charAt(10) == 'x' ? 'y' : 'x') + access.substring(11);
        org.junit.jupiter.api.Assertions.assertEquals(401, status(middle));
    }

    @Test
    void refreshBodiesAreCheckedStrictly() {
        given().contentType("application/json").body("{\"refresh_token\":42}").post("/api/auth/refresh").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/refresh_token"));
        given().contentType("application/json").body("{\"refresh_token\":\"tw_x\",\"scope\":\"admin\"}")
                .post("/api/auth/refresh").then().statusCode(400).body("errors[0].pointer", equalTo("/scope"));
        refresh("tw_' or '1'='1").then().statusCode(401).body("code", equalTo("BAD_REFRESH_TOKEN"));
    }

    @Test
    void signInIsAuditedWithTheSourceAddress() {
        String name = TestAccounts.unique("audited");
        TestAccounts.user(pool, "default", name, PASSWORD);
        TestAccounts.token("default", name, PASSWORD);
        Api.asAdmin().queryParam("actor", name).queryParam("action", "auth.sign-in").get("/api/admin/audit").then()
                .statusCode(200)
                .body("items[0].action", equalTo("auth.sign-in"))
                .body("items[0].sourceIp", equalTo("127.0.0.1"))
                .body("items.actorName", hasItem(name));
    }
}
