package io.tradewind.runtime.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;

@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestProfile(TokenExpiryTest.ShortLivedTokens.class)
class TokenExpiryTest {
    /** Access tokens that live two seconds. */
    public static class ShortLivedTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tradewind.auth.access-ttl", "PT2S");
        }
    }

    @Test
    void anExpiredAccessTokenIsRefusedAndRefreshStillWorks() {
        // Warm up sign-in and the endpoint so that the fresh token below is used well within its 2 s.
        given().header("Authorization", "Bearer " + Api.token("admin", Api.ADMIN_PASSWORD)).get("/api/apps").then()
                .statusCode(200);

        var signIn = given().contentType("application/json")
                .body("{\"username\":\"admin\",\"password\":\"" + Api.ADMIN_PASSWORD + "\"}")
                .post("/api/auth/token");
        signIn.then().statusCode(200).body("expires_in", equalTo(2));
        String access = signIn.path("access_token");
        given().header("Authorization", "Bearer " + access).get("/api/apps").then().statusCode(200);

        Instant deadline = Instant.now().plusSeconds(20);
        int status = 200;
        while (status == 200 && Instant.now().isBefore(deadline)) {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000); // polling interval
            status = given().header("Authorization", "Bearer " + access).get("/api/apps").statusCode();
        }
        assertEquals(401, status, "the access token should have expired");
        given().contentType("application/json")
                .body("{\"refresh_token\":\"" + signIn.path("refresh_token") + "\"}")
                .post("/api/auth/refresh").then().statusCode(200);
    }
}
