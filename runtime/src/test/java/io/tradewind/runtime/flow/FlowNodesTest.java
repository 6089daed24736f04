package io.tradewind.runtime.flow;

import static io.tradewind.runtime.flow.FlowFixture.USERS;
import static io.tradewind.runtime.flow.FlowFixture.act;
import static io.tradewind.runtime.flow.FlowFixture.as;
import static io.tradewind.runtime.flow.FlowFixture.assertStatus;
import static io.tradewind.runtime.flow.FlowFixture.count;
import static io.tradewind.runtime.flow.FlowFixture.press;
import static io.tradewind.runtime.flow.FlowFixture.record;
import static io.tradewind.runtime.flow.FlowFixture.request;
import static io.tradewind.runtime.flow.FlowFixture.taskOf;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.job.JobHandler;
import io.tradewind.runtime.job.Jobs;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The other nodes and the triggers: record created / updated with {@code changed()}, delays,
 * deadlines (auto-approve, escalate, remind) with the test clock instead of sleeping, fill-in
 * tasks, parallel split and join, sub-flows, scripts, a failing step and its retry, schedules and
 * relative dates.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class FlowNodesTest {
    @Inject
    Pool pool;
    @Inject
    Jobs jobs;
    @Inject
    TradewindClock clock;
    @Inject
    @Any
    Instance<JobHandler> handlers;

    @BeforeEach
    void people() {
        FlowFixture.setUp(pool, jobs, handlers.stream().toList());
    }

    @AfterEach
    void realTime() {
        clock.setOffset(java.time.Duration.ZERO);
    }

    private void drain() {
        FlowFixture.drain(pool, clock);
    }

    private long logs(String text) {
        return count(pool, "select count(*) from record where app_key = 'flowlab' and form_key = 'log' and data ->>"
                + " 'text' = $1", text);
    }

    private long notes(String user, String containing) {
        return count(pool, "select count(*) from notification where user_id = $1 and position($2 in title) > 0",
                USERS.get(user), containing);
    }

    @Test
    void recordCreatedStartsOnlyWhenTheConditionHolds() {
        String big = request("staff", Map.of("title", "Big one " + UUID.randomUUID(), "amount", 5000));
        String small = request("staff", Map.of("title", "Small one", "amount", 10));
        drain();
        assertEquals(1, record(big).get("counter"));
        assertNull(record(small).get("counter"));
        String title = (String) record(big).get("title");
        assertEquals(1, notes("m1", "Big request " + title));
        assertEquals(1, count(pool, "select count(*) from flow_instance where flow_key = 'big-request' and record_id ="
                + " $1 and status = 'completed'", UUID.fromString(big)));
        // the job ran once: running the queue again starts nothing more
        drain();
        assertEquals(1, count(pool, "select count(*) from flow_instance where flow_key = 'big-request' and record_id ="
                + " $1", UUID.fromString(big)));
    }

    @Test
    void recordUpdatedSeesWhatChanged() {
        String req = request("staff", Map.of("title", "Moves around", "amount", 10));
        as("staff").body(Map.of("region", "EU-" + req.substring(0, 4))).patch(FlowFixture.REQUESTS + "/" + req).then()
                .statusCode(200);
        as("staff").body(Map.of("title", "Moves around more")).patch(FlowFixture.REQUESTS + "/" + req).then()
                .statusCode(200);
        drain();
        assertEquals(1, logs("region EU-" + req.substring(0, 4)));
        assertEquals(1, count(pool, "select count(*) from flow_instance where flow_key = 'region-changed' and"
                + " record_id = $1", UUID.fromString(req)));
    }

    @Test
    void aDelayWaitsForTheClock() {
        String req = request("staff", Map.of("title", "Later", "amount", 10));
        String inst = press("staff", req, "pause").statusCode(201).body("waitingAt[0].node", equalTo("hold"))
                .extract().path("id");
        drain();
        assertNull(record(req).get("counter"));
        FlowFixture.clock("PT3H");
        drain();
        assertEquals(2, record(req).get("counter"));
        assertStatus("completed", inst);
    }

    @Test
    void deadlinesApproveEscalateAndRemind() {
        String a = request("staff", Map.of("title", "Quiet", "amount", 10));
        String auto = press("staff", a, "deadline-auto").statusCode(201).extract().path("id");
        String b = request("staff", Map.of("title", "Escalating", "amount", 10));
        String esc = press("staff", b, "deadline-escalate").statusCode(201).extract().path("id");
        String c = request("staff", Map.of("title", "Nagging", "amount", 10));
        String nag = press("staff", c, "deadline-remind").statusCode(201).extract().path("id");
        drain();
        assertStatus("running", auto);
        FlowFixture.clock("PT2H");
        drain();
        assertStatus("approved", auto);
        Map<String, Object> view = Api.asAdmin().get("/api/flow-instances/" + auto).then().statusCode(200)
                .extract().path("");
        assertEquals("approved", ((Map<String, Object>) ((Map<String, Object>) view.get("outputs")).get("quiet"))
                .get("outcome"));
        // a day later: the director has the escalated task, m1 a reminder
        long before = notes("m1", "overdue");
        FlowFixture.clock("PT25H");
        drain();
        String dTask = taskOf("d1", esc);
        assertEquals(before + 1, notes("m1", "overdue"));
        act("d1", dTask, "approve", Map.of()).statusCode(200).body("instance.status", equalTo("approved"));
        // the reminder repeats every day until someone decides
        FlowFixture.clock("PT49H");
        drain();
        assertEquals(before + 2, notes("m1", "overdue"));
        act("m1", taskOf("m1", nag), "approve", Map.of()).statusCode(200);
        FlowFixture.clock("PT73H");
        drain();
        assertEquals(before + 2, notes("m1", "overdue"));
    }

    @Test
    void aFillInTaskChecksItsFields() {
        String req = request("staff", Map.of("title", "Needs details", "amount", 10));
        String inst = press("staff", req, "fill-in").statusCode(201).extract().path("id");
        String task = taskOf("staff", inst);
        act("staff", task, "complete", Map.of("data", Map.of("region", "APAC"))).statusCode(422)
                .body("errors[0].pointer", equalTo("/data/note"));
        act("staff", task, "complete", Map.of("data", Map.of("note", "x", "amount", 5))).statusCode(422)
                .body("errors[0].code", equalTo("FIELD_NOT_IN_TASK"));
        act("staff", task, "complete", Map.of("data", Map.of("note", "x", "region", "this region name is far too"
                + " long"))).statusCode(422);
        assertNull(record(req).get("note"));
        act("staff", task, "complete", Map.of("data", Map.of("note", "Two units", "region", "APAC")))
                .statusCode(200).body("instance.status", equalTo("completed"));
        assertEquals("Two units", record(req).get("note"));
        assertEquals("APAC", record(req).get("region"));
    }

    @Test
    void parallelBranchesJoin() {
        String title = "Split " + UUID.randomUUID().toString().substring(0, 6);
        String req = request("staff", Map.of("title", title, "amount", 10));
        String inst = press("staff", req, "split").statusCode(201).extract().path("id");
        assertEquals(1, logs("left " + title));
        assertEquals(0, logs("joined left " + title));
        act("m1", taskOf("m1", inst), "approve", Map.of()).statusCode(200).body("instance.status", equalTo(
                "completed"));
        assertEquals(1, logs("joined left " + title));
    }

    @Test
    void aSubflowRunsAndTheParentGoesOn() {
        String req = request("staff", Map.of("title", "Nested", "amount", 10));
        String inst = press("staff", req, "parent").statusCode(201).body("status", equalTo("completed")).extract()
                .path("id");
        assertEquals(17, record(req).get("counter"));
        assertEquals(1, count(pool, "select count(*) from flow_instance where parent_id = $1 and flow_key = 'child'"
                + " and status = 'completed'", UUID.fromString(inst)));
    }

    @Test
    void aScriptComputesAnOutput() {
        String req = request("staff", Map.of("title", "one two three", "amount", 21.5));
        press("staff", req, "scripted").statusCode(201).body("status", equalTo("completed"))
                .body("outputs.calc.words", equalTo(3));
        assertEquals(43.0, ((Number) record(req).get("amount")).doubleValue());
        assertEquals(3, record(req).get("counter"));
    }

    @Test
    void aFailedStepKeepsWhatCameBeforeAndCanBeRetried() {
        String req = request("staff", Map.of("title", "Doomed", "amount", 10));
        Map<String, Object> failed = press("staff", req, "faulty").statusCode(201).body("status", equalTo("failed"))
                .extract().path("");
        String inst = (String) failed.get("id");
        assertTrue(((String) failed.get("error")).startsWith("RECORD_INVALID"), (String) failed.get("error"));
        assertEquals("before the failure", record(req).get("note"));
        assertNull(record(req).get("counter"));
        // admins hear of it, and only they may retry
        assertTrue(count(pool, "select count(*) from notification n join user_role r on r.user_id = n.user_id and"
                + " r.role_key = 'admin' where n.kind = 'incident' and n.link ->> 'instance' = $1", inst) > 0);
        as("staff").body("{}").post("/api/flow-instances/" + inst + "/actions/retry").then().statusCode(403);
        Api.asAdmin().body(Map.of("counter", 5)).patch(FlowFixture.REQUESTS + "/" + req).then().statusCode(200);
        Api.asAdmin().body("{}").post("/api/flow-instances/" + inst + "/actions/retry").then().statusCode(200)
                .body("status", equalTo("completed"));
        assertEquals(6, record(req).get("counter"));
        Api.asAdmin().body("{}").post("/api/flow-instances/" + inst + "/actions/retry").then().statusCode(409);
    }

    @Test
    void aScheduleFiresInTheTenantsTimeAndPlansTheNextTime() {
        request("staff", Map.of("title", "Still a draft", "amount", 10));
        long before = count(pool, "select count(*) from flow_instance where flow_key = 'nightly'");
        // the next 02:00 UTC is at most a day away
        FlowFixture.clock("P1D");
        drain();
        long after = count(pool, "select count(*) from flow_instance where flow_key = 'nightly' and status ="
                + " 'completed'");
        assertEquals(before + 1, after);
        assertTrue(count(pool, "select count(*) from record where form_key = 'log' and data ->> 'text' like"
                + " 'nightly %'") >= 1);
        // the next night is planned, once
        assertEquals(1, count(pool, "select count(*) from job where kind = 'flow.schedule' and status = 'pending'"
                + " and payload ->> 'flow' = 'nightly'"));
    }

    @Test
    void aRelativeDateRemindsTheOwnerTheDayBefore() {
        LocalDate due = LocalDate.now(ZoneOffset.UTC).plusDays(3);
        String title = "Due " + UUID.randomUUID().toString().substring(0, 6);
        String req = request("staff", Map.of("title", title, "amount", 10, "dueDate", due.toString()));
        drain();
        assertEquals(0, notes("staff", title + " is due"));
        // moved: the old timer no longer fires, the new one does
        as("staff").body(Map.of("dueDate", due.plusDays(1).toString())).patch(FlowFixture.REQUESTS + "/" + req)
                .then().statusCode(200);
        drain();
        FlowFixture.clock("P3D");
        drain();
        assertEquals(0, notes("staff", title + " is due"));
        FlowFixture.clock("P4D");
        drain();
        assertEquals(1, notes("staff", title + " is due on " + due.plusDays(1)));
    }
}
