package io.tradewind.runtime.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;

/**
 * Scenario test of the trade CRM's reports and dashboards (issue 5): a tenant of its own gets the
 * app's demo data, loaded with the test clock on the first day of next month, 04:00 in Shanghai
 * (still the day before in UTC), and two sales reps take over the deals, quotes and follow-ups of
 * three customers each. Every number is computed here from the seed files ({@link TradeCrmSeed})
 * and compared with what the reports, their drill-downs and the dashboards answer.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class TradeCrmReportsTest {
    private static final String TENANT = "crmrep";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String PASSWORD = "crm-reports-Pa55";
    private static final String APP = "/api/apps/trade-crm";
    private static final ObjectMapper JSON = new ObjectMapper().enable(
            DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** Whose are the records about which customer; the others stay the admin's. */
    private static final Map<String, String> REP_OF_CUSTOMER = Map.of("c-hamburg", "mei", "c-dubai", "mei", "c-hcmc",
            "mei", "c-ohio", "li", "c-pune", "li", "c-saopaulo", "li");

    private static int setUpOnPort;
    /** The clock offset that puts "now" at the seed's load time (plus the time the tests take). */
    private static Duration pinned;
    /** Today in the tenant's time zone while the clock is pinned: the first of a month. */
    private static LocalDate today;
    private static Instant seededAt;
    private static TradeCrmSeed seed;
    private static final Map<String, String> USER_IDS = new HashMap<>();
    private static final Map<String, String> TOKENS = new HashMap<>();
    /** Record ids by "form:natural key" (seed $ref, or a follow-up's subject). */
    private static final Map<String, String> IDS = new HashMap<>();
    private String clockBefore;

    @ConfigProperty(name = "tradewind.apps-dir")
    String appsDir;

    @BeforeEach
    void pinTheClockOnATenantWithTheSeed() {
        clockBefore = Api.asAdmin().get("/api/admin/clock").then().statusCode(200).extract().path("offset");
        if (setUpOnPort == io.restassured.RestAssured.port) {
            setClock(pinned);
            return;
        }
        today = ZonedDateTime.now(ZONE).toLocalDate().withDayOfMonth(1).plusMonths(1);
        seededAt = today.atTime(4, 0).atZone(ZONE).toInstant();
        // whole seconds, rounded up: "now" starts at or just after the load time
        pinned = Duration.between(Instant.now(), seededAt).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        setClock(pinned);
        Api.asAdmin().body("{\"id\": \"" + TENANT + "\", \"name\": \"CRM Reports Trading\", \"timeZone\": \"" + ZONE
                + "\", \"adminPassword\": \"" + PASSWORD + "\"}").post("/api/admin/tenants").then().statusCode(201);
        TOKENS.put("admin", token("admin"));
        as("admin").post("/api/admin/apps/trade-crm/seed").then().statusCode(200);
        USER_IDS.put("admin", as("admin").get("/api/admin/users?q=admin").then().statusCode(200).extract().path(
                "items.find { it.username == 'admin' }.id"));
        for (String rep : List.of("mei", "li")) {
            USER_IDS.put(rep, as("admin").body(Map.of("username", rep, "displayName", rep, "password", PASSWORD,
                    "roles", List.of("sales_rep"))).post("/api/admin/users").then().statusCode(201).extract().path(
                            "id"));
            TOKENS.put(rep, token(rep));
        }
        seed = new TradeCrmSeed(seedDir(), c -> USER_IDS.get(REP_OF_CUSTOMER.getOrDefault(c, "admin")), today);
        findSeededRecords();
        handOverToTheReps();
        setUpOnPort = io.restassured.RestAssured.port;
    }

    @AfterEach
    void restoreTheClock() {
        setClock(Duration.parse(clockBefore));
    }

    @Test
    void theSalesFunnelCountsTheDealsByStageWithTheirConversion() {
        // by default the last 90 days: the whole seed, loaded today
        JsonNode r = report("admin", "sales-funnel", Map.of());
        assertReport(r, "sales-funnel", params("from", today.minusDays(90), "owner", null), null);
        assertThat(r.get("rows").size()).as("stages with deals").isEqualTo(7);
        // a date is the start of that day in the tenant's time zone, where the seed was loaded today
        assertReport(report("admin", "sales-funnel", Map.of("from", today.toString())), "sales-funnel", params(
                "from", today, "owner", null), null);
        JsonNode tomorrow = report("admin", "sales-funnel", Map.of("from", today.plusDays(1).toString()));
        assertReport(tomorrow, "sales-funnel", params("from", today.plusDays(1), "owner", null), null);
        assertThat(tomorrow.get("rows").size()).isZero();
        // one rep's deals
        for (String rep : List.of("mei", "li")) {
            assertReport(report("admin", "sales-funnel", Map.of("owner", id(rep))), "sales-funnel", params("from",
                    today.minusDays(90), "owner", id(rep)), null);
        }
    }

    @Test
    void aSalesRepsFunnelCountsOnlyTheirOwnDeals() {
        for (String rep : List.of("mei", "li")) {
            JsonNode mine = report(rep, "sales-funnel", Map.of());
            assertReport(mine, "sales-funnel", params("from", today.minusDays(90), "owner", null), id(rep));
            assertThat(mine.get("rows").size()).as(rep + "'s stages").isEqualTo(3);
            // asking for the other rep's deals shows none of them
            String other = rep.equals("mei") ? "li" : "mei";
            assertThat(report(rep, "sales-funnel", Map.of("owner", id(other))).get("rows").size()).isZero();
        }
    }

    @Test
    void eachFunnelRowDrillsDownToExactlyTheDealsItCounts() {
        for (String viewer : List.of("admin", "mei", "li")) {
            JsonNode r = report(viewer, "sales-funnel", Map.of("from", today.toString()));
            JsonNode rows = r.get("rows");
            assertThat(r.get("drill").size()).isEqualTo(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                String stage = rows.get(i).get(0).textValue();
                Set<String> expected = seed.funnelRecords(today, null, viewerId(viewer), stage).stream().map(
                        o -> IDS.get("opportunity:" + o.ref())).collect(Collectors.toSet());
                List<String> listed = follow(viewer, r.get("drill").get(i).get("href").textValue());
                assertThat(listed).as(viewer + " drills into " + stage).hasSize(rows.get(i).get(1).intValue())
                        .containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }

    @Test
    void theLeaderboardRanksTheRepsByWonAmount() {
        // this month by default: the seed's one won deal closed before it
        assertReport(report("admin", "sales-leaderboard", Map.of()), "sales-leaderboard", params("from", today,
                "currency", "USD"), null);
        JsonNode sinceOctober = report("admin", "sales-leaderboard", Map.of("from", "2026-10-01"));
        assertReport(sinceOctober, "sales-leaderboard", params("from", "2026-10-01", "currency", "USD"), null);
        assertThat(sinceOctober.get("rows").size()).isOne();
        LocalDate quarter = today.with(IsoFields.DAY_OF_QUARTER, 1);
        assertReport(report("admin", "sales-leaderboard", Map.of("from", "startOfQuarter")), "sales-leaderboard",
                params("from", quarter, "currency", "USD"), null);
        assertReport(report("admin", "sales-leaderboard", Map.of("from", "2026-10-31")), "sales-leaderboard",
                params("from", "2026-10-31", "currency", "USD"), null);
        assertReport(report("admin", "sales-leaderboard", Map.of("from", "2026-01-01", "currency", "EUR")),
                "sales-leaderboard", params("from", "2026-01-01", "currency", "EUR"), null);
        // a rep ranks among the deals they may read
        for (String rep : List.of("mei", "li")) {
            assertReport(report(rep, "sales-leaderboard", Map.of("from", "2026-01-01")), "sales-leaderboard", params(
                    "from", "2026-01-01", "currency", "USD"), id(rep));
        }
    }

    @Test
    void customersByCountryMapsEveryCustomerAndDrillsDownToThem() {
        assertReport(report("admin", "customers-by-country", Map.of()), "customers-by-country", params("grade", null),
                null);
        for (String grade : List.of("A", "B", "C", "D")) {
            JsonNode r = report("admin", "customers-by-country", Map.of("grade", grade));
            assertReport(r, "customers-by-country", params("grade", grade), null);
            for (int i = 0; i < r.get("rows").size(); i++) {
                String country = r.get("rows").get(i).get(0).textValue();
                Set<String> expected = seed.customerRecords(grade, null, country).stream().map(c -> IDS.get(
                        "customer:" + c.ref())).collect(Collectors.toSet());
                assertThat(follow("admin", r.get("drill").get(i).get("href").textValue())).as(grade + " " + country)
                        .containsExactlyInAnyOrderElementsOf(expected);
            }
        }
        // a rep's map holds their own customers
        assertReport(report("mei", "customers-by-country", Map.of()), "customers-by-country", params("grade", null),
                id("mei"));
    }

    @Test
    void newCustomersFallInTheMonthTheyWereCreatedInTheTenantsTimeZone() {
        // loaded at 04:00 on the first in Shanghai, which is still the last day of the month before in UTC
        assertThat(seededAt.atZone(ZoneOffset.UTC).getMonth()).isNotEqualTo(today.getMonth());
        JsonNode r = report("admin", "new-customers-per-month", Map.of());
        assertReport(r, "new-customers-per-month", params("from", today.minusMonths(12)), null);
        assertThat(follow("admin", r.get("drill").get(0).get("href").textValue())).containsExactlyInAnyOrderElementsOf(
                seed.customers.stream().map(c -> IDS.get("customer:" + c.ref())).toList());
        assertReport(report("admin", "new-customers-per-month", Map.of("from", today.toString())),
                "new-customers-per-month", params("from", today), null);
        assertReport(report("admin", "new-customers-per-month", Map.of("from", today.plusDays(1).toString())),
                "new-customers-per-month", params("from", today.plusDays(1)), null);
    }

    @Test
    void averageOrderValueByMonthAndByCountryInOneCurrency() {
        for (String report : List.of("average-order-value-by-month", "average-order-value-by-country")) {
            JsonNode usd = report("admin", report, Map.of());
            assertReport(usd, report, params("from", today.minusMonths(12), "currency", "USD"), null);
            assertThat(usd.get("rows").size()).as(report).isPositive();
            assertReport(report("admin", report, Map.of("currency", "EUR")), report, params("from", today.minusMonths(
                    12), "currency", "EUR"), null);
            assertReport(report("admin", report, Map.of("from", today.plusDays(1).toString())), report, params(
                    "from", today.plusDays(1), "currency", "USD"), null);
        }
    }

    @Test
    void openQuotesAwaitingApprovalExpiringFirstOnTop() {
        JsonNode all = report("admin", "open-quotes", Map.of());
        assertReport(all, "open-quotes", params("owner", null), null);
        assertThat(all.get("rows").size()).isEqualTo(2);
        for (String rep : List.of("mei", "li")) {
            assertReport(report("admin", "open-quotes", Map.of("owner", id(rep))), "open-quotes", params("owner", id(
                    rep)), null);
            assertReport(report(rep, "open-quotes", Map.of()), "open-quotes", params("owner", null), id(rep));
        }
    }

    @Test
    void followUpActivityPerRepAndChannel() {
        // the last 30 days by default
        assertReport(report("admin", "follow-up-activity", Map.of()), "follow-up-activity", params("from", today
                .minusDays(30), "owner", null), null);
        for (String from : List.of("2026-01-01", "2026-11-01", "2026-11-13")) {
            JsonNode r = report("admin", "follow-up-activity", Map.of("from", from));
            assertReport(r, "follow-up-activity", params("from", from, "owner", null), null);
            assertThat(r.get("rows").size()).as("groups since " + from).isPositive();
            for (String rep : List.of("mei", "li")) {
                assertReport(report("admin", "follow-up-activity", Map.of("from", from, "owner", id(rep))),
                        "follow-up-activity", params("from", from, "owner", id(rep)), null);
                assertReport(report(rep, "follow-up-activity", Map.of("from", from)), "follow-up-activity", params(
                        "from", from, "owner", null), id(rep));
            }
        }
    }

    @Test
    void theSalesDashboardShowsEachReportsNumbers() {
        LocalDate quarter = today.with(IsoFields.DAY_OF_QUARTER, 1);
        assertDashboard("admin", "sales", Map.of(), params("from", quarter, "owner", null));
        assertDashboard("admin", "sales", Map.of("from", "2026-11-01"), params("from", "2026-11-01", "owner", null));
        assertDashboard("admin", "sales", Map.of("from", "2026-10-01", "owner", id("mei")), params("from",
                "2026-10-01", "owner", id("mei")));
        assertDashboard("li", "sales", Map.of("from", "2026-10-01"), params("from", "2026-10-01", "owner", null));
    }

    @Test
    void theManagementDashboardShowsEachReportsNumbers() {
        assertDashboard("admin", "management", Map.of(), params("from", today.minusMonths(12), "currency", "USD"));
        assertDashboard("admin", "management", Map.of("from", today.toString(), "currency", "EUR"), params("from",
                today, "currency", "EUR"));
    }

    /**
     * The dashboard's parameters, and for every item: the report parameters it passes, the rows (and
     * conversion) computed from the seed for them, and the same data as the report answers alone.
     */
    private void assertDashboard(String viewer, String key, Map<String, String> query, Map<String, Object> expected) {
        RequestSpecification req = as(viewer);
        query.forEach(req::queryParam);
        JsonNode d = parse(req.get(APP + "/dashboards/" + key).then().statusCode(200).extract().asString());
        assertParameters(key, d.get("parameters"), expected);
        List<Map.Entry<String, Map<String, Object>>> items = dashboardItems(key, expected);
        assertThat(d.get("items").size()).isEqualTo(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = d.get("items").get(i);
            String report = items.get(i).getKey();
            assertThat(item.get("error")).as(key + " item " + i).isNull();
            assertThat(item.get("report").textValue()).isEqualTo(report);
            JsonNode data = item.get("data");
            assertReport(data, report, items.get(i).getValue(), viewerId(viewer));
            Map<String, String> alone = new LinkedHashMap<>();
            items.get(i).getValue().forEach((k, v) -> {
                if (v != null) {
                    alone.put(k, v.toString());
                }
            });
            JsonNode direct = report(viewer, report, alone);
            assertThat(data.get("rows")).as(key + " item " + i + " rows").isEqualTo(direct.get("rows"));
            assertThat(data.get("conversion")).as(key + " item " + i + " conversion").isEqualTo(direct.get(
                    "conversion"));
        }
    }

    /** A dashboard's items as its definition wires them: each report with the parameters it gets. */
    private static List<Map.Entry<String, Map<String, Object>>> dashboardItems(String key,
            Map<String, Object> dashboard) {
        Object from = dashboard.get("from");
        Object owner = dashboard.get("owner");
        Object currency = dashboard.get("currency");
        LocalDate quarter = today.with(IsoFields.DAY_OF_QUARTER, 1);
        List<Map.Entry<String, Map<String, Object>>> items = new ArrayList<>();
        if (key.equals("sales")) {
            items.add(Map.entry("sales-funnel", params("from", from, "owner", owner)));
            items.add(Map.entry("sales-leaderboard", params("from", today, "currency", "USD")));
            items.add(Map.entry("sales-leaderboard", params("from", quarter, "currency", "USD")));
            items.add(Map.entry("follow-up-activity", params("from", from, "owner", owner)));
            items.add(Map.entry("open-quotes", params("owner", owner)));
        } else {
            items.add(Map.entry("customers-by-country", params("grade", null)));
            items.add(Map.entry("new-customers-per-month", params("from", from)));
            items.add(Map.entry("average-order-value-by-month", params("from", from, "currency", currency)));
            items.add(Map.entry("average-order-value-by-country", params("from", from, "currency", currency)));
            items.add(Map.entry("sales-funnel", params("from", from, "owner", null)));
            items.add(Map.entry("sales-leaderboard", params("from", quarter, "currency", currency)));
            items.add(Map.entry("open-quotes", params("owner", null)));
        }
        return items;
    }

    /** The report's parameters, rows and (funnels) conversion against the seed's answer. */
    private static void assertReport(JsonNode data, String report, Map<String, Object> given, String viewer) {
        Map<String, Object> parameters = new LinkedHashMap<>(given);
        if (report.equals("sales-funnel")) {
            // the amount adds up the deals in this currency (the seed computes it for USD)
            parameters.putIfAbsent("currency", "USD");
        }
        assertThat(data.get("report").textValue()).isEqualTo(report);
        assertParameters(report, data.get("parameters"), parameters);
        List<List<Object>> rows = expectedRows(report, parameters, viewer);
        String what = report + " " + parameters + (viewer == null ? "" : " for " + viewer);
        assertRows(what, data.get("rows"), rows);
        if (report.equals("sales-funnel")) {
            List<Map<String, Object>> conversion = TradeCrmSeed.conversion(rows);
            JsonNode actual = data.get("conversion");
            assertThat(actual.size()).as(what + " conversion").isEqualTo(conversion.size());
            for (int i = 0; i < conversion.size(); i++) {
                for (var e : conversion.get(i).entrySet()) {
                    assertCell(what + " conversion " + i + " " + e.getKey(), actual.get(i).get(e.getKey()), e
                            .getValue());
                }
            }
        } else {
            JsonNode conversion = data.get("conversion");
            assertThat(conversion == null || conversion.isNull()).as(what + " has no conversion").isTrue();
        }
    }

    private static List<List<Object>> expectedRows(String report, Map<String, Object> p, String viewer) {
        LocalDate from = p.get("from") == null ? null : LocalDate.parse(p.get("from").toString());
        String owner = (String) p.get("owner");
        String currency = (String) p.get("currency");
        return switch (report) {
            case "sales-funnel" -> seed.funnel(from, owner, viewer);
            case "sales-leaderboard" -> seed.leaderboard(from, currency, viewer);
            case "customers-by-country" -> seed.customersByCountry((String) p.get("grade"), viewer);
            case "new-customers-per-month" -> seed.newCustomersPerMonth(from);
            case "average-order-value-by-month" -> seed.averageOrderValueByMonth(from, currency);
            case "average-order-value-by-country" -> seed.averageOrderValueByCountry(from, currency);
            // quote numbers take the year of their creation in UTC (forms use UTC for now)
            case "open-quotes" -> seed.openQuotes(owner, viewer, seededAt.atZone(ZoneOffset.UTC).getYear(),
                    customerVisible(viewer));
            case "follow-up-activity" -> seed.followUpActivity(from, owner, viewer);
            default -> throw new IllegalArgumentException(report);
        };
    }

    /** A rep reads their own customers only: the company of another's customer reads as null. */
    private static Predicate<String> customerVisible(String viewer) {
        return c -> viewer == null || viewer.equals(seed.ownerOf(c));
    }

    private static void assertParameters(String what, JsonNode actual, Map<String, Object> expected) {
        assertThat(actual.size()).as(what + " parameters " + actual).isEqualTo(expected.size());
        expected.forEach((k, v) -> assertCell(what + " parameter " + k, actual.get(k), v == null
                ? null
                : v
                        .toString()));
    }

    private static void assertRows(String what, JsonNode actual, List<List<Object>> expected) {
        assertThat(actual.size()).as(what + ": rows " + actual + ", expected " + expected).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            List<Object> row = expected.get(i);
            assertThat(actual.get(i).size()).as(what + " row " + i).isEqualTo(row.size());
            for (int c = 0; c < row.size(); c++) {
                assertCell(what + " row " + i + " column " + c + " of " + actual.get(i), actual.get(i).get(c), row
                        .get(c));
            }
        }
    }

    private static void assertCell(String what, JsonNode actual, Object expected) {
        assertThat(actual).as(what + " is missing").isNotNull();
        if (expected == null) {
            assertThat(actual.isNull()).as(what + " is empty, was " + actual).isTrue();
        } else if (expected instanceof BigDecimal d) {
            assertThat(actual.isNumber()).as(what + " is a number, was " + actual).isTrue();
            assertThat(actual.decimalValue()).as(what).isEqualByComparingTo(d);
        } else {
            assertThat(actual.isTextual()).as(what + " is a text, was " + actual).isTrue();
            assertThat(actual.textValue()).as(what).isEqualTo(expected);
        }
    }

    // set-up

    private Path seedDir() {
        return Arrays.stream(appsDir.split(",")).map(dir -> Path.of(dir.strip(), "trade-crm", "seed")).filter(
                Files::isDirectory).findFirst().orElseThrow(
                        () -> new IllegalStateException("No trade-crm seed under "
                                + appsDir));
    }

    /** Finds each seeded record's id; the seed made them all the admin's, at the pinned time. */
    private static void findSeededRecords() {
        for (String form : List.of("customer", "opportunity", "quote", "follow_up")) {
            List<Map<String, Object>> items = as("admin").get(APP + "/forms/" + form + "/records?limit=200").then()
                    .statusCode(200).extract().path("items");
            for (Map<String, Object> item : items) {
                assertThat(item.get("owner")).as(form + " owner").isEqualTo(id("admin"));
                Instant created = Instant.parse((String) item.get("createdAt"));
                assertThat(created).as(form + " createdAt").isBetween(seededAt, seededAt.plus(Duration.ofHours(1)));
                @SuppressWarnings("unchecked")
                Map<String, Object> data = (Map<String, Object>) item.get("data");
                String key = switch (form) {
                    case "customer" -> seed.customers.stream().filter(c -> c.company().equals(data.get("company")))
                            .findFirst().orElseThrow().ref();
                    case "opportunity" -> seed.opportunities.stream().filter(o -> o.title().equals(data.get(
                            "title"))).findFirst().orElseThrow().ref();
                    case "quote" -> seed.quotes.stream().filter(q -> IDS.get("customer:" + q.customer()).equals(data
                            .get("customer"))).findFirst().orElseThrow().ref();
                    default -> (String) data.get("subject");
                };
                IDS.put(form + ":" + key, (String) item.get("id"));
            }
        }
        assertThat(IDS).hasSize(seed.customers.size() + seed.opportunities.size() + seed.quotes.size() + seed.followUps
                .size());
    }

    /** Hands each rep's customers, with their deals, quotes and follow-ups, over to the rep. */
    private static void handOverToTheReps() {
        List<String[]> records = new ArrayList<>();
        seed.customers.forEach(c -> records.add(new String[]{"customer", c.ref(), c.ref()}));
        seed.opportunities.forEach(o -> records.add(new String[]{"opportunity", o.ref(), o.customer()}));
        seed.quotes.forEach(q -> records.add(new String[]{"quote", q.ref(), q.customer()}));
        seed.followUps.forEach(f -> records.add(new String[]{"follow_up", f.subject(), f.customer()}));
        for (String[] r : records) {
            String owner = seed.ownerOf(r[2]);
            if (!owner.equals(id("admin"))) {
                as("admin").body(Map.of("owner", owner)).patch(APP + "/forms/" + r[0] + "/records/" + IDS.get(r[0]
                        + ":" + r[1])).then().statusCode(200);
            }
        }
    }

    // helpers

    private static void setClock(Duration offset) {
        Api.asAdmin().body(Map.of("offset", offset.toString())).put("/api/admin/clock").then().statusCode(200);
    }

    private static JsonNode report(String viewer, String key, Map<String, String> query) {
        RequestSpecification req = as(viewer);
        query.forEach(req::queryParam);
        return parse(req.get(APP + "/reports/" + key + "/data").then().statusCode(200).extract().asString());
    }

    /** The ids of the records a drill-down link lists. */
    private static List<String> follow(String viewer, String href) {
        assertThat(href).startsWith(APP + "/forms/");
        return given().urlEncodingEnabled(false).header("Authorization", "Bearer " + TOKENS.get(viewer)).get(href)
                .then().statusCode(200).extract().path("items.id");
    }

    private static Map<String, Object> params(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object v = keysAndValues[i + 1];
            m.put((String) keysAndValues[i], v == null ? null : v.toString());
        }
        return m;
    }

    private static String id(String user) {
        return USER_IDS.get(user);
    }

    /** The viewer as the seed model sees them: null for the admin, who reads every record. */
    private static String viewerId(String viewer) {
        return viewer.equals("admin") ? null : id(viewer);
    }

    private static String token(String username) {
        return given().contentType("application/json").body(Map.of("username", username, "password", PASSWORD,
                "tenant", TENANT)).post("/api/auth/token").then().statusCode(200).extract().path("access_token");
    }

    private static RequestSpecification as(String user) {
        return given().header("Authorization", "Bearer " + TOKENS.get(user)).contentType("application/json");
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(body, e);
        }
    }
}
