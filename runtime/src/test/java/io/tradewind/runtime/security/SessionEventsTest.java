package io.tradewind.runtime.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Another replica's change reaches this one's session cache through LISTEN/NOTIFY. The cache here
 * trusts a token for an hour, so only the event can end it; the change itself is made in SQL, as
 * another replica would, without this replica's knowledge.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestProfile(SessionEventsTest.LongCache.class)
class SessionEventsTest {
    private static final String PASSWORD = "session-events-Pa55";

    /** Validated tokens are cached for an hour. */
    public static class LongCache implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tradewind.auth.session-cache-ttl", "PT1H");
        }
    }

    @Inject
    Pool pool;

    @Test
    void aUserDisabledOnAnotherReplicaIsRefusedOnceTheEventArrives() {
        String name = "replica-" + UUID.randomUUID().toString().substring(0, 8);
        String id = Api.asAdmin().body("{\"username\": \"" + name + "\", \"displayName\": \"R\", \"password\": \""
                + PASSWORD + "\"}").post("/api/admin/users").then().statusCode(201).extract().path("id");
        String token = Api.token(name, PASSWORD);
        assertThat(status(token)).isEqualTo(200);

        sql("update app_user set disabled = true where id = $1", UUID.fromString(id));
        assertThat(status(token)).as("still cached: nothing told this replica yet").isEqualTo(200);

        sql("select pg_notify('tradewind_sessions', $1)", "user default " + id);
        assertThat(statusWithin(token, 401)).isEqualTo(401);
    }

    @Test
    void aTenantDisabledOnAnotherReplicaIsRefusedOnceTheEventArrives() {
        String tenant = "replica-" + UUID.randomUUID().toString().substring(0, 6);
        Api.asAdmin().body("{\"id\": \"" + tenant + "\", \"name\": \"Replica\", \"adminPassword\": \"" + PASSWORD
                + "\"}").post("/api/admin/tenants").then().statusCode(201);
        String token = given().contentType("application/json").body("{\"username\": \"admin\", \"password\": \""
                + PASSWORD + "\", \"tenant\": \"" + tenant + "\"}").post("/api/auth/token").then().statusCode(200)
                .extract().path("access_token");
        assertThat(status(token)).isEqualTo(200);

        sql("update tenant set disabled = true where tenant_id = $1", tenant);
        assertThat(status(token)).isEqualTo(200);

        sql("select pg_notify('tradewind_sessions', $1)", "tenant " + tenant);
        assertThat(statusWithin(token, 401)).isEqualTo(401);
    }

    @Test
    void theAdminApiAnnouncesItsChangesToEveryReplica() {
        String name = "announced-" + UUID.randomUUID().toString().substring(0, 8);
        String id = Api.asAdmin().body("{\"username\": \"" + name + "\", \"displayName\": \"A\", \"password\": \""
                + PASSWORD + "\"}").post("/api/admin/users").then().statusCode(201).extract().path("id");
        // listen like another replica would, on a connection of our own
        var listener = pool.getConnection().await().indefinitely();
        try {
            var pg = io.vertx.mutiny.pgclient.PgConnection.cast(listener);
            java.util.List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
            pg.notificationHandler(n -> heard.add(n.getPayload()));
            listener.query("listen tradewind_sessions").execute().await().indefinitely();
            Api.asAdmin().body("{\"disabled\": true}").patch("/api/admin/users/" + id).then().statusCode(200);
            Instant deadline = Instant.now().plusSeconds(10);
            while (!heard.contains("user default " + id) && Instant.now().isBefore(deadline)) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
            }
            assertThat(heard).contains("user default " + id);
        } finally {
            listener.query("unlisten *").execute().await().indefinitely();
            listener.close().await().indefinitely();
        }
    }

    private static int status(String token) {
        return given().header("Authorization", "Bearer " + token).get("/api/apps").statusCode();
    }

    private static int statusWithin(String token, int expected) {
        Instant deadline = Instant.now().plusSeconds(10);
        int status = status(token);
        while (status != expected && Instant.now().isBefore(deadline)) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
            status = status(token);
        }
        return status;
    }

    private void sql(String sql, Object... params) {
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely();
    }
}
