package io.tradewind.runtime.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.form.RecordStore;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * A record addressed by id is found through the primary key even where the planner has nothing to
 * go on: a form of thousands of records of one owner, no statistics on {@code record} (a new
 * install, a form just filled by an import), generic plans (the runtime caches prepared
 * statements). Written as plain conjuncts, the lookups matched the form indexes that end in
 * {@code id} and walked every record of the form for one row — three quarters of the flow
 * benchmark's time. Checked on the statements the runtime sends, under the tenant role, in a
 * transaction that is rolled back.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class RecordByIdPlanTest {
    @Inject
    Pool pool;

    @Test
    void recordLookupsByIdUseThePrimaryKeyWithoutStatistics() {
        List<String> plans = new ArrayList<>();
        pool.withConnection(c -> c.query("begin").execute()
                .chain(() -> c.query("insert into record (tenant_id, app_key, form_key, id, version, data, owner,"
                        + " created_at, updated_at) select 'default', 'planlab', 'item', gen_random_uuid(), 1, '{}',"
                        + " '00000000-0000-0000-0000-0000000000aa', now(), now() from generate_series(1, 3000)")
                        .execute())
                .chain(() -> c.query("delete from pg_statistic where starelid = 'record'::regclass").execute())
                .chain(() -> c.query("select set_config('role', 'tradewind_tenant', true), set_config("
                        + "'tradewind.tenant', 'default', true), set_config('plan_cache_mode', 'force_generic_plan',"
                        + " true)").execute())
                .chain(() -> explain(c, "find_all", RecordStore.findSql(null),
                        "'default', gen_random_uuid(), 'planlab', 'item'").invoke(plans::add))
                .chain(() -> explain(c, "find_own", RecordStore.findSql("owner = $5"), "'default',"
                        + " gen_random_uuid(), 'planlab', 'item', '00000000-0000-0000-0000-0000000000aa'::uuid")
                        .invoke(plans::add))
                .chain(() -> explain(c, "lock_by_task", FlowStore.lockSql(true), "'default', gen_random_uuid()")
                        .invoke(plans::add))
                .eventually(() -> c.query("rollback").execute()))
                .await().indefinitely();
        assertEquals(3, plans.size());
        for (String plan : plans) {
            List<String> scans = plan.lines().filter(l -> l.contains(" on record")).toList();
            assertFalse(scans.isEmpty(), plan);
            for (String scan : scans) {
                assertTrue(scan.contains("using record_pkey"), "record is read by primary key:\n" + plan);
            }
        }
    }

    private static Uni<String> explain(SqlConnection c, String name, String sql, String args) {
        return c.query("prepare " + name + " as " + sql).execute().chain(() -> c.query("explain execute " + name
                + "(" + args + ")").execute()).map(rows -> {
                    StringBuilder out = new StringBuilder();
                    rows.forEach(r -> out.append(r.getString(0)).append('\n'));
                    return out.toString();
                });
    }
}
