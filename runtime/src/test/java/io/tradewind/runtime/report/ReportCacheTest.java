package io.tradewind.runtime.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.tradewind.runtime.report.cache.Generations;
import io.tradewind.runtime.report.cache.ReportCache;
import io.tradewind.runtime.security.PasswordHasher;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The report result cache (docs/adr/0013-report-cache.md) on the test app {@code rep}, in tenants
 * of its own: what is a hit, what invalidates an entry (writes through the API, writes behind the
 * runtime's back, a lost listener connection, the time to live) and what never shares an entry (row
 * scopes, parameters, tenants). Every result is cached here, however quick its statement.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestProfile(ReportCacheTest.CacheEverything.class)
class ReportCacheTest {
    private static final String PASSWORD = "cache-test-Pa55word";
    private static final String DEALS = "/api/apps/rep/forms/deal/records";
    private static final String ACCOUNTS = "/api/apps/rep/forms/account/records";
    private static final String REPORTS = "/api/apps/rep/reports/";
    private static final Map<String, String> TOKENS = new HashMap<>();
    private static String tenant;
    private static String other;
    private static int setUpOnPort;

    /** Results are cached whatever their statement took. */
    public static class CacheEverything implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tradewind.reports.cache.min-duration", "0s", "tradewind.reports.cache.ttl", "PT10M");
        }
    }

    @Inject
    Pool pool;
    @Inject
    ReportCache cache;
    @Inject
    Generations generations;

    /** For the static request helpers: the replica's generations and pool. */
    private static Generations seen;
    private static Pool db;

    @BeforeEach
    void tenants() {
        seen = generations;
        db = pool;
        cache.clear();
        awaitListening();
        if (setUpOnPort == io.restassured.RestAssured.port) {
            return; // once per application start
        }
        setUpOnPort = io.restassured.RestAssured.port;
        TOKENS.clear();
        tenant = newTenant("cache-a");
        other = newTenant("cache-b");
        String hash = PasswordHasher.hash(PASSWORD);
        user(tenant, "seller", "seller", hash);
        user(tenant, "lead", "lead", hash);
    }

    @Test
    void aSecondIdenticalCallIsAHitWithTheSameBody() {
        deal(tenant, "admin", "lead", "EU", "100");
        JsonPath first = data("admin", "by-stage");
        JsonPath second = data("admin", "by-stage");

        assertThat(first.getBoolean("cache.hit")).isFalse();
        assertThat(second.getBoolean("cache.hit")).isTrue();
        assertThat(second.getString("cache.computedAt")).isEqualTo(first.getString("cache.computedAt"));
        assertThat(withoutCache(second)).isEqualTo(withoutCache(first));
    }

    @Test
    void noCacheAsksForFreshRowsWhichThenServeTheNextCalls() {
        deal(tenant, "admin", "won", "ASIA", "70");
        data("admin", "by-stage");
        JsonPath hit = data("admin", "by-stage");
        assertThat(hit.getBoolean("cache.hit")).isTrue();

        JsonPath fresh = as(tenant, "admin").header("Cache-Control", "no-cache")
                .get("/api/apps/rep/reports/by-stage/data").then()
                .statusCode(200).extract().jsonPath();
        assertThat(fresh.getBoolean("cache.hit")).isFalse();
        assertThat(withoutCache(fresh)).isEqualTo(withoutCache(hit));
        JsonPath after = data("admin", "by-stage");
        assertThat(after.getBoolean("cache.hit")).isTrue();
        assertThat(after.getString("cache.computedAt")).isEqualTo(fresh.getString("cache.computedAt"));
        // a dashboard refreshes every item
        io.restassured.response.Response dashboard = as(tenant, "admin").header("Cache-Control", "no-cache").get(
                "/api/apps/rep/dashboards/sales");
        dashboard.then().statusCode(200);
        List<Boolean> hits = dashboard.jsonPath().getList("items.data.cache.hit");
        assertThat(hits).isNotEmpty().containsOnly(false);
    }

    @Test
    void creatingUpdatingAndDeletingADealMakesTheNextCallAMissWithTheNewNumbers() {
        // the database's notifications are off (the report projections' triggers stay on): only this replica's own
        // write path can tell its cache
        List<String> notify = List.of("record_changes_insert", "record_changes_update", "record_changes_delete");
        notify.forEach(t -> sql("alter table record disable trigger " + t));
        try {
            ownWritesInvalidate();
        } finally {
            notify.forEach(t -> sql("alter table record enable trigger " + t));
        }
    }

    private void ownWritesInvalidate() {
        String id = deal(tenant, "admin", "offer", "EU", "250");
        BigDecimal before = total(data("admin", "by-stage"), "offer");
        assertThat(data("admin", "by-stage").getBoolean("cache.hit")).isTrue();

        String second = deal(tenant, "admin", "offer", "EU", "50");
        JsonPath created = data("admin", "by-stage");
        assertThat(created.getBoolean("cache.hit")).isFalse();
        assertThat(total(created, "offer")).isEqualByComparingTo(before.add(new BigDecimal("50")));

        as("admin").body(Map.of("amount", 75)).patch(DEALS + "/" + second).then().statusCode(200);
        JsonPath updated = data("admin", "by-stage");
        assertThat(updated.getBoolean("cache.hit")).isFalse();
        assertThat(total(updated, "offer")).isEqualByComparingTo(before.add(new BigDecimal("75")));

        as("admin").delete(DEALS + "/" + id).then().statusCode(204);
        JsonPath deleted = data("admin", "by-stage");
        assertThat(deleted.getBoolean("cache.hit")).isFalse();
        assertThat(total(deleted, "offer")).isEqualByComparingTo(before.add(new BigDecimal("75")).subtract(
                new BigDecimal("250")));
    }

    @Test
    void aChangedAccountCountryInvalidatesTheReportThatGroupsByIt() {
        String account = as("admin").body(Map.of("name", "Linked " + UUID.randomUUID(), "country", "FR"))
                .post(ACCOUNTS).then().statusCode(201).extract().path("id");
        String id = deal(tenant, "admin", "won", "EU", "10");
        as("admin").body(Map.of("account", account)).patch(DEALS + "/" + id).then().statusCode(200);
        long fr = count(data("admin", "by-country"), "FR");
        long jp = count(data("admin", "by-country"), "JP");
        assertThat(data("admin", "by-country").getBoolean("cache.hit")).isTrue();

        as("admin").body(Map.of("country", "JP")).patch(ACCOUNTS + "/" + account).then().statusCode(200);
        JsonPath after = data("admin", "by-country");

        assertThat(after.getBoolean("cache.hit")).isFalse();
        assertThat(count(after, "FR")).isEqualTo(fr - 1);
        assertThat(count(after, "JP")).isEqualTo(jp + 1);
    }

    @Test
    void aWriteToAFormTheReportDoesNotReadKeepsTheEntry() {
        deal(tenant, "admin", "lead", "ASIA", "5");
        JsonPath first = data("admin", "by-stage");

        as("admin").body(Map.of("name", "Unrelated " + UUID.randomUUID(), "country", "DE")).post(ACCOUNTS).then()
                .statusCode(201);
        JsonPath second = data("admin", "by-stage");

        assertThat(second.getBoolean("cache.hit")).isTrue();
        assertThat(withoutCache(second)).isEqualTo(withoutCache(first));
    }

    @Test
    void aSellerAndTheAdminNeverSeeEachOthersCachedRows() {
        deal(tenant, "seller", "lost", "EU", "7");
        deal(tenant, "admin", "lost", "EU", "1000");
        JsonPath seller = data("seller", "by-stage");
        JsonPath admin = data("admin", "by-stage");
        JsonPath sellerAgain = data("seller", "by-stage");
        JsonPath adminAgain = data("admin", "by-stage");

        assertThat(seller.getBoolean("cache.hit")).isFalse();
        assertThat(admin.getBoolean("cache.hit")).as("the seller's entry is not the admin's").isFalse();
        assertThat(total(seller, "lost")).isEqualByComparingTo(ownTotal("seller", "lost"));
        assertThat(total(admin, "lost")).isEqualByComparingTo(ownTotal(null, "lost"));
        assertThat(total(admin, "lost")).isGreaterThan(total(seller, "lost"));
        assertThat(sellerAgain.getBoolean("cache.hit")).isTrue();
        assertThat(adminAgain.getBoolean("cache.hit")).isTrue();
        assertThat(withoutCache(sellerAgain)).isEqualTo(withoutCache(seller));
        assertThat(withoutCache(adminAgain)).isEqualTo(withoutCache(admin));
    }

    @Test
    void differentParametersAreDifferentEntries() {
        deal(tenant, "admin", "won", "EU", "300");
        deal(tenant, "admin", "won", "ASIA", "400");
        JsonPath eu = data("admin", "by-stage", "region", "EU");
        JsonPath asia = data("admin", "by-stage", "region", "ASIA");
        JsonPath euAgain = data("admin", "by-stage", "region", "EU");

        assertThat(eu.getBoolean("cache.hit")).isFalse();
        assertThat(asia.getBoolean("cache.hit")).isFalse();
        assertThat(total(eu, "won")).isEqualByComparingTo(regionTotal("EU", "won"));
        assertThat(total(asia, "won")).isEqualByComparingTo(regionTotal("ASIA", "won"));
        assertThat(euAgain.getBoolean("cache.hit")).isTrue();
        assertThat(total(euAgain, "won")).isEqualByComparingTo(total(eu, "won"));
    }

    @Test
    void aTenantsWriteNeitherInvalidatesNorSharesAnotherTenantsEntries() {
        deal(tenant, "admin", "offer", "ASIA", "11");
        deal(other, "admin", "offer", "ASIA", "22222");
        JsonPath mine = data("admin", "by-stage");
        JsonPath theirs = dataIn(other, "admin", "by-stage");
        assertThat(theirs.getBoolean("cache.hit")).as("the same statement of another tenant").isFalse();
        assertThat(total(theirs, "offer")).isNotEqualByComparingTo(total(mine, "offer"));

        deal(other, "admin", "offer", "ASIA", "1");
        JsonPath mineAgain = data("admin", "by-stage");
        JsonPath theirsAgain = dataIn(other, "admin", "by-stage");

        assertThat(mineAgain.getBoolean("cache.hit")).isTrue();
        assertThat(withoutCache(mineAgain)).isEqualTo(withoutCache(mine));
        assertThat(theirsAgain.getBoolean("cache.hit")).isFalse();
        assertThat(total(theirsAgain, "offer")).isEqualByComparingTo(total(theirs, "offer").add(BigDecimal.ONE));
    }

    @Test
    void aChangeMadeInSqlBehindTheRuntimesBackInvalidatesThroughTheDatabase() throws SQLException {
        String id = deal(tenant, "admin", "lead", "EU", "40");
        BigDecimal before = total(data("admin", "by-stage"), "lead");
        assertThat(data("admin", "by-stage").getBoolean("cache.hit")).isTrue();

        // as another replica would: its own connection, no runtime code involved
        try (Connection c = jdbc();
                PreparedStatement s = c.prepareStatement("update record set data = jsonb_set("
                        + "data, '{amount}', '1040'::jsonb), version = version + 1 where tenant_id = ? and id = ?")) {
            s.setString(1, tenant);
            s.setObject(2, UUID.fromString(id));
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        JsonPath after = within(() -> data("admin", "by-stage"), r -> !r.getBoolean("cache.hit"));

        assertThat(after.getBoolean("cache.hit")).isFalse();
        assertThat(total(after, "lead")).isEqualByComparingTo(before.add(new BigDecimal("1000")));
    }

    @Test
    void whileTheListenerIsDownTheCacheIsBypassedAndAfterReconnectingNothingOldIsServed() {
        String id = deal(tenant, "admin", "offer", "ASIA", "60");
        BigDecimal before = total(data("admin", "by-stage"), "offer");
        assertThat(data("admin", "by-stage").getBoolean("cache.hit")).isTrue();

        sql("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database()"
                + " and pid <> pg_backend_pid() and query ilike 'listen %tradewind_%'"); // the replica's LISTEN connection
        Instant deadline = Instant.now().plusSeconds(10);
        while (generations.listening() && Instant.now().isBefore(deadline)) {
            LockSupport.parkNanos(10_000_000);
        }
        assertThat(generations.listening()).as("the listener noticed the lost connection").isFalse();
        // a change nobody hears of: this replica is not listening, and its own write path is bypassed
        sql("update record set data = jsonb_set(data, '{amount}', '160'::jsonb) where tenant_id = $1 and id = $2",
                tenant, UUID.fromString(id));
        JsonPath down = data("admin", "by-stage");
        assertThat(down.getBoolean("cache.hit")).as("bypassed while not listening").isFalse();
        assertThat(total(down, "offer")).isEqualByComparingTo(before.add(new BigDecimal("100")));

        awaitListening();
        JsonPath back = data("admin", "by-stage");
        assertThat(total(back, "offer")).as("nothing from before the gap is served").isEqualByComparingTo(before
                .add(new BigDecimal("100")));
        assertThat(data("admin", "by-stage").getBoolean("cache.hit")).as("caching again").isTrue();
    }

    @Test
    void anEntryExpiresAfterItsTimeToLiveOnTheRuntimeClock() {
        deal(tenant, "admin", "won", "EU", "3");
        JsonPath first = data("admin", "by-stage");
        assertThat(data("admin", "by-stage").getBoolean("cache.hit")).isTrue();
        try {
            Api.asAdmin().body("{\"offset\": \"PT11M\"}").put("/api/admin/clock").then().statusCode(200);
            JsonPath later = data("admin", "by-stage");
            assertThat(later.getBoolean("cache.hit")).isFalse();
            assertThat(Instant.parse(later.getString("cache.computedAt"))).isAfter(Instant.parse(first.getString(
                    "cache.computedAt")).plusSeconds(600));
        } finally {
            Api.asAdmin().body("{\"offset\": \"PT0S\"}").put("/api/admin/clock").then().statusCode(200);
        }
    }

    @Test
    void dashboardItemsUseTheCacheOneByOne() {
        deal(tenant, "admin", "lead", "EU", "9");
        JsonPath first = dashboard();
        JsonPath second = dashboard();

        assertThat(first.getList("items.data.cache.hit", Boolean.class)).containsOnly(false);
        assertThat(second.getList("items.data.cache.hit", Boolean.class)).containsOnly(true);

        deal(tenant, "admin", "lead", "EU", "1");
        assertThat(dashboard().getList("items.data.cache.hit", Boolean.class)).containsOnly(false);
    }

    @Test
    void aDealMovedToAnotherDepartmentInvalidatesDepartmentScopedResults() {
        // trade-crm: a sales manager sees the opportunities of their department tree
        String hash = PasswordHasher.hash(PASSWORD);
        UUID department = UUID.randomUUID();
        sql("insert into department (tenant_id, id, name) values ($1, $2, 'Cache sales')", tenant, department);
        UUID manager = user(tenant, "manager", "sales_manager", hash);
        UUID rep = user(tenant, "rep", "sales_rep", hash);
        sql("update app_user set department_id = $1 where tenant_id = $2 and id = $3", department, tenant, manager);
        TOKENS.put(tenant + "/manager", token(tenant, username(tenant, "manager")));
        String customer = as("admin").body(Map.of("company", "Org " + UUID.randomUUID(), "country", "IT"))
                .post("/api/apps/trade-crm/forms/customer/records").then().statusCode(201).extract().path("id");
        as("admin").body(Map.of("title", "Outside the department", "customer", customer, "stage", "lead", "owner",
                rep.toString())).post("/api/apps/trade-crm/forms/opportunity/records").then().statusCode(201);
        String funnel = "/api/apps/trade-crm/reports/sales-funnel/data";
        long before = stageCount(as("manager").get(funnel).then().statusCode(200).extract().jsonPath(), "lead");
        assertThat(as("manager").get(funnel).then().extract().jsonPath().getBoolean("cache.hit")).isTrue();

        sql("update app_user set department_id = $1 where tenant_id = $2 and id = $3", department, tenant, rep);
        JsonPath after = within(() -> as("manager").get(funnel).then().statusCode(200).extract().jsonPath(),
                r -> !r.getBoolean("cache.hit"));

        assertThat(stageCount(after, "lead")).isEqualTo(before + 1);
    }

    // --- helpers

    private String newTenant(String prefix) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        Api.asAdmin().body("{\"id\": \"" + id + "\", \"name\": \"Cache " + id + "\", \"adminPassword\": \""
                + PASSWORD + "\"}").post("/api/admin/tenants").then().statusCode(201);
        TOKENS.put(id + "/admin", token(id, "admin"));
        return id;
    }

    private UUID user(String in, String name, String role, String hash) {
        UUID id = UUID.randomUUID();
        sql("insert into app_user (tenant_id, id, username, display_name, password_hash) values ($1, $2, $3, $4, $5)",
                in, id, username(in, name), name, hash);
        sql("insert into user_role (tenant_id, user_id, role_key) values ($1, $2, $3)", in, id, role);
        TOKENS.put(in + "/" + name, token(in, username(in, name)));
        return id;
    }

    private static String username(String in, String name) {
        return name + "-" + in;
    }

    private static String token(String in, String username) {
        return given().contentType("application/json").body(Map.of("username", username, "password", PASSWORD,
                "tenant", in)).post("/api/auth/token").then().statusCode(200).extract().path("access_token");
    }

    private static RequestSpecification as(String user) {
        return as(tenant, user);
    }

    private static RequestSpecification as(String in, String user) {
        return given().header("Authorization", "Bearer " + TOKENS.get(in + "/" + user)).contentType(
                "application/json");
    }

    private static String deal(String in, String owner, String stage, String region, String amount) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Deal " + UUID.randomUUID());
        body.put("stage", stage);
        body.put("region", region);
        body.put("amount", new BigDecimal(amount));
        return as(in, owner).body(body).post(DEALS).then().statusCode(201).extract().path("id");
    }

    private static JsonPath data(String user, String report, String... query) {
        return dataIn(tenant, user, report, query);
    }

    private static JsonPath dataIn(String in, String user, String report, String... query) {
        settle();
        RequestSpecification r = as(in, user);
        for (int i = 0; i + 1 < query.length; i += 2) {
            r = r.queryParam(query[i], query[i + 1]);
        }
        return r.get(REPORTS + report + "/data").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath dashboard() {
        return as("admin").get("/api/apps/rep/dashboards/sales").then().statusCode(200).extract().jsonPath();
    }

    /** The body without its cache object. */
    private static Map<String, Object> withoutCache(JsonPath body) {
        Map<String, Object> m = new LinkedHashMap<>(body.getMap(""));
        m.remove("cache");
        return m;
    }

    /** The by-stage total of a stage (0 when the stage has no row). */
    private static BigDecimal total(JsonPath body, String stage) {
        for (List<Object> row : body.<List<Object>>getList("rows")) {
            if (stage.equals(row.get(0))) {
                return new BigDecimal(row.get(2).toString());
            }
        }
        return BigDecimal.ZERO;
    }

    private static long count(JsonPath body, String country) {
        for (List<Object> row : body.<List<Object>>getList("rows")) {
            if (country.equals(row.get(0))) {
                return Long.parseLong(row.get(1).toString());
            }
        }
        return 0;
    }

    private static long stageCount(JsonPath body, String stage) {
        return count(body, stage);
    }

    /**
     * The total of a stage's deals in the tenant, straight from the table ({@code owner} null:
     * everyone's).
     */
    private BigDecimal ownTotal(String owner, String stage) {
        String sql = "select coalesce(sum((data->>'amount')::numeric), 0) from record where tenant_id = $1 and"
                + " form_key = 'deal' and data->>'stage' = $2"
                + (owner == null
                        ? ""
                        : " and owner = (select id from app_user where tenant_id = $1 and username = $3)");
        Tuple t = owner == null ? Tuple.of(tenant, stage) : Tuple.of(tenant, stage, username(tenant, owner));
        return pool.preparedQuery(sql).execute(t).await().indefinitely().iterator().next().getBigDecimal(0);
    }

    private BigDecimal regionTotal(String region, String stage) {
        return pool.preparedQuery("select coalesce(sum((data->>'amount')::numeric), 0) from record where tenant_id ="
                + " $1 and form_key = 'deal' and data->>'stage' = $2 and data->>'region' = $3").execute(Tuple.of(
                        tenant, stage, region))
                .await().indefinitely().iterator().next().getBigDecimal(0);
    }

    private void awaitListening() {
        Instant deadline = Instant.now().plusSeconds(15);
        while (!generations.listening() && Instant.now().isBefore(deadline)) {
            LockSupport.parkNanos(10_000_000);
        }
        assertThat(generations.listening()).as("the record change listener is connected").isTrue();
    }

    private static JsonPath within(java.util.function.Supplier<JsonPath> call, Predicate<JsonPath> done) {
        Instant deadline = Instant.now().plusSeconds(10);
        JsonPath r = call.get();
        while (!done.test(r) && Instant.now().isBefore(deadline)) {
            LockSupport.parkNanos(20_000_000);
            r = call.get();
        }
        return r;
    }

    /**
     * Waits until the replica has heard every change notification committed so far, so that a late
     * notification of the test's own earlier write cannot keep the next result out of the cache.
     * PostgreSQL delivers notifications in commit order: a marker sent now arrives after them.
     */
    private static void settle() {
        if (!seen.listening()) {
            return; // nothing arrives while the listener is down
        }
        String marker = "settle-" + UUID.randomUUID();
        db.preparedQuery("select pg_notify('tradewind_record_changes', json_build_array($1::text, 'x', 'y')::text)")
                .execute(Tuple.of(marker)).await().indefinitely();
        Instant deadline = Instant.now().plusSeconds(10);
        while (!seen.heardOf(marker, "x", "y") && Instant.now().isBefore(deadline)) {
            LockSupport.parkNanos(2_000_000);
        }
    }

    private void sql(String sql, Object... params) {
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely();
    }

    private static Connection jdbc() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class), "");
    }
}
