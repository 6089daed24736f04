package io.tradewind.runtime.security.oidc;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;

/**
 * Single sign-on against a real Keycloak: tokens map to Tradewind users, forged or stale ones are
 * refused.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@QuarkusTestResource(value = KeycloakServer.class, restrictToAnnotatedClass = true)
class KeycloakSignInTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void keycloakTokenSignsInAsMappedUserWithTenantRolesAndDepartment() throws SQLException {
        UUID sales = UUID.randomUUID();
        sql("insert into department (tenant_id, id, name) values ('default', ?::uuid, 'Sales')", sales.toString());
        sql("insert into role (tenant_id, key, name) values ('default', 'sales_rep', 'Sales rep')"
                + " on conflict do nothing");
        String token = token("tradewind", "tradewind", "ana");

        given().header("Authorization", "Bearer " + token).get("/api/apps").then().statusCode(200);
        String userId = call(token).statusCode(200)
                .body("tenant", equalTo("default"))
                .body("username", equalTo("ana"))
                // partner_liaison is a realm role the tenant does not define: ignored
                .body("roles", contains("sales_rep"))
                .body("departmentId", equalTo(sales.toString()))
                .extract().path("userId");

        assertThat(
                query("select external_subject || '|' || coalesce(password_hash, '-') from app_user where id = ?::uuid",
                        userId))
                .isEqualTo(claims(token).get("sub").asText() + "|-");
        assertThat(query("select count(*) from audit_log where action = 'auth.sso-user-create' and actor_id = ?::uuid",
                userId)).isEqualTo("1");
        // The same person signs in again: same user, and a role the tenant now defines is granted.
        sql("insert into role (tenant_id, key, name) values ('default', 'partner_liaison', 'Partner liaison')");
        call(token("tradewind", "tradewind", "ana")).statusCode(200)
                .body("userId", equalTo(userId))
                .body("roles", contains("partner_liaison", "sales_rep"));
        assertThat(query("select string_agg(role_key, ',' order by role_key) from user_role where user_id = ?::uuid",
                userId)).isEqualTo("partner_liaison,sales_rep");
    }

    @Test
    void builtInTokensKeepWorkingBesideSingleSignOn() {
        Api.asAdmin().get("/api/auth/me").then().statusCode(200)
                .body("username", equalTo("admin"))
                .body("roles", contains("admin"))
                .body("departmentId", nullValue());
        given().header("Authorization", "Bearer tw_forged").get("/api/auth/me").then().statusCode(401);
    }

    @Test
    void tokenFromAnotherRealmIsRefused() throws SQLException {
        String users = query("select count(*) from app_user");
        refused(token("other", "tradewind", "bob"));
        assertThat(query("select count(*) from app_user")).isEqualTo(users);
    }

    @Test
    void tokenWithAlteredSignatureIsRefused() throws SQLException {
        String token = token("tradewind", "tradewind", "bob");
        String[] parts = token.split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[signature.length / 2] ^= 0x01;
        String users = query("select count(*) from app_user");
        refused(parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature));
        assertThat(query("select count(*) from app_user")).isEqualTo(users);
    }

    @Test
    void unsignedTokenWithValidClaimsIsRefused() {
        String payload = token("tradewind", "tradewind", "bob").split("\\.")[1];
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        refused(header + "." + payload + ".");
    }

    @Test
    void expiredTokenIsRefused() {
        call(token("tradewind", "tradewind", "bob")).statusCode(200); // warm: keys fetched, user created
        String token = token("tradewind", KeycloakServer.SHORT_CLIENT, "bob");
        Instant expiry = Instant.ofEpochSecond(claims(token).get("exp").asLong());
        assertThat(Duration.between(Instant.ofEpochSecond(claims(token).get("iat").asLong()), expiry))
                .isEqualTo(Duration.ofSeconds(KeycloakServer.SHORT_LIFESPAN_SECONDS));
        call(token).statusCode(200).body("username", equalTo("bob"));
        Instant deadline = expiry.plusSeconds(30);
        int status = 200;
        while (status == 200 && Instant.now().isBefore(deadline)) {
            status = given().header("Authorization", "Bearer " + token).get("/api/auth/me").statusCode();
        }
        assertThat(Instant.now()).isAfterOrEqualTo(expiry);
        refused(token);
    }

    @Test
    void disabledUserIsRefused() throws SQLException {
        String token = token("tradewind", "tradewind", "bob");
        String userId = call(token).statusCode(200).extract().path("userId");
        sql("update app_user set disabled = true where id = ?::uuid", userId);
        try {
            refused(token);
        } finally {
            sql("update app_user set disabled = false where id = ?::uuid", userId);
        }
    }

    @Test
    void unknownTenantIsRefusedAndCreatesNoUser() throws SQLException {
        refused(token("tradewind", "tradewind", "carol"));
        assertThat(query("select count(*) from app_user where username = 'carol'")).isEqualTo("0");
    }

    @Test
    void disabledTenantIsRefusedAndCreatesNoUser() throws SQLException {
        sql("insert into tenant (tenant_id, name, disabled) values ('closed', 'Closed', true)");
        refused(token("tradewind", "tradewind", "dave"));
        assertThat(query("select count(*) from app_user where tenant_id = 'closed'")).isEqualTo("0");
    }

    @Test
    void tokenForAnotherClientOfTheRealmIsRefused() {
        String token = token("tradewind", KeycloakServer.STRANGER_CLIENT, "bob");
        assertThat(claims(token).path("aud").toString()).doesNotContain("tradewind");
        refused(token);
    }

    @Test
    void departmentClaimMayNameTheDepartmentById() throws SQLException {
        sql("insert into department (tenant_id, id, name) values ('default', ?::uuid, 'Export')",
                KeycloakServer.ERIN_DEPARTMENT);
        call(token("tradewind", "tradewind", "erin")).statusCode(200)
                .body("departmentId", equalTo(KeycloakServer.ERIN_DEPARTMENT));
    }

    @Test
    void ssoUserCannotTakeOverBuiltInAccountWithTheSameName() throws SQLException {
        refused(token("tradewind", "tradewind", "admin"));
        assertThat(query("select count(*) from app_user where lower(username) = 'admin'")).isEqualTo("1");
        assertThat(query("select count(*) from app_user where username = 'admin' and external_subject is null"))
                .isEqualTo("1");
    }

    private static void refused(String token) {
        given().header("Authorization", "Bearer " + token).get("/api/apps").then().statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("UNAUTHENTICATED"));
        given().header("Authorization", "Bearer " + token).get("/api/auth/me").then().statusCode(401);
    }

    private static ValidatableResponse call(String token) {
        return given().header("Authorization", "Bearer " + token).get("/api/auth/me").then();
    }

    /** A password-grant access token from the test Keycloak. */
    private static String token(String realm, String client, String username) {
        String base = ConfigProvider.getConfig().getValue("tradewind.oidc.url", String.class)
                .replaceFirst("/realms/tradewind$", "");
        String form = "grant_type=password&client_id=" + client + "&username=" + username + "&password="
                + KeycloakServer.PASSWORD;
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest
                    .newBuilder(URI.create(base + "/realms/" + realm + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return JSON.readTree(r.body()).get("access_token").asText();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode claims(String token) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sql(String statement, String... params) throws SQLException {
        try (Connection c = connection(); PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            s.executeUpdate();
        }
    }

    private static String query(String statement, String... params) throws SQLException {
        try (Connection c = connection(); PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    private static Connection connection() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class), "");
    }
}
