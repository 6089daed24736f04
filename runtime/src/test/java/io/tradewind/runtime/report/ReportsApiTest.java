package io.tradewind.runtime.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tradewind.runtime.security.PasswordHasher;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reports and dashboards of the test app {@code src/test/apps/rep}: the numbers are computed here
 * from the deals the test creates, and compared with what the report engine answers for callers
 * with different row scopes and field access.
 *
 * <p>
 * Alice and Bob are sellers (own deals only, margin hidden, no export), Carol a sales lead (every
 * deal, export), Erin a watcher (read only, no export).
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class ReportsApiTest {
    private static final String DEALS = "/api/apps/rep/forms/deal/records";
    private static final String REPORTS = "/api/apps/rep/reports/";
    private static final String ACCOUNTS = "/api/apps/rep/forms/account/records";
    private static final String PASSWORD = "report-test-Pa55";
    private static final Map<String, UUID> USERS = new HashMap<>();
    private static final Map<String, String> TOKENS = new HashMap<>();
    private static final List<Deal> DEALS_MADE = new ArrayList<>();
    private static final Map<String, String> DEAL_IDS = new HashMap<>();
    /** Names a spreadsheet would run as formulas (text fields are trimmed, so no leading tab or CR). */
    private static final List<String> FORMULA_NAMES = List.of("=HYPERLINK(\"http://x\")", "+SUM(1,2)", "-1+2",
            "@cmd");
    private static int setUpOnPort;

    @Inject
    Pool pool;

    /** A deal as created, the source of the expected numbers. */
    record Deal(String name, String owner, String stage, String region, BigDecimal amount, BigDecimal margin,
            LocalDate closedOn) {
    }

    @BeforeEach
    void deals() {
        if (!USERS.isEmpty() && setUpOnPort == io.restassured.RestAssured.port) {
            return; // once per application start
        }
        setUpOnPort = io.restassured.RestAssured.port;
        USERS.clear();
        TOKENS.clear();
        DEALS_MADE.clear();
        DEAL_IDS.clear();
        String hash = PasswordHasher.hash(PASSWORD);
        user("alice", "seller", hash);
        user("bob", "seller", hash);
        user("carol", "lead", hash);
        user("erin", "watcher", hash);
        deal("alice", "A1", "lead", "EU", "500", "50", "2026-01-10");
        deal("alice", "A2", "won", "EU", "1500", "300", "2026-01-20");
        deal("alice", "A3", "won", "ASIA", "2000", "100", "2026-02-05");
        deal("bob", "B1", "offer", "EU", "800", "80", "2026-02-11");
        deal("bob", "B2", "won", "EU", "1200", "0", "2026-03-01");
        deal("bob", "B3", "lost", "ASIA", "300", null, null);
        deal("carol", "C1", "offer", "ASIA", "1000", "120", "2026-03-31");
        for (String n : FORMULA_NAMES) {
            deal("carol", n, "lost", "ASIA", "1", null, null);
        }
        // accounts: Acme (DE) belongs to Alice, Bolt (CN) to Carol; A1 and B1 are Acme's, A2 is Bolt's
        String acme = as("alice").body(Map.of("name", "Acme", "country", "DE")).post(ACCOUNTS).then().statusCode(201)
                .extract().path("id");
        String bolt = as("carol").body(Map.of("name", "Bolt", "country", "CN", "ceo", "Usain")).post(ACCOUNTS)
                .then().statusCode(201).extract().path("id");
        Api.asAdmin().body(Map.of("ceo", "Wile")).patch(ACCOUNTS + "/" + acme).then().statusCode(200);
        // subtable rows: A1 and B1 (EU) and C1 (ASIA) have lines
        patchLines("A1", "[{\"product\": \"widget\", \"qty\": 2}, {\"product\": \"gadget\", \"qty\": 1}]");
        patchLines("B1", "[{\"product\": \"widget\", \"qty\": 5}]");
        patchLines("C1", "[{\"product\": \"gadget\", \"qty\": 3}, {\"product\": \"widget\", \"qty\": 1}]");
        for (String[] link : new String[][]{{"A1", acme}, {"B1", acme}, {"A2", bolt}}) {
            Api.asAdmin().body(Map.of("account", link[1])).patch(DEALS + "/" + DEAL_IDS.get(link[0])).then()
                    .statusCode(200);
        }
    }

    private static void patchLines(String deal, String lines) {
        Api.asAdmin().body("{\"lines\": " + lines + "}").patch(DEALS + "/" + DEAL_IDS.get(deal)).then().statusCode(
                200);
    }

    private void user(String name, String role, String hash) {
        UUID id = UUID.randomUUID();
        USERS.put(name, id);
        String username = name + "-" + id.toString().substring(0, 8);
        sql("insert into app_user (tenant_id, id, username, display_name, password_hash) values ('default', $1, $2,"
                + " $3, $4)", id, username, name, hash);
        sql("insert into user_role (tenant_id, user_id, role_key) values ('default', $1, $2)", id, role);
        TOKENS.put(name, Api.token(username, PASSWORD));
    }

    private static void deal(String owner, String name, String stage, String region, String amount, String margin,
            String closedOn) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("stage", stage);
        body.put("region", region);
        body.put("amount", new BigDecimal(amount));
        if (closedOn != null) {
            body.put("closedOn", closedOn);
        }
        String id = as(owner).body(body).post(DEALS).then().statusCode(201).extract().path("id");
        DEAL_IDS.put(name, id);
        if (margin != null) {
            Api.asAdmin().body(Map.of("margin", new BigDecimal(margin))).patch(DEALS + "/" + id).then()
                    .statusCode(200);
        }
        DEALS_MADE.add(new Deal(name, owner, stage, region, new BigDecimal(amount), margin == null
                ? null
                : new BigDecimal(margin), closedOn == null ? null : LocalDate.parse(closedOn)));
    }

    private void sql(String sql, Object... params) {
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely();
    }

    private long count(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely().iterator().next()
                .getLong(0);
    }

    private static RequestSpecification as(String user) {
        return given().header("Authorization", "Bearer " + TOKENS.get(user)).contentType("application/json");
    }

    private static List<List<Object>> rows(Response r) {
        return r.then().statusCode(200).extract().path("rows");
    }

    private static BigDecimal num(Object o) {
        return o == null ? null : new BigDecimal(o.toString());
    }

    /**
     * The by-stage rows expected for the deals that pass {@code filter}: stage, count, total, big,
     * share.
     */
    private static List<List<BigDecimal>> byStage(Predicate<Deal> filter, List<String> stagesOut) {
        Map<String, List<Deal>> groups = DEALS_MADE.stream().filter(filter).collect(Collectors.groupingBy(
                Deal::stage, TreeMap::new, Collectors.toList()));
        List<Map.Entry<String, List<Deal>>> sorted = new ArrayList<>(groups.entrySet());
        sorted.sort(Comparator.comparing((Map.Entry<String, List<Deal>> e) -> total(e.getValue())).reversed()
                .thenComparing(Map.Entry::getKey));
        List<List<BigDecimal>> out = new ArrayList<>();
        for (var e : sorted) {
            stagesOut.add(e.getKey());
            long n = e.getValue().size();
            long big = e.getValue().stream().filter(d -> d.amount().compareTo(new BigDecimal("1000")) >= 0).count();
            out.add(List.of(BigDecimal.valueOf(n), total(e.getValue()), BigDecimal.valueOf(big), BigDecimal.valueOf(
                    big).divide(BigDecimal.valueOf(n), 4, java.math.RoundingMode.HALF_UP)));
        }
        return out;
    }

    private static BigDecimal total(List<Deal> deals) {
        return deals.stream().map(Deal::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static void assertByStage(Response r, Predicate<Deal> filter) {
        List<String> stages = new ArrayList<>();
        List<List<BigDecimal>> expected = byStage(filter, stages);
        List<List<Object>> actual = rows(r);
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < actual.size(); i++) {
            List<Object> row = actual.get(i);
            assertThat(row.get(0)).as("row %d stage", i).isEqualTo(stages.get(i));
            for (int c = 0; c < 4; c++) {
                assertThat(num(row.get(c + 1))).as("row %d (%s) column %d", i, stages.get(i), c + 1)
                        .isEqualByComparingTo(expected.get(i).get(c));
            }
        }
    }

    @Test
    void theLeadSeesEveryDealAndTheNumbersAddUp() {
        Response r = as("carol").get(REPORTS + "by-stage/data");
        r.then().statusCode(200).body("report", equalTo("by-stage"))
                .body("columns.key", equalTo(List.of("stage", "deals", "total", "big", "bigShare")))
                .body("columns.type", equalTo(List.of("dimension", "measure", "measure", "measure", "measure")))
                .body("columns[0].label.en", equalTo("Stage"))
                .body("chart.type", equalTo("bar")).body("chart.x", equalTo("stage"))
                .body("parameters.region", org.hamcrest.Matchers.nullValue());
        assertByStage(r, d -> true);
        // the admin sees the same
        assertByStage(Api.asAdmin().get(REPORTS + "by-stage/data"), d -> true);
    }

    @Test
    void parametersFilterTheDatasetAndUnsetOnesDropTheirCondition() {
        Response r = as("carol").queryParam("region", "EU").queryParam("from", "2026-01-15").get(REPORTS
                + "by-stage/data");
        r.then().statusCode(200).body("parameters.region", equalTo("EU")).body("parameters.from", equalTo(
                "2026-01-15"));
        assertByStage(r, d -> d.region().equals("EU") && d.closedOn() != null && !d.closedOn().isBefore(LocalDate
                .of(2026, 1, 15)));
        assertByStage(as("carol").queryParam("region", "ASIA").get(REPORTS + "by-stage/data"), d -> d.region()
                .equals("ASIA"));
    }

    @Test
    void aSellersReportCountsOnlyTheirOwnDeals() {
        assertByStage(as("alice").get(REPORTS + "by-stage/data"), d -> d.owner().equals("alice"));
        assertByStage(as("bob").get(REPORTS + "by-stage/data"), d -> d.owner().equals("bob"));
        assertByStage(as("bob").queryParam("region", "EU").get(REPORTS + "by-stage/data"), d -> d.owner().equals(
                "bob") && d.region().equals("EU"));
    }

    @Test
    void aMeasureOverAHiddenFieldIsRefused() {
        as("alice").get(REPORTS + "margin/data").then().statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("REPORT_FIELD_HIDDEN"))
                .body("errors[0].pointer", equalTo("/measures/0/field"));
        // a caller who may read the field gets the sums
        Map<String, BigDecimal> expected = new TreeMap<>();
        DEALS_MADE.stream().filter(d -> d.margin() != null).forEach(d -> expected.merge(d.region(), d.margin(),
                BigDecimal::add));
        List<List<Object>> rows = rows(as("erin").get(REPORTS + "margin/data"));
        Map<String, BigDecimal> actual = new TreeMap<>();
        rows.forEach(row -> actual.put((String) row.get(0), num(row.get(1))));
        assertThat(actual.keySet()).containsExactlyElementsOf(List.of("ASIA", "EU"));
        actual.forEach((k, v) -> assertThat(v).isEqualByComparingTo(expected.getOrDefault(k, BigDecimal.ZERO)));
    }

    @Test
    void dateBucketsGroupByMonth() {
        Map<String, BigDecimal> expected = new TreeMap<>();
        DEALS_MADE.stream().filter(d -> d.stage().equals("won")).forEach(d -> expected.merge(d.closedOn()
                .withDayOfMonth(1).toString(), d.amount(), BigDecimal::add));
        Response r = Api.asAdmin().get(REPORTS + "by-month/data");
        r.then().statusCode(200).body("columns[0].dataType", equalTo("date"));
        List<List<Object>> rows = rows(r);
        assertThat(rows.stream().map(x -> (String) x.get(0)).toList()).containsExactlyElementsOf(expected.keySet());
        for (List<Object> row : rows) {
            assertThat(num(row.get(1))).isEqualByComparingTo(expected.get((String) row.get(0)));
        }
    }

    @Test
    void aCellDrillsDownToTheRecordsBehindIt() {
        Response r = Api.asAdmin().get(REPORTS + "by-month/data");
        List<List<Object>> rows = rows(r);
        List<String> hrefs = r.then().extract().path("drill.href");
        assertThat(hrefs).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            String month = (String) rows.get(i).get(0);
            String filter = r.then().extract().jsonPath().getString("drill[" + i + "].filter");
            assertThat(filter).isNotNull();
            Map<String, Object> filterJson = r.then().extract().jsonPath().getMap("drill[" + i + "].filter");
            List<String> names = Api.asAdmin().queryParam("filter", toJson(filterJson)).queryParam("limit", "200")
                    .get(DEALS).then().statusCode(200).extract().path("items.data.name");
            List<String> expected = DEALS_MADE.stream().filter(d -> d.stage().equals("won") && d.closedOn()
                    .withDayOfMonth(1).toString().equals(month)).map(Deal::name).toList();
            assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
        }
        // a seller's drill-down of their own report reaches their own deals
        Response mine = as("alice").get(REPORTS + "by-stage/data");
        Map<String, Object> won = null;
        List<List<Object>> aliceRows = rows(mine);
        for (int i = 0; i < aliceRows.size(); i++) {
            if (aliceRows.get(i).get(0).equals("won")) {
                won = mine.then().extract().jsonPath().getMap("drill[" + i + "].filter");
            }
        }
        assertThat(won).isNotNull();
        List<String> names = as("alice").queryParam("filter", toJson(won)).get(DEALS).then().statusCode(200)
                .extract().path("items.data.name");
        assertThat(names).containsExactlyInAnyOrder("A2", "A3");
    }

    private static String toJson(Object o) {
        try {
            return io.tradewind.runtime.web.JsonBodies.mapper().writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void hostileParametersAreRefusedWithA4xxNeverA500() {
        Map<String, String> corpus = new LinkedHashMap<>();
        corpus.put("from", "2026-13-45");
        corpus.put("region", "EU' or 1=1 --");
        corpus.put("limit", "10000000");
        corpus.put("agg", "median");
        corpus.put("measures", "[{\"agg\": \"pg_sleep\"}]");
        corpus.put("field", "data->>'margin'");
        corpus.put("from ", "2026-01-01");
        corpus.put("'; drop table record; --", "1");
        List<Map.Entry<String, String>> cases = new ArrayList<>(corpus.entrySet());
        cases.add(Map.entry("from", "-P99999999999D"));
        cases.add(Map.entry("from", "2026-01-01'); select pg_sleep(5); --"));
        cases.add(Map.entry("from", "99999-01-01"));
        cases.add(Map.entry("from", "startOfEternity"));
        cases.add(Map.entry("from", "x".repeat(500)));
        cases.add(Map.entry("limit", "-1"));
        cases.add(Map.entry("limit", "1e9"));
        cases.add(Map.entry("limit", "0"));
        cases.add(Map.entry("region", "eu"));
        cases.add(Map.entry("region", "\u0000"));
        List<String> failures = new ArrayList<>();
        for (var c : cases) {
            for (String user : List.of("carol", "alice")) {
                Response r = as(user).queryParam(c.getKey(), c.getValue()).get(REPORTS + "by-stage/data");
                if (r.statusCode() < 400 || r.statusCode() >= 500 || !r.contentType().startsWith(
                        "application/problem+json")) {
                    failures.add(user + " " + c.getKey() + "=" + c.getValue() + " answered " + r.statusCode() + ": "
                            + r.asString());
                }
            }
        }
        assertThat(failures).isEmpty();
        as("carol").queryParam("from", "2026-13-45").get(REPORTS + "by-stage/data").then().statusCode(400)
                .body("code", equalTo("PARAMETER_INVALID")).body("errors[0].pointer", equalTo("/parameters/from"));
        as("carol").queryParam("agg", "median").get(REPORTS + "by-stage/data").then().statusCode(400)
                .body("code", equalTo("PARAMETER_UNKNOWN")).body("errors[0].pointer", equalTo("/parameters/agg"));
        as("carol").queryParam("limit", "10000000").get(REPORTS + "by-stage/data").then().statusCode(400)
                .body("code", equalTo("LIMIT_INVALID"));
        as("carol").queryParam("region", "EU").queryParam("region", "ASIA").get(REPORTS + "by-stage/data").then()
                .statusCode(400);
        // unknown reports and hostile keys are not found
        as("carol").get(REPORTS + "nope/data").then().statusCode(404).body("code", equalTo("REPORT_NOT_FOUND"));
        as("carol").get(REPORTS + "' or 1=1 --/data").then().statusCode(404);
        as("carol").get("/api/apps/rep/dashboards/nope").then().statusCode(404).body("code", equalTo(
                "DASHBOARD_NOT_FOUND"));
        // relative dates and a smaller top-N are fine
        as("carol").queryParam("from", "-P90D").queryParam("limit", "2").get(REPORTS + "by-stage/data").then()
                .statusCode(200).body("rows.size()", org.hamcrest.Matchers.lessThanOrEqualTo(2));
        as("carol").queryParam("from", "startOfYear").get(REPORTS + "by-stage/data").then().statusCode(200)
                .body("parameters.from", equalTo(LocalDate.now(java.time.ZoneOffset.UTC).withDayOfYear(1)
                        .toString()));
        // the deals are all still there
        assertThat(count(
                "select count(*) from record where tenant_id = 'default' and app_key = 'rep' and form_key = 'deal'"))
                .isEqualTo(DEALS_MADE.size());
    }

    @Test
    void csvExportEscapesFormulasAndIsAudited() {
        long before = count("select count(*) from audit_log where action = 'report.export'");
        Response r = as("carol").queryParam("format", "csv").get(REPORTS + "names/export");
        r.then().statusCode(200).contentType(startsWith("text/csv")).header("Content-Disposition", equalTo(
                "attachment; filename=\"names.csv\""));
        byte[] bytes = r.asByteArray();
        assertThat(bytes[0]).isEqualTo((byte) 0xEF);
        assertThat(bytes[1]).isEqualTo((byte) 0xBB);
        assertThat(bytes[2]).isEqualTo((byte) 0xBF);
        String csv = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertThat(csv).startsWith("Name,Amount\r\n");
        assertThat(csv).contains("\r\nA2,1500\r\n").contains("\r\nC1,1000\r\n");
        assertThat(csv).contains("\r\n\"'=HYPERLINK(\"\"http://x\"\")\",1\r\n");
        assertThat(csv).contains("\r\n\"'+SUM(1,2)\",1\r\n");
        assertThat(csv).contains("\r\n'-1+2,1\r\n");
        assertThat(csv).contains("\r\n'@cmd,1\r\n");
        assertThat(csv.split("\r\n", -1)).hasSize(DEALS_MADE.size() + 2);
        assertThat(count("select count(*) from audit_log where action = 'report.export' and target_id ="
                + " 'rep/names' and actor_id = $1", USERS.get("carol"))).isEqualTo(1);
        assertThat(count("select count(*) from audit_log where action = 'report.export'")).isEqualTo(before + 1);
        // no export right: refused and not audited
        for (String user : List.of("alice", "erin")) {
            as(user).queryParam("format", "csv").get(REPORTS + "names/export").then().statusCode(403)
                    .body("code", equalTo("ACTION_NOT_ALLOWED"));
        }
        as("carol").queryParam("format", "pdf").get(REPORTS + "names/export").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/parameters/format"));
        assertThat(count("select count(*) from audit_log where action = 'report.export'")).isEqualTo(before + 1);
    }

    @Test
    void xlsxExportOpensAndHoldsTheNumbers() throws Exception {
        Response r = as("carol").queryParam("format", "xlsx").get(REPORTS + "names/export");
        r.then().statusCode(200).header("Content-Disposition", equalTo("attachment; filename=\"names.xlsx\""));
        Map<String, BigDecimal> amounts = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(r.asByteArray()))) {
            Sheet sheet = wb.getFirstSheet();
            List<org.dhatim.fastexcel.reader.Row> rows = sheet.read();
            assertThat(rows.get(0).getCellText(0)).isEqualTo("Name");
            assertThat(rows.get(0).getCellText(1)).isEqualTo("Amount");
            for (int i = 1; i < rows.size(); i++) {
                var row = rows.get(i);
                String name = row.getCellText(0);
                amounts.put(name, row.getCellAsNumber(1).orElse(null));
                names.put(name, name);
            }
        }
        assertThat(amounts).hasSize(DEALS_MADE.size());
        assertThat(amounts.get("A3")).isEqualByComparingTo("2000");
        assertThat(amounts.get("B1")).isEqualByComparingTo("800");
        for (String n : FORMULA_NAMES) {
            assertThat(names).containsKey("'" + n);
            assertThat(amounts.get("'" + n)).isEqualByComparingTo("1");
        }
    }

    @Test
    void aDashboardBringsItsReportsDataInOneCall() {
        Response r = as("alice").queryParam("region", "EU").get("/api/apps/rep/dashboards/sales");
        r.then().statusCode(200).body("key", equalTo("sales")).body("parameters.region", equalTo("EU"))
                .body("items.report", equalTo(List.of("by-stage", "funnel", "margin")))
                .body("items[0].data.parameters.region", equalTo("EU"))
                .body("items[2].error.code", equalTo("REPORT_FIELD_HIDDEN"))
                .body("items[2].error.status", equalTo(403));
        List<String> stages = new ArrayList<>();
        List<List<BigDecimal>> expected = byStage(d -> d.owner().equals("alice") && d.region().equals("EU"),
                stages);
        List<List<Object>> rows = r.then().extract().path("items[0].data.rows");
        assertThat(rows.stream().map(x -> x.get(0)).toList()).containsExactlyElementsOf(stages);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(num(rows.get(i).get(2))).isEqualByComparingTo(expected.get(i).get(1));
        }
        // the funnel: alice has 1 lead, 0 offers and 2 won deals, so 3 reached "lead" and 2 reached "offer"
        r.then().body("items[1].data.conversion.stage", equalTo(List.of("lead", "offer", "won")))
                .body("items[1].data.conversion.value", equalTo(List.of(1, 0, 2)))
                .body("items[1].data.conversion.reached", equalTo(List.of(3, 2, 2)))
                .body("items[1].data.conversion[1].ofPrevious", equalTo(0.6667f))
                .body("items[1].data.conversion[2].ofPrevious", equalTo(1))
                .body("items[1].data.conversion[2].ofFirst", equalTo(0.6667f));
        as("alice").queryParam("region", "MARS").get("/api/apps/rep/dashboards/sales").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/parameters/region"));
    }

    @Test
    void theFunnelGivesEachStagesConversion() {
        Map<String, Long> n = DEALS_MADE.stream().collect(Collectors.groupingBy(Deal::stage, Collectors.counting()));
        Response r = as("carol").get(REPORTS + "funnel/data");
        r.then().statusCode(200).body("chart.type", equalTo("funnel"));
        List<Map<String, Object>> conv = r.then().extract().path("conversion");
        assertThat(conv).extracting(m -> m.get("stage")).containsExactly("lead", "offer", "won");
        // a deal at a later stage has reached every earlier one
        long won = n.get("won");
        long offer = n.get("offer") + won;
        long lead = n.get("lead") + offer;
        assertThat(conv).extracting(m -> ((Number) m.get("reached")).longValue()).containsExactly(lead, offer, won);
        assertThat(num(conv.get(1).get("ofPrevious"))).isEqualByComparingTo(BigDecimal.valueOf(offer).divide(
                BigDecimal.valueOf(lead), 4, java.math.RoundingMode.HALF_UP));
        assertThat(num(conv.get(2).get("ofPrevious"))).isEqualByComparingTo(BigDecimal.valueOf(won).divide(
                BigDecimal.valueOf(offer), 4, java.math.RoundingMode.HALF_UP));
        assertThat(num(conv.get(2).get("ofFirst"))).isEqualByComparingTo(BigDecimal.valueOf(won).divide(BigDecimal
                .valueOf(lead), 4, java.math.RoundingMode.HALF_UP));
    }

    @Test
    void theAppListsTheReportsAndDashboardsTheCallerCanRead() {
        as("alice").get("/api/apps/rep").then().statusCode(200)
                .body("reports.key", equalTo(List.of("by-ceo", "by-country", "by-month", "by-product", "by-stage",
                        "funnel", "margin", "mine", "names")))
                .body("reports[4].label.en", equalTo("Deals by stage"))
                .body("dashboards.key", equalTo(List.of("sales")));
        // an app without reports lists none
        Api.asAdmin().get("/api/apps/acl").then().statusCode(200).body("reports", equalTo(List.of()));
        assertThat(Objects.requireNonNull(USERS.get("alice"))).isNotNull();
    }

    private static Map<String, Long> counts(Response r) {
        Map<String, Long> out = new HashMap<>();
        rows(r).forEach(row -> out.put((String) row.get(0), num(row.get(1)).longValue()));
        return out;
    }

    @Test
    void linkedFieldsGroupWithTheLinkedFormsScopeAndFieldAccess() {
        long others = DEALS_MADE.size() - 3;
        Map<String, Long> all = new HashMap<>();
        all.put("DE", 2L);
        all.put("CN", 1L);
        all.put(null, others);
        Response r = as("carol").get(REPORTS + "by-country/data");
        assertThat(counts(r)).isEqualTo(all);
        // a linked field cannot be drilled into through the record list: no filter rather than a wrong one
        r.then().body("drill[0].filter", org.hamcrest.Matchers.nullValue());
        // Alice sees her own deals; Bolt is Carol's account, so A2's country reads as unknown to her
        Map<String, Long> alices = new HashMap<>();
        alices.put("DE", 1L);
        alices.put(null, 2L);
        assertThat(counts(as("alice").get(REPORTS + "by-country/data"))).isEqualTo(alices);
        // the linked form's hidden field is refused, and a caller who cannot read the linked form is refused
        as("alice").get(REPORTS + "by-ceo/data").then().statusCode(403).body("code", equalTo(
                "REPORT_FIELD_HIDDEN")).body("errors[0].pointer", equalTo("/dimensions/0/field"));
        as("erin").get(REPORTS + "by-country/data").then().statusCode(403).body("code", equalTo(
                "ACTION_NOT_ALLOWED"));
        Map<String, Long> ceos = new HashMap<>();
        ceos.put("Wile", 2L);
        ceos.put("Usain", 1L);
        ceos.put(null, others);
        assertThat(counts(as("carol").get(REPORTS + "by-ceo/data"))).isEqualTo(ceos);
    }

    @Test
    void everyTradeCrmReportAndDashboardRuns() {
        List<String> reports = Api.asAdmin().get("/api/apps/trade-crm").then().statusCode(200).extract().path(
                "reports.key");
        assertThat(reports).hasSizeGreaterThanOrEqualTo(8);
        for (String key : reports) {
            Api.asAdmin().get("/api/apps/trade-crm/reports/" + key + "/data").then().statusCode(200).body("report",
                    equalTo(key));
        }
        List<String> dashboards = Api.asAdmin().get("/api/apps/trade-crm").then().extract().path("dashboards.key");
        assertThat(dashboards).isNotEmpty();
        for (String key : dashboards) {
            Api.asAdmin().get("/api/apps/trade-crm/dashboards/" + key).then().statusCode(200)
                    .body("items.error", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.nullValue()));
        }
    }

    @Test
    void aUserParameterDefaultsToTheViewer() {
        for (String who : List.of("carol", "bob")) {
            List<Deal> theirs = DEALS_MADE.stream().filter(d -> d.owner().equals(who)).toList();
            String latest = theirs.stream().map(Deal::closedOn).filter(Objects::nonNull).max(Comparator
                    .naturalOrder()).map(LocalDate::toString).orElse(null);
            as(who).get(REPORTS + "mine/data").then().statusCode(200)
                    .body("parameters.owner", equalTo(USERS.get(who).toString()))
                    .body("columns[1].dataType", equalTo("date"))
                    .body("rows", equalTo(List.of(java.util.Arrays.asList(theirs.size(), latest))));
        }
        // the lead may look at Alice's deals; Bob, who reads only his own, counts none of hers
        long alices = DEALS_MADE.stream().filter(d -> d.owner().equals("alice")).count();
        as("carol").queryParam("owner", USERS.get("alice").toString()).get(REPORTS + "mine/data").then()
                .statusCode(200).body("rows[0][0]", equalTo((int) alices));
        as("bob").queryParam("owner", USERS.get("alice").toString()).get(REPORTS + "mine/data").then()
                .statusCode(200).body("rows[0][0]", equalTo(0));
        as("bob").queryParam("owner", "$user.id; drop table record").get(REPORTS + "mine/data").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/parameters/owner"));
    }

    @Test
    void subtableRowsAreDatasetRowsWithTheirParentsFieldsAndScope() {
        // product: qty, lines, deals, EU lines
        as("carol").get(REPORTS + "by-product/data").then().statusCode(200)
                .body("rows", equalTo(List.of(List.of("gadget", 4, 2, 2, 1), List.of("widget", 8, 3, 3, 2))))
                .body("drill[0].filter", org.hamcrest.Matchers.nullValue());
        // Alice reads only her deal A1
        as("alice").get(REPORTS + "by-product/data").then().statusCode(200)
                .body("rows", equalTo(List.of(List.of("gadget", 1, 1, 1, 1), List.of("widget", 2, 1, 1, 1))));
    }
}
