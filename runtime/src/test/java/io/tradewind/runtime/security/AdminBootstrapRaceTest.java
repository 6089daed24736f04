package io.tradewind.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Several first starts at once (replicas booting together) create exactly one first admin. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class AdminBootstrapRaceTest {
    @Inject
    Accounts accounts;
    @Inject
    Pool pool;

    @Test
    void concurrentFirstStartsCreateOneAdmin() {
        String tenant = "race-" + UUID.randomUUID().toString().substring(0, 8);
        pool.preparedQuery("insert into tenant (tenant_id, name) values ($1, 'Race')").execute(Tuple.of(tenant))
                .await().indefinitely();
        List<Uni<Boolean>> starts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            starts.add(accounts.bootstrapAdmin(tenant, "race-password-" + i));
        }
        List<Boolean> created = Uni.join().all(starts).andFailFast().await().indefinitely();
        assertThat(created).containsOnlyOnce(true);
        long admins = pool.preparedQuery("select count(*) from app_user u join user_role r on r.tenant_id ="
                + " u.tenant_id and r.user_id = u.id and r.role_key = 'admin' where u.tenant_id = $1")
                .execute(Tuple.of(tenant)).map(rs -> rs.iterator().next().getLong(0)).await().indefinitely();
        assertThat(admins).isEqualTo(1);
    }
}
