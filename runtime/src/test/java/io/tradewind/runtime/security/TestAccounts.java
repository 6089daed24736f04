package io.tradewind.runtime.security;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.UUID;

import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Test fixtures for accounts: tenants and built-in users written straight to the database. */
final class TestAccounts {
    private TestAccounts() {
    }

    /** A username no other test uses. */
    static String unique(String stem) {
        return stem + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a tenant (if missing) whose first admin has {@code adminPassword}. */
    static void tenant(Pool pool, Accounts accounts, String tenantId, String adminPassword) {
        pool.preparedQuery("insert into tenant (tenant_id, name) values ($1, $1) on conflict do nothing")
                .execute(Tuple.of(tenantId)).await().atMost(Duration.ofSeconds(30));
        accounts.bootstrapAdmin(tenantId, adminPassword).await().atMost(Duration.ofSeconds(30));
    }

    /** Creates a built-in user holding {@code roles} (created in the tenant when missing). */
    static UUID user(Pool pool, String tenantId, String username, String password, String... roles) {
        UUID id = UUID.randomUUID();
        pool.preparedQuery("insert into app_user (tenant_id, id, username, display_name, password_hash)"
                + " values ($1, $2, $3, $3, $4)")
                .execute(Tuple.of(tenantId, id, username, PasswordHasher.hash(password)))
                .await().atMost(Duration.ofSeconds(30));
        for (String role : roles) {
            pool.preparedQuery("insert into role (tenant_id, key, name) values ($1, $2, $2) on conflict do nothing")
                    .execute(Tuple.of(tenantId, role)).await().atMost(Duration.ofSeconds(30));
            pool.preparedQuery("insert into user_role (tenant_id, user_id, role_key) values ($1, $2, $3)")
                    .execute(Tuple.of(tenantId, id, role)).await().atMost(Duration.ofSeconds(30));
        }
        return id;
    }

    /** Posts a sign-in. */
    static Response signIn(String tenant, String username, String password) {
        return given().contentType("application/json")
                .body("{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"tenant\":\"" + tenant
                        + "\"}")
                .post("/api/auth/token");
    }

    /** Signs in and answers the access token. */
    static String token(String tenant, String username, String password) {
        return signIn(tenant, username, password).then().statusCode(200).extract().path("access_token");
    }
}
