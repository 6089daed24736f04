package io.tradewind.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * With no admin password configured, the first start still creates the admin, with a generated
 * password.
 */
@QuarkusTest
@TestProfile(GeneratedAdminPasswordTest.NoPassword.class)
@QuarkusTestResource(TestDatabase.class)
class GeneratedAdminPasswordTest {

    /** The test profile without {@code tradewind.admin-password}. */
    public static class NoPassword implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tradewind.admin-password", "");
        }
    }

    @Inject
    Pool pool;

    @Test
    void theFirstAdminExistsWithAStrongHash() {
        var row = pool
                .query("select u.password_hash, array(select role_key from user_role r where r.tenant_id = u.tenant_id"
                        + " and r.user_id = u.id) from app_user u where username = 'admin'")
                .execute()
                .map(rows -> rows.iterator().next()).await().indefinitely();
        assertThat(row.getString(0)).startsWith("$argon2id$");
        assertThat(row.getArrayOfStrings(1)).contains("admin");
        // the configured test password was not used
        assertThat(io.restassured.RestAssured.given().contentType("application/json")
                .body("{\"username\":\"admin\",\"password\":\"" + io.tradewind.runtime.testing.Api.ADMIN_PASSWORD
                        + "\"}")
                .post("/api/auth/token").statusCode()).isEqualTo(401);
    }
}
