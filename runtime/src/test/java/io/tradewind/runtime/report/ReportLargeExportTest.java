package io.tradewind.runtime.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
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
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Exports beyond the data endpoint's 1000 rows: the {@code names} report of the test app
 * {@code rep} (one row per deal, ordered by name) over 2,500 deals written by SQL in a tenant of
 * its own. Every row must arrive once and in order, as CSV and XLSX, for the caller's row scope,
 * with formula-like names escaped, while the data endpoint still stops at 1000 rows.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class ReportLargeExportTest {
    private static final String TENANT = "bigexport";
    private static final String PASSWORD = "big-export-Pa55";
    private static final String NAMES = "/api/apps/rep/reports/names/";
    private static final int DEALS = 2500;
    /** Every tenth deal is the rep's. */
    private static final int REP_EVERY = 10;
    private static final List<String> HOSTILE = List.of("=1+1", "+SUM(1,2)", "-3", "@cmd",
            "=HYPERLINK(\"http://x\",\"a,b\")");
    private static int setUpOnPort;
    private static String leadToken;
    private static String repToken;

    @Inject
    Pool pool;

    @BeforeEach
    void tenantWithManyDeals() {
        if (setUpOnPort == io.restassured.RestAssured.port) {
            return;
        }
        setUpOnPort = io.restassured.RestAssured.port;
        if (given().spec(Api.asAdmin()).get("/api/admin/tenants/" + TENANT).statusCode() == 404) {
            Api.asAdmin().body("{\"id\": \"" + TENANT + "\", \"name\": \"Big Exports\", \"adminPassword\": \""
                    + PASSWORD + "\"}").post("/api/admin/tenants").then().statusCode(201);
        }
        sql("delete from record where tenant_id = $1 and app_key = 'rep' and form_key = 'deal'", TENANT);
        String leadName = "lead-" + UUID.randomUUID().toString().substring(0, 8);
        String repName = "rep-" + UUID.randomUUID().toString().substring(0, 8);
        UUID lead = user(leadName, "lead");
        UUID rep = user(repName, "exporter");
        // one statement for all deals; the projection triggers on record see them like any other write
        sql("insert into record (tenant_id, app_key, form_key, id, version, data, owner, created_at, updated_at)"
                + " select $1, 'rep', 'deal', gen_random_uuid(), 1, jsonb_build_object('name', 'D' || lpad(g::text, 5,"
                + " '0'), 'stage', 'won', 'region', 'EU', 'amount', g), case when g % $4 = 0 then $3 else $2 end,"
                + " now(), now() from generate_series(1, $5) g", TENANT, lead, rep, REP_EVERY, DEALS);
        for (String name : HOSTILE) {
            sql("insert into record (tenant_id, app_key, form_key, id, version, data, owner, created_at, updated_at)"
                    + " values ($1, 'rep', 'deal', gen_random_uuid(), 1, jsonb_build_object('name', $2::text,"
                    + " 'amount', 1), $3, now(), now())", TENANT, name, lead);
        }
        leadToken = token(leadName);
        repToken = token(repName);
    }

    @Test
    void csvExportHoldsEveryRowOnceAndInOrderBeyondTheDataCap() {
        Response r = as(leadToken).queryParam("format", "csv").get(NAMES + "export");
        r.then().statusCode(200).contentType(startsWith("text/csv")).header("Content-Disposition", equalTo(
                "attachment; filename=\"names.csv\""));
        // streamed: no length known in advance
        assertThat(r.header("Content-Length")).isNull();
        List<List<String>> rows = csv(r.asByteArray());
        assertThat(rows.get(0)).containsExactly("Name", "Amount");
        assertEveryDealOnceInOrder(rows.subList(1, rows.size()), 1);
        assertThat(rows).hasSize(1 + DEALS + HOSTILE.size());
        List<String> hostile = rows.subList(1, rows.size()).stream().map(row -> row.get(0)).filter(n -> !n
                .startsWith("D")).toList();
        assertThat(hostile).containsExactlyInAnyOrderElementsOf(HOSTILE.stream().map(n -> "'" + n).toList());

        Row audit = pool.preparedQuery("select detail->>'rows', detail->>'complete', detail->>'format' from audit_log"
                + " where tenant_id = $1 and action = 'report.export' order by seq desc limit 1").execute(Tuple.of(
                        TENANT))
                .await().indefinitely().iterator().next();
        assertThat(audit.getString(0)).isEqualTo(Integer.toString(DEALS + HOSTILE.size()));
        assertThat(audit.getString(1)).isEqualTo("true");
        assertThat(audit.getString(2)).isEqualTo("csv");
    }

    @Test
    void xlsxExportHoldsEveryRowOnceAndInOrder() throws Exception {
        Response r = as(leadToken).queryParam("format", "xlsx").get(NAMES + "export");
        r.then().statusCode(200).header("Content-Disposition", equalTo("attachment; filename=\"names.xlsx\""));
        assertThat(r.contentType()).startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        List<List<String>> rows = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(r.asByteArray()))) {
            for (org.dhatim.fastexcel.reader.Row row : wb.getFirstSheet().read()) {
                String amount = row.getRowNum() == 1
                        ? row.getCellText(1)
                        : row.getCellAsNumber(1).orElseThrow()
                                .stripTrailingZeros().toPlainString();
                rows.add(List.of(row.getCellText(0), amount));
            }
        }
        assertThat(rows.get(0)).containsExactly("Name", "Amount");
        assertThat(rows).hasSize(1 + DEALS + HOSTILE.size());
        assertEveryDealOnceInOrder(rows.subList(1, rows.size()), 1);
        assertThat(rows.subList(1, rows.size()).stream().map(row -> row.get(0)).filter(n -> !n.startsWith("D"))
                .toList())
                .containsExactlyInAnyOrderElementsOf(HOSTILE.stream().map(n -> "'" + n).toList());
    }

    @Test
    void aRepExportsOnlyTheirOwnDeals() {
        List<List<String>> rows = csv(as(repToken).queryParam("format", "csv").get(NAMES + "export").then()
                .statusCode(200).extract().asByteArray());
        assertThat(rows).hasSize(1 + DEALS / REP_EVERY);
        assertEveryDealOnceInOrder(rows.subList(1, rows.size()), REP_EVERY);
    }

    @Test
    void anExportLimitIsHonouredUpToTheCapAndRefusedAboveIt() {
        List<List<String>> rows = csv(as(leadToken).queryParam("format", "csv").queryParam("limit", "1200").get(
                NAMES + "export").then().statusCode(200).extract().asByteArray());
        assertThat(rows).hasSize(1 + 1200);
        // the hostile names may sort anywhere by the collation; the deals keep their order
        List<List<String>> deals = rows.subList(1, rows.size()).stream().filter(row -> row.get(0).startsWith("D"))
                .toList();
        for (int i = 0; i < deals.size(); i++) {
            assertThat(deals.get(i)).containsExactly(name(i + 1), Integer.toString(i + 1));
        }
        long audited = count("select count(*) from audit_log where tenant_id = $1 and action = 'report.export'",
                TENANT);
        for (String limit : List.of("100001", "0", "many")) {
            as(leadToken).queryParam("format", "xlsx").queryParam("limit", limit).get(NAMES + "export").then()
                    .statusCode(400).body("code", equalTo("LIMIT_INVALID")).body("errors[0].pointer", equalTo(
                            "/parameters/limit"));
        }
        as(leadToken).queryParam("limit", "100000").queryParam("format", "csv").get(NAMES + "export").then()
                .statusCode(200);
        assertThat(count("select count(*) from audit_log where tenant_id = $1 and action = 'report.export'",
                TENANT)).isEqualTo(audited + 1);
    }

    @Test
    void theDataEndpointStillStopsAtAThousandRows() {
        as(leadToken).get(NAMES + "data").then().statusCode(200).body("rows.size()", equalTo(1000));
        as(leadToken).queryParam("limit", "1001").get(NAMES + "data").then().statusCode(400).body(
                "errors[0].pointer", equalTo("/parameters/limit"));
    }

    /**
     * Each row is a deal of the expected sequence (every {@code step}-th), none missing, none twice.
     */
    private static void assertEveryDealOnceInOrder(List<List<String>> rows, int step) {
        List<List<String>> deals = rows.stream().filter(row -> row.get(0).startsWith("D")).toList();
        assertThat(deals).hasSize(DEALS / step);
        for (int i = 0; i < deals.size(); i++) {
            int n = (i + 1) * step;
            assertThat(deals.get(i)).as("row %d", i).containsExactly(name(n), Integer.toString(n));
        }
    }

    private static String name(int n) {
        return "D" + String.format("%05d", n);
    }

    /** RFC 4180 records of the body after its byte order mark. */
    private static List<List<String>> csv(byte[] bytes) {
        assertThat(bytes[0]).isEqualTo((byte) 0xEF);
        String s = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        List<List<String>> out = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                out.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(c);
            }
        }
        assertThat(cell).isEmpty();
        assertThat(row).isEmpty();
        return out;
    }

    private UUID user(String username, String role) {
        UUID id = UUID.randomUUID();
        sql("insert into app_user (tenant_id, id, username, display_name, password_hash) values ($1, $2, $3, $4, $5)",
                TENANT, id, username, role, PasswordHasher.hash(PASSWORD));
        sql("insert into user_role (tenant_id, user_id, role_key) values ($1, $2, $3)", TENANT, id, role);
        return id;
    }

    private static String token(String username) {
        return given().contentType("application/json").body("{\"username\": \"" + username
                + "\", \"password\": \"" + PASSWORD + "\", \"tenant\": \"" + TENANT + "\"}").post("/api/auth/token")
                .then().statusCode(200).extract().path("access_token");
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    private void sql(String sql, Object... params) {
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely();
    }

    private long count(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely().iterator().next()
                .getLong(0);
    }
}
