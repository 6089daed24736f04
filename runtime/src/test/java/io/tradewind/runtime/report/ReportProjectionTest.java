package io.tradewind.runtime.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.tradewind.model.report.ReportDefinition;
import io.tradewind.runtime.form.AppRegistry;
import io.tradewind.runtime.report.projection.ReportProjections;
import io.tradewind.runtime.security.PasswordHasher;
import io.tradewind.runtime.security.TradewindPrincipal;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Report projections (ADR 0014): every report answers the same from the typed projection as from
 * the jsonb record store, for callers with different row scopes; the triggers keep the projection
 * in step with every write; a value the typed column cannot hold reads as null without breaking the
 * write; the projection is tenant-isolated like the records.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class ReportProjectionTest {
    private static final String TENANT = "projx";
    private static final String PASSWORD = "projection-Pa55";
    private static int setUpOnPort;
    private static UUID rep;

    @Inject
    Pool pool;
    @Inject
    ReportService reports;
    @Inject
    AppRegistry registry;
    @Inject
    ReportProjections projections;

    @BeforeEach
    void tenantWithTradeCrmSeed() {
        if (setUpOnPort == io.restassured.RestAssured.port) {
            return;
        }
        setUpOnPort = io.restassured.RestAssured.port;
        if (given().spec(Api.asAdmin()).get("/api/admin/tenants/" + TENANT).statusCode() == 404) {
            Api.asAdmin().body("{\"id\": \"" + TENANT + "\", \"name\": \"Projection Trading\", \"timeZone\":"
                    + " \"Asia/Shanghai\", \"adminPassword\": \"" + PASSWORD + "\"}").post("/api/admin/tenants").then()
                    .statusCode(201);
            admin().post("/api/admin/apps/trade-crm/seed").then().statusCode(200);
        }
        rep = UUID.randomUUID();
        sql("insert into app_user (tenant_id, id, username, display_name, password_hash) values ($1, $2, $3, 'Rep',"
                + " $4)", TENANT, rep, "rep-" + rep.toString().substring(0, 8), PasswordHasher.hash(PASSWORD));
        sql("insert into user_role (tenant_id, user_id, role_key) values ($1, $2, 'sales_rep')", TENANT, rep);
        // half of the opportunities and customers become the rep's, behind the engine's back (the triggers see it)
        sql("update record set owner = $2 where tenant_id = $1 and form_key in ('opportunity', 'customer', 'quote',"
                + " 'follow_up') and (('x' || substr(id::text, 1, 8))::bit(32)::int % 2) = 0", TENANT, rep);
        // deals of the test app 'rep' too: buckets, money-less decimals, links and nulls
        for (int i = 0; i < 12; i++) {
            Map<String, Object> deal = new LinkedHashMap<>();
            deal.put("name", "D" + i);
            deal.put("stage", List.of("lead", "offer", "won", "lost").get(i % 4));
            deal.put("region", i % 3 == 0 ? "ASIA" : "EU");
            deal.put("amount", new BigDecimal(100 + i * 37 + ".25"));
            if (i % 5 != 0) {
                deal.put("closedOn", "2026-0" + (1 + i % 6) + "-1" + (i % 9));
            }
            admin().body(deal).post("/api/apps/rep/forms/deal/records").then().statusCode(201);
        }
    }

    @Test
    void everyReportAnswersTheSameFromTheProjectionAsFromTheRecordStore() {
        TradewindPrincipal admin = principal("admin", Set.of("admin"));
        TradewindPrincipal seller = new TradewindPrincipal(TENANT, rep, "rep", Set.of("sales_rep"), null);
        int compared = 0;
        int projected = 0;
        for (AppRegistry.InstalledApp app : registry.apps(TENANT)) {
            for (ReportDefinition def : app.reports().values()) {
                String table;
                try {
                    table = reports.projectionOf(admin, app.key(), def.key(), Map.of());
                } catch (RuntimeException e) {
                    table = null; // a report the admin cannot compile is compared below all the same
                }
                projected += table != null ? 1 : 0;
                for (TradewindPrincipal user : List.of(admin, seller)) {
                    for (Map<String, List<String>> query : queries(def)) {
                        Object typed = outcome(user, app.key(), def.key(), query, true);
                        Object plain = outcome(user, app.key(), def.key(), query, false);
                        assertThat(typed).as(app.key() + "/" + def.key() + " for " + user.username() + " " + query)
                                .isEqualTo(plain);
                        compared++;
                    }
                }
            }
        }
        // every trade-CRM report reads a projection; of the rep app, those without subtable rows
        assertThat(projected).as("reports whose statement reads a projection").isGreaterThanOrEqualTo(12);
        assertThat(compared).isGreaterThanOrEqualTo(40);
        // and the comparison is not between two empty answers
        Object funnel = outcome(admin, "trade-crm", "sales-funnel", Map.of("from", List.of("2000-01-01")), true);
        assertThat(funnel.toString()).contains("rows=[[");
    }

    @Test
    void theProjectionFollowsCreateUpdateAndDelete() {
        String id = admin().body(Map.of("name", "Projected", "stage", "offer", "region", "ASIA", "amount", 42.5,
                "closedOn", "2026-05-31")).post("/api/apps/rep/forms/deal/records").then().statusCode(201).extract()
                .path("id");
        Row row = projected(id);
        assertThat(row.getString("f_stage")).isEqualTo("offer");
        assertThat(row.getBigDecimal("f_amount")).isEqualByComparingTo("42.5");
        assertThat(row.getLocalDate("f_closedOn")).hasToString("2026-05-31");

        admin().header("If-Match", "\"1\"").body(Map.of("stage", "won", "amount", 50)).patch(
                "/api/apps/rep/forms/deal/records/" + id).then().statusCode(200);
        row = projected(id);
        assertThat(row.getString("f_stage")).isEqualTo("won");
        assertThat(row.getBigDecimal("f_amount")).isEqualByComparingTo("50");
        assertThat(row.getInteger("version")).isEqualTo(2);

        admin().delete("/api/apps/rep/forms/deal/records/" + id).then().statusCode(204);
        assertThat(projectedRows(id)).isZero();
    }

    @Test
    void aValueTheTypedColumnCannotHoldReadsAsNullAndTheWriteStands() {
        String id = admin().body(Map.of("name", "Odd", "amount", 1, "closedOn", "2026-01-31")).post(
                "/api/apps/rep/forms/deal/records").then().statusCode(201).extract().path("id");
        // as an older form version or a hand edit could have left them
        for (String bad : List.of("\"2026-02-30\"", "\"31/01/2026\"", "\"0000-01-01\"", "{\"a\": 1}", "17")) {
            sql("update record set data = jsonb_set(data, '{closedOn}', $2::text::jsonb) where tenant_id = $1 and id"
                    + " = $3", TENANT, bad, UUID.fromString(id));
            assertThat(projected(id).getLocalDate("f_closedOn")).as(bad).isNull();
        }
        sql("update record set data = jsonb_set(data, '{amount}', '\"12abc\"') where tenant_id = $1 and id = $2",
                TENANT, UUID.fromString(id));
        assertThat(projected(id).getBigDecimal("f_amount")).isNull();
        sql("update record set data = jsonb_set(data, '{amount}', '1e400') where tenant_id = $1 and id = $2",
                TENANT, UUID.fromString(id));
        assertThat(projected(id).getBigDecimal("f_amount")).isNotNull();
    }

    @Test
    void aTenantSeesOnlyItsOwnProjectedRows() {
        String table = projections.find("trade-crm", "opportunity").orElseThrow().table();
        long all = count("select count(*) from " + table + " where tenant_id = $1", TENANT);
        assertThat(all).isPositive();
        // as the engine reads it: the tenant role with another tenant set, and no tenant condition at all
        long seen = pool.withTransaction(c -> c.query("set local role tradewind_tenant").execute()
                .flatMap(x -> c.query("select set_config('tradewind.tenant', 'default', true)").execute())
                .flatMap(x -> c.preparedQuery("select count(*) from " + table + " where tenant_id = $1").execute(
                        Tuple.of(TENANT))))
                .await().indefinitely().iterator().next().getLong(0);
        assertThat(seen).isZero();
    }

    @Test
    void theCatalogHoldsOnePlanPerReportedFormAndASecondSyncBuildsNothing() {
        long before = count("select count(*) from report_projection where app_key = 'trade-crm'");
        String hash = pool.preparedQuery("select plan_hash from report_projection where app_key = 'trade-crm' and"
                + " form_key = 'opportunity'").execute().await().indefinitely().iterator().next().getString(0);
        assertThat(before).isGreaterThanOrEqualTo(3); // opportunity, customer, quote, follow_up …
        String table = projections.find("trade-crm", "opportunity").orElseThrow().table();
        List<String> columns = new ArrayList<>();
        pool.preparedQuery("select attname from pg_attribute where attrelid = $1::regclass and attnum > 0 and not"
                + " attisdropped").execute(Tuple.of(table)).await().indefinitely().forEach(r -> columns.add(r
                        .getString(0)));
        assertThat(columns).contains("f_stage", "f_expectedAmount", "f_customer", "f_expectedCloseDate", "owner",
                "created_at");
        assertThat(count("select count(*) from pg_indexes where tablename = $1", table)).as("indexes of " + table)
                .isGreaterThanOrEqualTo(3);
        assertThat(count("select count(*) from report_projection where app_key = 'trade-crm' and plan_hash = $1",
                hash)).isOne();
    }

    private List<Map<String, List<String>>> queries(ReportDefinition def) {
        List<Map<String, List<String>>> out = new ArrayList<>();
        out.add(Map.of());
        if (def.parameters() != null && def.parameters().stream().anyMatch(p -> p.key().equals("from"))) {
            out.add(Map.of("from", List.of("2000-01-01")));
        }
        return out;
    }

    /** The report's answer, or its refusal, as comparable text. */
    private Object outcome(TradewindPrincipal user, String app, String report, Map<String, List<String>> query,
            boolean projected) {
        try {
            ReportService.Result r = reports.dataFrom(user, app, report, query, projected).await().indefinitely();
            return "columns=" + r.columns() + " rows=" + r.rows() + " drill=" + r.drill() + " conversion=" + r
                    .conversion();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private TradewindPrincipal principal(String username, Set<String> roles) {
        UUID id = pool.preparedQuery("select id from app_user where tenant_id = $1 and username = $2").execute(Tuple
                .of(TENANT, username)).await().indefinitely().iterator().next().getUUID(0);
        return new TradewindPrincipal(TENANT, id, username, roles, null);
    }

    private Row projected(String id) {
        String table = projections.find("rep", "deal").orElseThrow().table();
        return pool.preparedQuery("select * from " + table + " where tenant_id = $1 and id = $2").execute(Tuple.of(
                TENANT, UUID.fromString(id))).await().indefinitely().iterator().next();
    }

    private long projectedRows(String id) {
        String table = projections.find("rep", "deal").orElseThrow().table();
        return count("select count(*) from " + table + " where tenant_id = $1 and id = $2", TENANT, UUID.fromString(
                id));
    }

    private static RequestSpecification admin() {
        String token = given().contentType("application/json").body("{\"username\": \"admin\", \"password\": \""
                + PASSWORD + "\", \"tenant\": \"" + TENANT + "\"}").post("/api/auth/token").then().statusCode(200)
                .extract().path("access_token");
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    private void sql(String sql, Object... params) {
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely();
    }

    private long count(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely().iterator().next()
                .getLong(0);
    }
}
