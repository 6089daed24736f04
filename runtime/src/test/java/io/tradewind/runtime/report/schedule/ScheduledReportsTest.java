package io.tradewind.runtime.report.schedule;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.SmtpServer;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Scheduled reports end to end, in a tenant of their own (time zone Asia/Shanghai) with the trade
 * CRM's demo data: schedules made through the API, runs driven by moving the runtime clock and
 * calling {@link ScheduleRunner#runDue()}, emails received by a real SMTP server (GreenMail) and
 * taken apart. The expected figures are computed here from the seed files.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
// its own application start with a fresh SMTP server: a full run once saw the shared one stall for 30 s
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class ScheduledReportsTest {
    private static final String PASSWORD = "schedule-test-Pa55";
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String tenant;
    private static String adminToken;
    private static final Map<String, String> IDS = new HashMap<>();
    private static final Map<String, String> TOKENS = new HashMap<>();
    private static final Map<String, String> EMAILS = new HashMap<>();
    /** Opportunities the reps made: owner, stage, quantity, target price, customer. */
    private static final List<String[]> MADE = new ArrayList<>();
    private static int port;

    @Inject
    ScheduleRunner runner;
    @Inject
    TradewindClock clock;
    @Inject
    Pool pool;

    @BeforeEach
    void tenantWithPeopleAndData() {
        clock.setOffset(Duration.ZERO);
        Mails.purge();
        if (tenant != null && port == RestAssured.port) {
            return;
        }
        port = RestAssured.port;
        IDS.clear();
        TOKENS.clear();
        EMAILS.clear();
        MADE.clear();
        String u = UUID.randomUUID().toString().substring(0, 8);
        tenant = "sched-" + u;
        Api.asAdmin().body(Map.of("id", tenant, "name", "Schedules " + u, "timeZone", "Asia/Shanghai",
                "adminPassword", PASSWORD)).post("/api/admin/tenants").then().statusCode(201);
        adminToken = token("admin");
        admin().post("/api/admin/apps/trade-crm/seed").then().statusCode(200);
        person("dora", "sales_director", true);
        person("dirk", "sales_director", true);
        person("nomail", "sales_director", false);
        person("rita", "sales_rep", true);
        person("ron", "sales_rep", true);
        person("fay", "finance", true);
        person("dst", "general_manager", true);
        String ritas = customer("rita", "Rita Trading " + u, "DE");
        String rons = customer("ron", "Ron Imports " + u, "FR");
        opportunity("rita", ritas, "lead", 10, "120");
        opportunity("rita", ritas, "won", 3, "2500");
        opportunity("ron", rons, "lead", 7, "99");
    }

    @AfterEach
    void stopSchedules() {
        clock.setOffset(Duration.ZERO);
        pool.preparedQuery("update report_schedule set enabled = false where tenant_id = $1").execute(Tuple.of(
                tenant)).await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void aReportScheduleMailsEachDirectorOnceWithTheirNumbersAChartAndTheSpreadsheet() throws Exception {
        Response created = admin().body("{\"name\": \"Daily <funnel> & co\", \"report\": \"sales-funnel\", \"cron\":"
                + " \"0 8 * * *\", \"recipients\": {\"roles\": [\"sales_director\", \"finance\"]}}")
                .post(schedules());
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/report-schedules/" + id);
        assertThat((String) created.path("timeZone")).isNull();
        Instant next = Instant.parse(created.path("nextRunAt"));
        // no zone of its own: 08:00 in the tenant's (Asia/Shanghai), the first one after now
        assertThat(next).isEqualTo(nextLocal(Instant.now(), SHANGHAI, LocalTime.of(8, 0)));

        // not due yet: nothing goes out
        assertThat(runner.runDue().await().atMost(Duration.ofSeconds(60))).isZero();
        assertThat(Mails.count()).isZero();

        at(next.plusSeconds(60));
        assertThat(runner.runDue().await().atMost(Duration.ofSeconds(60))).isEqualTo(2);
        assertThat(runner.runDue().await().atMost(Duration.ofSeconds(60))).as("a second run sends nothing").isZero();
        clock.setOffset(Duration.ZERO);

        Map<String, long[]> expected = funnelFromSeedAndReps(null);
        for (String who : List.of("dora", "dirk")) {
            List<Mails.Received> mails = Mails.to(EMAILS.get(who));
            assertThat(mails).as("mails to " + who).hasSize(1);
            Mails.Received m = mails.get(0);
            assertThat(m.subject()).isEqualTo("Daily <funnel> & co");
            assertThat(m.autoSubmitted()).containsExactly("auto-generated");
            // the schedule's name is user data: escaped in the HTML
            assertThat(m.html()).contains("Daily &lt;funnel&gt; &amp; co").doesNotContain("<funnel>");
            assertThat(stageRows(m.rows())).isEqualTo(expected);
            assertThat(m.text()).contains("Sales funnel");
            // the chart: an inline PNG the HTML points at, a real picture
            assertThat(m.inline()).hasSize(1);
            String cid = m.inline().keySet().iterator().next();
            assertThat(m.html()).contains("src=\"cid:" + cid + "\"");
            assertNotBlank(m.inline().get(cid));
            // the spreadsheet: every row, numbers as numbers
            assertThat(m.attachments()).containsOnlyKeys("sales-funnel.xlsx");
            assertThat(xlsxStages(m.attachments().get("sales-funnel.xlsx"))).isEqualTo(expected);
        }
        assertThat(Mails.to(EMAILS.get("fay"))).as("finance may not read opportunities").isEmpty();
        assertThat(Mails.count()).isEqualTo(2);

        Response s = admin().get(schedules() + "/" + id);
        s.then().statusCode(200);
        Map<String, String> statuses = new HashMap<>();
        List<Map<String, Object>> deliveries = s.path("deliveries");
        for (Map<String, Object> d : deliveries) {
            statuses.put((String) d.get("userId"), d.get("status") + (d.get("reason") == null
                    ? ""
                    : " " + d.get(
                            "reason")));
        }
        assertThat(statuses).containsEntry(IDS.get("dora"), "sent").containsEntry(IDS.get("dirk"), "sent")
                .containsEntry(IDS.get("nomail"), "skipped NO_EMAIL")
                .containsEntry(IDS.get("fay"), "skipped ACTION_NOT_ALLOWED").hasSize(4);
        assertThat(Instant.parse(s.path("lastRunAt"))).isAfter(next);
        assertThat(Instant.parse(s.path("nextRunAt"))).as("the next morning, 08:00 in Shanghai").isEqualTo(next
                .plus(1, ChronoUnit.DAYS));
        admin().queryParam("action", "report.schedule.create").get("/api/admin/audit").then().statusCode(200)
                .body("items.targetId", hasItem(id));
    }

    @Test
    void aRepGetsOnlyTheirOwnRowsAndNoSpreadsheetWithoutTheExportRight() throws Exception {
        String id = admin().body("{\"name\": \"Team dashboard\", \"dashboard\": \"sales\", \"cron\": \"0 7 * * 1\","
                + " \"recipients\": {\"users\": [\"" + IDS.get("rita") + "\"], \"roles\": [\"finance\"]},"
                + " \"parameters\": {\"from\": \"-P30D\"}}").post(schedules()).then().statusCode(201).extract()
                .path("id");
        Response run = admin().post(schedules() + "/" + id + "/run");
        assertThat(run.statusCode()).as(run.asString()).isEqualTo(200);
        List<Map<String, Object>> outcomes = run.path("deliveries");
        assertThat(outcomes).extracting(o -> o.get("userId") + " " + o.get("status")).containsExactlyInAnyOrder(IDS
                .get("rita") + " sent", IDS.get("fay") + " sent");

        List<Mails.Received> ritas = Mails.to(EMAILS.get("rita"));
        assertThat(ritas).hasSize(1);
        Mails.Received m = ritas.get(0);
        assertThat(m.subject()).isEqualTo("Team dashboard");
        assertThat(m.html()).contains("Sales funnel").contains("Leaderboard this month").contains("Open quotes");
        // her funnel holds only her two opportunities: none of the seed's (the admin's), none of Ron's
        Map<String, long[]> funnel = stageRows(m.rows().subList(0, 2));
        assertThat(funnel).isEqualTo(funnelFromSeedAndReps("rita"));
        assertThat(m.html()).doesNotContain(IDS.get("ron")).doesNotContain(IDS.get("dora"));
        // a rep may not export opportunities: no spreadsheet, but the charts are there
        assertThat(m.attachments()).isEmpty();
        assertThat(m.inline()).isNotEmpty();
        m.inline().values().forEach(ScheduledReportsTest::assertNotBlank);

        // finance reads quotes but not opportunities: only the open quotes
        List<Mails.Received> fays = Mails.to(EMAILS.get("fay"));
        assertThat(fays).hasSize(1);
        assertThat(fays.get(0).html()).contains("Open quotes").doesNotContain("Sales funnel").doesNotContain(
                "Leaderboard");
        admin().get(schedules() + "/" + id).then().statusCode(200).body("deliveries.find { it.userId == '" + IDS.get(
                "fay") + "' }.reason", equalTo("ITEMS_NOT_READABLE: 4"));
        admin().queryParam("action", "report.schedule.run").get("/api/admin/audit").then().statusCode(200)
                .body("items.targetId", hasItem(id));
    }

    @Test
    void concurrentRunsAndAReplicaThatMissedTheClaimSendOnce() {
        String id = admin().body("{\"name\": \"Race\", \"report\": \"sales-funnel\", \"cron\": \"15 9 * * *\","
                + " \"recipients\": {\"roles\": [\"sales_director\"]}}").post(schedules()).then().statusCode(201)
                .extract().path("id");
        Instant fire = Instant.parse(admin().get(schedules() + "/" + id).path("nextRunAt"));
        at(fire.plusSeconds(5));
        List<Integer> sent = Uni.join().all(runner.runDue(), runner.runDue(), runner.runDue()).andFailFast().await()
                .atMost(Duration.ofSeconds(90));
        assertThat(sent.stream().mapToInt(Integer::intValue).sum()).isEqualTo(2);
        assertThat(Mails.to(EMAILS.get("dora"))).hasSize(1);
        assertThat(Mails.to(EMAILS.get("dirk"))).hasSize(1);

        // a replica that did not see the claim (its clock behind, or a restart) runs the same fire time again
        pool.preparedQuery("update report_schedule set next_run_at = $2 where id = $1").execute(Tuple.of(UUID
                .fromString(id), fire.atOffset(java.time.ZoneOffset.UTC))).await().atMost(Duration.ofSeconds(10));
        assertThat(Uni.join().all(runner.runDue(), runner.runDue()).andFailFast().await().atMost(Duration.ofSeconds(
                60))).containsOnly(0);
        assertThat(Mails.to(EMAILS.get("dora"))).hasSize(1);
        assertThat(Mails.to(EMAILS.get("dirk"))).hasSize(1);
        assertThat(Mails.count()).isEqualTo(2);
        assertThat(sql("select count(*) from report_delivery where schedule_id = $1 and fire_at = $2", UUID.fromString(
                id), fire.atOffset(java.time.ZoneOffset.UTC))).isEqualTo("3");
        assertThat(sql("select next_run_at > $2 from report_schedule where id = $1", UUID.fromString(id), fire
                .atOffset(java.time.ZoneOffset.UTC))).isEqualTo("true");
    }

    @Test
    void nextRunFollowsTheCronInTheScheduleZoneAcrossDaylightSaving() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Instant switchAt = berlin.getRules().nextTransition(Instant.now()).getInstant();
        Response created = admin().body("{\"name\": \"Berlin mornings\", \"report\": \"sales-funnel\", \"cron\":"
                + " \"30 8 * * *\", \"timeZone\": \"Europe/Berlin\", \"recipients\": {\"users\": [\"" + IDS.get("dst")
                + "\"]}}").post(schedules());
        created.then().statusCode(201).body("timeZone", equalTo("Europe/Berlin"));
        String id = created.path("id");
        assertThat(Instant.parse(created.path("nextRunAt"))).isEqualTo(nextLocal(Instant.now(), berlin, LocalTime.of(
                8, 30)));

        // the server was off until two days before the clocks change: the missed mornings go out once
        Instant start = switchAt.minus(2, ChronoUnit.DAYS);
        at(start);
        assertThat(runner.runDue().await().atMost(Duration.ofSeconds(60))).isEqualTo(1);
        List<Instant> fires = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Instant next = Instant.parse(sql("select to_char(next_run_at at time zone 'UTC',"
                    + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') from report_schedule where id = $1", UUID.fromString(id)));
            fires.add(next);
            at(next.plusSeconds(30));
            assertThat(runner.runDue().await().atMost(Duration.ofSeconds(60))).isEqualTo(1);
        }
        assertThat(fires.get(0)).isEqualTo(nextLocal(start, berlin, LocalTime.of(8, 30)));
        for (int i = 0; i < fires.size(); i++) {
            ZonedDateTime local = fires.get(i).atZone(berlin);
            assertThat(local.toLocalTime()).as("fire %d at 08:30 Berlin time", i).isEqualTo(LocalTime.of(8, 30));
            if (i > 0) {
                assertThat(local.toLocalDate()).isEqualTo(fires.get(i - 1).atZone(berlin).toLocalDate().plusDays(1));
            }
        }
        Set<Long> gaps = new HashSet<>();
        for (int i = 1; i < fires.size(); i++) {
            gaps.add(Duration.between(fires.get(i - 1), fires.get(i)).toHours());
        }
        // one of the days is 23 or 25 hours long, and the UTC time of the run moves by an hour
        assertThat(gaps).contains(24L).containsAnyOf(23L, 25L);
        assertThat(fires.get(0).atZone(berlin).getOffset()).isNotEqualTo(fires.get(3).atZone(berlin).getOffset());
        assertThat(Mails.to(EMAILS.get("dst"))).hasSize(5);
    }

    @Test
    void hostileBodiesAreRefusedWithPointersAndChangeNothing() {
        String before = sql("select count(*) || ':' || coalesce(max(updated_at)::text, '') from report_schedule where"
                + " tenant_id = $1", tenant);
        String ok = "\"name\": \"N\", \"report\": \"sales-funnel\", \"cron\": \"0 8 * * *\"";
        String roles = "\"recipients\": {\"roles\": [\"sales_director\"]}";
        Map<String, String[]> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"name\": \"N\", \"report\": \"no-such-report\", \"cron\": \"0 8 * * *\", " + roles + "}",
                new String[]{"422", "/report", "REPORT_NOT_FOUND"});
        cases.put("{\"name\": \"N\", \"dashboard\": \"nope\", \"cron\": \"0 8 * * *\", " + roles + "}", new String[]{
                "422", "/dashboard", "DASHBOARD_NOT_FOUND"});
        cases.put("{\"name\": \"N\", \"report\": \"sales-funnel\", \"dashboard\": \"sales\", \"cron\": \"0 8 * * *\", "
                + roles + "}", new String[]{"422", "/dashboard", "TARGET_AMBIGUOUS"});
        cases.put("{\"name\": \"N\", \"cron\": \"0 8 * * *\", " + roles + "}", new String[]{"422", "/report",
                "REQUIRED"});
        cases.put("{\"name\": \"N\", \"report\": \"../../etc\", \"cron\": \"0 8 * * *\", " + roles + "}", new String[]{
                "422", "/report", "REPORT_NOT_FOUND"});
        for (String cron : List.of("61 8 * * *", "0 25 * * *", "* * *", "0 8 * * * *", "0 8 * * MOON",
                "'; drop table report_schedule; --", "")) {
            cases.put(
                    "{\"name\": \"N\", \"report\": \"sales-funnel\", \"cron\": " + JSON.valueToTree(cron) + ", " + roles
                            + "}",
                    new String[]{"422", "/cron", cron.isEmpty() ? "REQUIRED" : "CRON_INVALID"});
        }
        cases.put("{\"name\": \"N\", \"report\": \"sales-funnel\", \"cron\": \"*/5 * * * *\", " + roles + "}",
                new String[]{"422", "/cron", "CRON_TOO_FREQUENT"});
        cases.put("{" + ok + ", \"timeZone\": \"Mars/Olympus\", " + roles + "}", new String[]{"422", "/timeZone",
                "TIME_ZONE_UNKNOWN"});
        cases.put("{" + ok + ", \"recipients\": {\"users\": [\"" + UUID.randomUUID() + "\"]}}", new String[]{"422",
                "/recipients/users/0", "USER_NOT_FOUND"});
        // a user of another tenant is a user of nothing here
        String defaultAdmin = Api.asAdmin().get("/api/auth/me").path("userId");
        cases.put("{" + ok + ", \"recipients\": {\"users\": [\"" + defaultAdmin + "\"]}}", new String[]{"422",
                "/recipients/users/0", "USER_NOT_FOUND"});
        cases.put("{" + ok + ", \"recipients\": {\"users\": [\"not-an-id\"]}}", new String[]{"422",
                "/recipients/users/0", "NOT_AN_ID"});
        cases.put("{" + ok + ", \"recipients\": {\"roles\": [\"sales_director\", \"no_such_role\"]}}", new String[]{
                "422", "/recipients/roles/1", "ROLE_NOT_FOUND"});
        cases.put("{" + ok + ", \"recipients\": {\"roles\": [\"<script>\"]}}", new String[]{"422",
                "/recipients/roles/0", "ROLE_NOT_FOUND"});
        cases.put("{" + ok + ", \"recipients\": {}}", new String[]{"422", "/recipients", "RECIPIENTS_EMPTY"});
        cases.put("{" + ok + ", \"recipients\": {\"users\": [], \"roles\": []}}", new String[]{"422", "/recipients",
                "RECIPIENTS_EMPTY"});
        cases.put("{" + ok + "}", new String[]{"422", "/recipients", "REQUIRED"});
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= ScheduleInput.MAX_USERS; i++) {
            many.append(i == 0 ? "" : ", ").append('"').append(UUID.randomUUID()).append('"');
        }
        cases.put("{" + ok + ", \"recipients\": {\"users\": [" + many + "]}}", new String[]{"422", "/recipients/users",
                "TOO_MANY"});
        cases.put("{" + ok + ", \"recipients\": {\"roles\": [\"sales_director\"], \"emails\": [\"x@evil.example\"]}}",
                new String[]{"422", "/recipients/emails", "UNKNOWN_PROPERTY"});
        cases.put("{" + ok + ", " + roles + ", \"parameters\": {\"bogus\": \"1\"}}", new String[]{"422",
                "/parameters/bogus", "PARAMETER_UNKNOWN"});
        cases.put("{" + ok + ", " + roles + ", \"parameters\": {\"from\": \"yesterday\"}}", new String[]{"422",
                "/parameters/from", "PARAMETER_INVALID"});
        cases.put("{" + ok + ", " + roles + ", \"parameters\": {\"from\": {\"$gt\": 1}}}", new String[]{"422",
                "/parameters/from", "WRONG_TYPE"});
        cases.put("{" + ok + ", " + roles + ", \"parameters\": [1]}", new String[]{"422", "/parameters",
                "WRONG_TYPE"});
        cases.put("{" + ok + ", " + roles + ", \"enabled\": \"yes\"}", new String[]{"422", "/enabled", "WRONG_TYPE"});
        cases.put("{" + ok + ", " + roles + ", \"tenantId\": \"default\"}", new String[]{"422", "/tenantId",
                "UNKNOWN_PROPERTY"});
        cases.put("{" + ok + ", " + roles + ", \"createdBy\": \"" + UUID.randomUUID() + "\"}", new String[]{"422",
                "/createdBy", "UNKNOWN_PROPERTY"});
        cases.put("{\"name\": \"" + "x".repeat(201) + "\", \"report\": \"sales-funnel\", \"cron\": \"0 8 * * *\", "
                + roles + "}", new String[]{"422", "/name", "TOO_LONG"});
        cases.put("{\"name\": \"a\\u0007b\", \"report\": \"sales-funnel\", \"cron\": \"0 8 * * *\", " + roles + "}",
                new String[]{"422", "/name", "CONTROL_CHARACTER"});
        cases.put("{\"name\": \"a\\u0000b\", \"report\": \"sales-funnel\", \"cron\": \"0 8 * * *\", " + roles + "}",
                new String[]{"400", "/name", "VALUE_HAS_NUL"});
        cases.put("{" + ok + ", " + roles + ", \"name\": \"twice\"}", new String[]{"400", "", "BODY_DUPLICATE_KEY"});
        cases.put("{" + ok, new String[]{"400", "", "BODY_MALFORMED"});
        cases.put("[]", new String[]{"400", "", "BODY_NOT_OBJECT"});
        List<String> failures = new ArrayList<>();
        for (var c : cases.entrySet()) {
            Response r = admin().body(c.getKey()).post(schedules());
            String[] want = c.getValue();
            List<String> pointers = r.statusCode() >= 400 ? r.path("errors.pointer") : List.of();
            List<String> codes = r.statusCode() >= 400 ? r.path("errors.code") : List.of();
            if (r.statusCode() != Integer.parseInt(want[0]) || !r.contentType().startsWith("application/problem+json")
                    || pointers == null || !pointers.contains(want[1]) || !codes.get(pointers.indexOf(want[1]))
                            .equals(want[2])) {
                failures.add(abbreviate(c.getKey()) + " answered " + r.statusCode() + " " + abbreviate(r.asString()));
            }
        }
        assertThat(failures).isEmpty();
        // a PATCH is checked the same way and changes nothing either
        String id = admin().body("{" + ok + ", " + roles + "}").post(schedules()).then().statusCode(201).extract()
                .path("id");
        String stored = admin().get(schedules() + "/" + id).then().statusCode(200).extract().asString();
        for (String[] c : new String[][]{{"{\"cron\": \"0 0 31 2 *\"}", "/cron"}, {"{\"report\": \"nope\"}",
                "/report"}, {"{\"parameters\": {\"owner\": \"not-an-id\"}}", "/parameters/owner"},
                {"{\"recipients\": {\"roles\": []}}", "/recipients"}, {"{\"enabled\": null}", "/enabled"},
                {"{\"id\": \"" + UUID.randomUUID() + "\"}", "/id"}}) {
            admin().body(c[0]).patch(schedules() + "/" + id).then().statusCode(422).contentType(
                    "application/problem+json").body("errors.pointer", hasItem(c[1]));
        }
        assertThat(admin().get(schedules() + "/" + id).asString()).isEqualTo(stored);
        admin().delete(schedules() + "/" + id).then().statusCode(204);
        assertThat(sql("select count(*) || ':' || coalesce(max(updated_at)::text, '') from report_schedule where"
                + " tenant_id = $1", tenant)).isEqualTo(before);
        assertThat(Mails.count()).isZero();
    }

    @Test
    void onlyTheTenantsAdminsManageSchedulesAndOtherTenantsIdsAreNotFound() {
        String id = admin().body("{\"name\": \"Mine\", \"report\": \"sales-funnel\", \"cron\": \"0 8 * * 5\","
                + " \"recipients\": {\"users\": [\"" + IDS.get("dora") + "\"]}}").post(schedules()).then()
                .statusCode(201).extract().path("id");
        RequestSpecification rep = as("rita");
        rep.get(schedules()).then().statusCode(403).contentType("application/problem+json").body("code", equalTo(
                "ADMIN_ONLY"));
        as("dora").body("{\"name\": \"X\", \"report\": \"sales-funnel\", \"cron\": \"0 8 * * *\", \"recipients\":"
                + " {\"users\": [\"" + IDS.get("dora") + "\"]}}").post(schedules()).then().statusCode(403);
        as("dora").get(schedules() + "/" + id).then().statusCode(403);
        as("dora").body("{\"enabled\": false}").patch(schedules() + "/" + id).then().statusCode(403);
        as("dora").post(schedules() + "/" + id + "/run").then().statusCode(403);
        as("dora").delete(schedules() + "/" + id).then().statusCode(403);
        // the default tenant's admin: the id is not found, the list does not show it
        RequestSpecification other = Api.asAdmin();
        other.get(schedules() + "/" + id).then().statusCode(404).body("code", equalTo("SCHEDULE_NOT_FOUND"));
        Api.asAdmin().body("{\"enabled\": false}").patch(schedules() + "/" + id).then().statusCode(404);
        Api.asAdmin().post(schedules() + "/" + id + "/run").then().statusCode(404);
        Api.asAdmin().delete(schedules() + "/" + id).then().statusCode(404);
        assertThat(Api.asAdmin().get(schedules()).then().statusCode(200).extract().asString()).doesNotContain(id);
        // unknown apps and ids
        admin().get("/api/apps/no-such-app/report-schedules").then().statusCode(404).body("code", equalTo(
                "APP_NOT_FOUND"));
        admin().get("/api/apps/lab/report-schedules/" + id).then().statusCode(404);
        admin().get(schedules() + "/not-a-uuid").then().statusCode(404);
        admin().get(schedules() + "/" + id).then().statusCode(200).body("enabled", equalTo(true));
        assertThat(Mails.count()).isZero();
    }

    @Test
    void schedulesAreChangedDisabledAndDeletedWithAuditEntries() {
        String id = admin().body("{\"name\": \"Weekly\", \"report\": \"sales-funnel\", \"cron\": \"0 8 * * 1\","
                + " \"recipients\": {\"roles\": [\"sales_director\"]}}").post(schedules()).then().statusCode(201)
                .extract().path("id");
        admin().get(schedules()).then().statusCode(200).body("items.id", hasItem(id));
        Response changed = admin().body("{\"cron\": \"30 17 * * 5\", \"timeZone\": \"America/New_York\","
                + " \"parameters\": {\"from\": \"startOfYear\"}}").patch(schedules() + "/" + id);
        changed.then().statusCode(200).body("cron", equalTo("30 17 * * 5")).body("parameters.from", equalTo(
                "startOfYear"));
        ZoneId ny = ZoneId.of("America/New_York");
        Instant next = Instant.parse(changed.path("nextRunAt"));
        assertThat(next.atZone(ny).toLocalTime()).isEqualTo(LocalTime.of(17, 30));
        assertThat(next.atZone(ny).getDayOfWeek()).isEqualTo(java.time.DayOfWeek.FRIDAY);
        assertThat(next).isAfter(Instant.now()).isBefore(Instant.now().plus(8, ChronoUnit.DAYS));
        // switched to the dashboard, then off: a disabled schedule does not run
        admin().body("{\"dashboard\": \"management\", \"parameters\": {}, \"enabled\": false}").patch(schedules() + "/"
                + id).then().statusCode(200).body("dashboard", equalTo("management")).body("nextRunAt", equalTo(null));
        at(next.plus(7, ChronoUnit.DAYS));
        assertThat(runner.runDue().await().atMost(Duration.ofSeconds(60))).isZero();
        clock.setOffset(Duration.ZERO);
        admin().delete(schedules() + "/" + id).then().statusCode(204);
        admin().get(schedules() + "/" + id).then().statusCode(404);
        for (String action : List.of("report.schedule.create", "report.schedule.update", "report.schedule.delete")) {
            admin().queryParam("action", action).get("/api/admin/audit").then().statusCode(200).body("items.targetId",
                    hasItem(id));
        }
        assertThat(Mails.count()).isZero();
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Per stage: count, expected amount and distinct customers, from the seed files and the reps'
     * records.
     */
    private static Map<String, long[]> funnelFromSeedAndReps(String onlyOwner) throws Exception {
        Map<String, Long> count = new TreeMap<>();
        Map<String, BigDecimal> amount = new TreeMap<>();
        Map<String, Set<String>> customers = new TreeMap<>();
        if (onlyOwner == null) {
            JsonNode seed = JSON.readTree(Files.readString(new File("../apps/trade-crm/seed/04-opportunity.json")
                    .toPath()));
            for (JsonNode o : seed) {
                // the funnel's amount adds up the deals in its currency parameter, USD by default
                boolean usd = !o.has("currency") || o.get("currency").asText().equals("USD");
                add(count, amount, customers, o.get("stage").asText(), o.get("quantity").asLong(), usd
                        ? new BigDecimal(o.get("targetPrice").asText())
                        : BigDecimal.ZERO, o.get("customer").get("$ref").asText());
            }
        }
        for (String[] o : MADE) {
            if (onlyOwner == null || onlyOwner.equals(o[0])) {
                add(count, amount, customers, o[1], Long.parseLong(o[2]), new BigDecimal(o[3]), o[4]);
            }
        }
        Map<String, long[]> out = new TreeMap<>();
        count.forEach((stage, n) -> out.put(stage, new long[]{n, amount.get(stage).longValueExact(), customers.get(
                stage).size()}));
        return out;
    }

    private static void add(Map<String, Long> count, Map<String, BigDecimal> amount, Map<String, Set<String>> customers,
            String stage, long qty, BigDecimal price, String customer) {
        count.merge(stage, 1L, Long::sum);
        amount.merge(stage, price.multiply(BigDecimal.valueOf(qty)), BigDecimal::add);
        customers.computeIfAbsent(stage, k -> new HashSet<>()).add(customer);
    }

    /** The funnel table rows of an email: stage → count, amount, customers. */
    private static Map<String, long[]> stageRows(List<List<String>> rows) {
        DecimalFormat f = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
        Map<String, long[]> out = new TreeMap<>();
        for (List<String> r : rows) {
            try {
                out.put(r.get(0), new long[]{f.parse(r.get(1)).longValue(), f.parse(r.get(2)).longValue(), f.parse(r
                        .get(3)).longValue()});
            } catch (java.text.ParseException e) {
                throw new AssertionError("not a number in " + r, e);
            }
        }
        return new TreeMap<>(out) {
            @Override
            public boolean equals(Object o) {
                return o instanceof Map<?, ?> m && m.size() == size() && entrySet().stream().allMatch(e -> m.get(e
                        .getKey()) instanceof long[] v && java.util.Arrays.equals(v, e.getValue()));
            }

            @Override
            public String toString() {
                StringBuilder sb = new StringBuilder();
                forEach((k, v) -> sb.append(k).append('=').append(java.util.Arrays.toString(v)).append(' '));
                return sb.toString();
            }
        };
    }

    private static Map<String, long[]> xlsxStages(byte[] xlsx) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            List<Row> sheet = wb.getFirstSheet().read();
            assertThat(sheet.get(0).getCellText(0)).isEqualTo("Stage");
            for (Row r : sheet.subList(1, sheet.size())) {
                rows.add(List.of(r.getCellText(0), whole(r.getCell(1).asNumber()), whole(r.getCell(2).asNumber()),
                        whole(r.getCell(3).asNumber())));
            }
        }
        return stageRows(rows);
    }

    private static String whole(BigDecimal d) {
        return d.toBigIntegerExact().toString();
    }

    static void assertNotBlank(byte[] png) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(img).as("a PNG image").isNotNull();
            assertThat(img.getWidth()).isGreaterThan(100);
            Set<Integer> colours = new HashSet<>();
            int ink = 0;
            for (int x = 0; x < img.getWidth(); x += 2) {
                for (int y = 0; y < img.getHeight(); y += 2) {
                    int rgb = img.getRGB(x, y) & 0xFFFFFF;
                    colours.add(rgb);
                    if (rgb != 0xFFFFFF) {
                        ink++;
                    }
                }
            }
            assertThat(colours.size()).as("distinct colours").isGreaterThan(3);
            assertThat(ink).as("pixels drawn").isGreaterThan(500);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The first {@code time} in {@code zone} strictly after {@code after}. */
    private static Instant nextLocal(Instant after, ZoneId zone, LocalTime time) {
        ZonedDateTime z = after.atZone(zone);
        ZonedDateTime candidate = z.toLocalDate().atTime(time).atZone(zone);
        if (!candidate.toInstant().isAfter(after)) {
            candidate = z.toLocalDate().plusDays(1).atTime(time).atZone(zone);
        }
        return candidate.toInstant();
    }

    /** Moves the runtime clock to {@code when}. */
    private void at(Instant when) {
        clock.setOffset(Duration.between(Instant.now(), when));
    }

    private String sql(String sql, Object... args) {
        var rows = pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(Duration.ofSeconds(30));
        Object v = rows.iterator().next().getValue(0);
        return v == null ? null : v.toString();
    }

    private static String schedules() {
        return "/api/apps/trade-crm/report-schedules";
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + adminToken).contentType("application/json");
    }

    private static RequestSpecification as(String who) {
        return given().header("Authorization", "Bearer " + TOKENS.get(who)).contentType("application/json");
    }

    private static String token(String username) {
        return given().contentType("application/json").body(Map.of("username", username, "password", PASSWORD,
                "tenant", tenant)).post("/api/auth/token").then().statusCode(200).extract().path("access_token");
    }

    private static void person(String name, String role, boolean email) {
        Map<String, Object> body = new HashMap<>();
        body.put("username", name);
        body.put("displayName", name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1));
        body.put("password", PASSWORD);
        body.put("roles", List.of(role));
        if (email) {
            EMAILS.put(name, name + "@" + tenant + ".example");
            body.put("email", EMAILS.get(name));
        }
        IDS.put(name, admin().body(body).post("/api/admin/users").then().statusCode(201).extract().path("id"));
        TOKENS.put(name, token(name));
    }

    private static String customer(String who, String company, String country) {
        return as(who).body(Map.of("company", company, "country", country)).post(
                "/api/apps/trade-crm/forms/customer/records").then().statusCode(201).extract().path("id");
    }

    private static void opportunity(String who, String customer, String stage, int qty, String price) {
        as(who).body(Map.of("title", who + " " + stage, "customer", customer, "quantity", qty, "targetPrice",
                new BigDecimal(price), "stage", stage)).post("/api/apps/trade-crm/forms/opportunity/records").then()
                .statusCode(201);
        MADE.add(new String[]{who, stage, Integer.toString(qty), price, customer});
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
