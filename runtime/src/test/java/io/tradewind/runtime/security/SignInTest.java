package io.tradewind.runtime.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;

@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class SignInTest {

    @Test
    void bootstrappedAdminSignsInWithTheConfiguredPassword() {
        given().contentType("application/json")
                .body("{\"username\":\"admin\",\"password\":\"" + Api.ADMIN_PASSWORD + "\"}")
                .post("/api/auth/token")
                .then().statusCode(200)
                .body("token_type", equalTo("Bearer"))
                .body("access_token", startsWith("tw_"))
                .body("refresh_token", notNullValue())
                .body("expires_in", equalTo(3600));
    }

    @Test
    void wrongPasswordIsRefusedAsProblemJson() {
        given().contentType("application/json")
                .body("{\"username\":\"admin\",\"password\":\"nope\"}")
                .post("/api/auth/token")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("BAD_CREDENTIALS"));
    }

    @Test
    void apiWithoutTokenIsRefused() {
        given().get("/api/apps").then().statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("UNAUTHENTICATED"));
        given().header("Authorization", "Bearer tw_forged").get("/api/apps").then().statusCode(401);
    }

    @Test
    void signedOutTokenStopsWorking() {
        String token = Api.token("admin", Api.ADMIN_PASSWORD);
        given().header("Authorization", "Bearer " + token).post("/api/auth/logout").then().statusCode(200)
                .body("signedOut", equalTo(true));
        given().header("Authorization", "Bearer " + token).get("/api/apps").then().statusCode(401);
    }

    @Test
    void refreshRotatesTheRefreshToken() {
        String refresh = given().contentType("application/json")
                .body("{\"username\":\"admin\",\"password\":\"" + Api.ADMIN_PASSWORD + "\"}")
                .post("/api/auth/token").then().statusCode(200).extract().path("refresh_token");
        String body = "{\"refresh_token\":\"" + refresh + "\"}";
        given().contentType("application/json").body(body).post("/api/auth/refresh").then().statusCode(200)
                .body("access_token", startsWith("tw_"));
        given().contentType("application/json").body(body).post("/api/auth/refresh").then().statusCode(401)
                .body("code", equalTo("BAD_REFRESH_TOKEN"));
    }

    @Test
    void malformedSignInBodiesAreRefusedWithPointers() {
        given().contentType("application/json").body("{\"username\": 5, \"password\": \"x\"}")
                .post("/api/auth/token").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/username"));
        given().contentType("application/json").body("{\"username\": \"a\"")
                .post("/api/auth/token").then().statusCode(400).body("code", equalTo("BODY_MALFORMED"));
        given().contentType("application/json").body("{\"username\":\"a\",\"password\":\"b\",\"role\":\"admin\"}")
                .post("/api/auth/token").then().statusCode(400).body("errors[0].pointer", equalTo("/role"));
    }
}
