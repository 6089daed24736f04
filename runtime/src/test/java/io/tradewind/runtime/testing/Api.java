package io.tradewind.runtime.testing;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** Helpers for API tests: sign in and send requests as a user. */
public final class Api {
    public static final String ADMIN_PASSWORD = "test-admin-Pa55";
    private static volatile String adminToken;
    private static volatile int adminTokenPort;

    private Api() {
    }

    /** A fresh access token for the given built-in account. */
    public static String token(String username, String password) {
        return given().contentType("application/json")
                .body("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
                .post("/api/auth/token")
                .then().statusCode(200)
                .extract().path("access_token");
    }

    /** A request signed in as the bootstrapped admin (token shared across tests). */
    public static RequestSpecification asAdmin() {
        // Each Quarkus start gets a fresh database and port, so a token is only good for its port.
        if (adminToken == null || adminTokenPort != io.restassured.RestAssured.port) {
            adminToken = token("admin", ADMIN_PASSWORD);
            adminTokenPort = io.restassured.RestAssured.port;
        }
        return given().header("Authorization", "Bearer " + adminToken).contentType("application/json");
    }
}
