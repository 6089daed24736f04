package io.tradewind.runtime.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Bodies no client should send get a 4xx problem document, whatever endpoint receives them. */
@QuarkusTest
class HostileBodyTest {

    @Test
    void tenMegabyteBodyIsRefusedAsTooLarge() {
        byte[] big = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        given().contentType("application/json").body(big).post("/api/auth/token")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("code", equalTo("BODY_TOO_LARGE"));
    }

    @Test
    void jsonNestedTenThousandDeepIsRefused() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        given().contentType("application/json")
                .body(("{\"username\":" + deep + "}").getBytes(StandardCharsets.UTF_8)).post("/api/auth/token")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("BODY_TOO_COMPLEX"));
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] body = "{\"username\":\"a\u00ff\",\"password\":\"b\"}".getBytes(StandardCharsets.ISO_8859_1);
        given().contentType("application/json").body(body).post("/api/auth/token")
                .then().statusCode(400)
                .body("code", equalTo("BODY_MALFORMED"));
    }

    @Test
    void nulCharacterInAStringIsRefusedWithItsPointer() {
        given().contentType("application/json").body("{\"username\":\"ad\\u0000min\",\"password\":\"b\"}")
                .post("/api/auth/token")
                .then().statusCode(400)
                .body("code", equalTo("VALUE_HAS_NUL"))
                .body("errors[0].pointer", equalTo("/username"));
    }

    @Test
    void duplicateKeysAreRefused() {
        given().contentType("application/json").body("{\"username\":\"a\",\"username\":\"b\",\"password\":\"c\"}")
                .post("/api/auth/token")
                .then().statusCode(400)
                .body("code", equalTo("BODY_DUPLICATE_KEY"));
    }

    @Test
    void unknownPathUnderApiIsAProblemDocument() {
        given().get("/api/no-such-thing").then().statusCode(404).contentType("application/problem+json");
    }
}
