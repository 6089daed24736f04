package io.tradewind.runtime.flow;

import static io.tradewind.runtime.flow.FlowFixture.USERS;
import static io.tradewind.runtime.flow.FlowFixture.act;
import static io.tradewind.runtime.flow.FlowFixture.as;
import static io.tradewind.runtime.flow.FlowFixture.assertStatus;
import static io.tradewind.runtime.flow.FlowFixture.instance;
import static io.tradewind.runtime.flow.FlowFixture.press;
import static io.tradewind.runtime.flow.FlowFixture.record;
import static io.tradewind.runtime.flow.FlowFixture.request;
import static io.tradewind.runtime.flow.FlowFixture.taskOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tradewind.runtime.job.JobHandler;
import io.tradewind.runtime.job.Jobs;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Approvals through the API: who gets a task, what each action does, what is refused (and that a
 * refused action changes nothing), the modes any-of, all-of, ratio, sequential and manager chain,
 * four-eyes, and the history an instance keeps.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class FlowApprovalsTest {
    @Inject
    Pool pool;
    @Inject
    Jobs jobs;
    @Inject
    @Any
    Instance<JobHandler> handlers;

    @BeforeEach
    void people() {
        FlowFixture.setUp(pool, jobs, handlers.stream().toList());
    }

    private static String submit(String flow) {
        String req = request("staff", Map.of("title", "Laptop for " + flow, "amount", 1200));
        return press("staff", req, flow).statusCode(201).extract().path("id");
    }

    private static Set<String> assignees(String instance) {
        List<Map<String, Object>> open = io.tradewind.runtime.testing.Api.asAdmin().get("/api/flow-instances/"
                + instance).then().statusCode(200).extract().path("openTasks");
        return open.stream().map(t -> (String) ((Map<String, Object>) t.get("assignee")).get("username")).collect(
                Collectors.toSet());
    }

    @Test
    void anyOfApprovalMovesTheRecordAndKeepsTheHistory() {
        String req = request("staff", Map.of("title", "Trade fair booth", "amount", 8000));
        Map<String, Object> started = press("staff", req, "approve-any").statusCode(201)
                .body("status", equalTo("running")).body("waitingAt[0].node", equalTo("review"))
                .extract().path("");
        String inst = (String) started.get("id");
        assertEquals("pending", record(req).get("status"));
        assertEquals(Set.of("fl-m1", "fl-m2", "fl-m3"), assignees(inst));

        // the task list shows the record's title
        List<Map<String, Object>> tasks = as("m2").get("/api/tasks").then().statusCode(200).extract().path("items");
        Map<String, Object> mine = tasks.stream().filter(t -> inst.equals(t.get("instance"))).findFirst()
                .orElseThrow();
        assertEquals("Trade fair booth", ((Map<String, Object>) mine.get("record")).get("summary"));
        assertTrue(((List<String>) mine.get("actions")).containsAll(List.of("approve", "reject", "return")));

        String m2task = (String) mine.get("id");
        String m1task = taskOf("m1", inst);
        act("m2", m2task, "approve", Map.of("comment", "Good value")).statusCode(200)
                .body("instance.status", equalTo("approved")).body("task.outcome", equalTo("approved"));
        Map<String, Object> data = record(req);
        assertEquals("approved", data.get("status"));
        assertEquals(USERS.get("m2").toString(), data.get("reviewer"));

        // acting twice, or on a task the decision closed, is refused and changes nothing
        act("m2", m2task, "approve", Map.of()).statusCode(409).body("code", equalTo("TASK_CLOSED"));
        act("m1", m1task, "reject", Map.of("comment", "late")).statusCode(409).body("code", equalTo("TASK_CLOSED"));
        assertStatus("approved", inst);
        assertEquals("approved", record(req).get("status"));

        Map<String, Object> view = instance("staff", inst);
        List<Map<String, Object>> history = (List<Map<String, Object>>) view.get("history");
        List<String> actions = history.stream().map(h -> (String) h.get("action")).toList();
        assertEquals(List.of("start", "update", "assigned", "approve", "approved", "update", "end"), actions);
        Map<String, Object> approval = history.get(3);
        assertEquals("fl-m2", ((Map<String, Object>) approval.get("actor")).get("username"));
        assertEquals("Good value", approval.get("comment"));
        assertEquals("review", approval.get("node"));
        assertEquals("fl-staff", ((Map<String, Object>) view.get("submitter")).get("username"));
        // the director is copied on the outcome
        List<Map<String, Object>> notes = as("d1").get("/api/notifications").then().statusCode(200).extract().path(
                "items");
        assertTrue(notes.stream().anyMatch(n -> ((String) n.get("title")).contains("was approved")
                && inst.equals(((Map<String, Object>) n.get("link")).get("instance"))));
    }

    @Test
    void refusedActionsChangeNothing() {
        String inst = submit("approve-any");
        String task = taskOf("m1", inst);
        // not the assignee
        act("m2", task, "approve", Map.of()).statusCode(403).body("code", equalTo("TASK_NOT_YOURS"));
        act("staff", task, "approve", Map.of()).statusCode(403);
        // reject needs a comment here
        act("m1", task, "reject", Map.of()).statusCode(422).body("code", equalTo("COMMENT_REQUIRED"))
                .body("errors[0].pointer", equalTo("/comment"));
        // an action the node does not offer, a bad body, a task that does not exist
        act("m1", task, "fly", Map.of()).statusCode(409).body("code", equalTo("ACTION_NOT_OFFERED"));
        act("m1", task, "approve", Map.of("comment", 5)).statusCode(422).body("errors[0].pointer", equalTo(
                "/comment"));
        act("m1", task, "approve", Map.of("cmment", "x")).statusCode(422).body("errors[0].code", equalTo(
                "UNKNOWN_PROPERTY"));
        act("m1", "not-a-task", "approve", Map.of()).statusCode(404);
        act("m1", java.util.UUID.randomUUID().toString(), "approve", Map.of()).statusCode(404);
        act("m1", task, "approve", Map.of("comment", "x".repeat(2001))).statusCode(422).body("errors[0].code",
                equalTo("TOO_LONG"));
        assertStatus("running", inst);
        assertEquals(Set.of("fl-m1", "fl-m2", "fl-m3"), assignees(inst));
        // someone not involved cannot see the instance
        as("staff2").get("/api/flow-instances/" + inst).then().statusCode(404);
        // now a real rejection with a comment: the submitter hears why
        act("m1", task, "reject", Map.of("comment", "Budget is frozen")).statusCode(200)
                .body("instance.status", equalTo("rejected"));
        List<Map<String, Object>> notes = as("staff").get("/api/notifications?unread=true").then().statusCode(200)
                .extract().path("items");
        assertTrue(notes.stream().anyMatch(n -> ((String) n.get("title")).contains("was rejected: Budget is frozen")),
                notes.toString());
    }

    @Test
    void fourEyesLeavesOutTheSubmitter() {
        // m3 is a manager and staff: their own request goes to the other managers only
        String req = request("m3", Map.of("title", "My own laptop", "amount", 900));
        String inst = press("m3", req, "approve-any").statusCode(201).extract().path("id");
        assertEquals(Set.of("fl-m1", "fl-m2"), assignees(inst));
    }

    @Test
    void returnToTheSubmitterAndResubmit() {
        String inst = submit("approve-any");
        String task = taskOf("m2", inst);
        act("m2", task, "return", Map.of("returnTo", "nowhere", "comment", "?")).statusCode(422).body("code",
                equalTo("RETURN_TARGET_INVALID"));
        act("m2", task, "return", Map.of("returnTo", "submitter", "comment", "Add the quote")).statusCode(200)
                .body("instance.openTasks[0].kind", equalTo("resubmit"));
        assertEquals(Set.of("fl-staff"), assignees(inst));
        String back = taskOf("staff", inst);
        act("staff", back, "resubmit", Map.of("comment", "Quote attached")).statusCode(200)
                .body("instance.status", equalTo("running"));
        assertEquals(Set.of("fl-m1", "fl-m2", "fl-m3"), assignees(inst));
    }

    @Test
    void transferAndAddedSigners() {
        String inst = submit("approve-any");
        String m1 = taskOf("m1", inst);
        act("m1", m1, "transfer", Map.of("to", USERS.get("m1").toString())).statusCode(422).body("code", equalTo(
                "TRANSFER_TO_SELF"));
        act("m1", m1, "transfer", Map.of("to", USERS.get("d1").toString(), "comment", "You know this one"))
                .statusCode(200).body("task.outcome", equalTo("transferred"));
        String d1 = taskOf("d1", inst);
        // a signer before: d1 waits until m1... here d1 adds m1 before themselves
        act("d1", d1, "addSignerBefore", Map.of("to", USERS.get("m1").toString())).statusCode(200);
        act("d1", d1, "approve", Map.of()).statusCode(409).body("code", equalTo("TASK_CLOSED"))
                .body("detail", containsString("signer added before"));
        String m1again = taskOf("m1", inst);
        act("m1", m1again, "approve", Map.of()).statusCode(200).body("instance.status", equalTo("running"));
        act("d1", d1, "approve", Map.of()).statusCode(200).body("instance.status", equalTo("approved"));
        List<String> actions = ((List<Map<String, Object>>) instance("staff", inst).get("history")).stream().map(
                h -> (String) h.get("action")).toList();
        assertTrue(actions.containsAll(List.of("transfer", "addSignerBefore", "approved")), actions.toString());
    }

    @Test
    void signerAfterMustAlsoApprove() {
        String inst = submit("approve-any");
        String m1 = taskOf("m1", inst);
        act("m1", m1, "addSignerAfter", Map.of("to", USERS.get("d1").toString())).statusCode(200);
        act("m1", m1, "approve", Map.of()).statusCode(200).body("instance.status", equalTo("running"));
        act("d1", taskOf("d1", inst), "approve", Map.of()).statusCode(200).body("instance.status", equalTo(
                "approved"));
    }

    @Test
    void withdrawOnlyBeforeAnyoneActedAndUrge() {
        String inst = submit("approve-any");
        as("m1").body("{}").post("/api/flow-instances/" + inst + "/actions/withdraw").then().statusCode(403)
                .body("code", equalTo("SUBMITTER_ONLY"));
        as("staff").body(Map.of("comment", "Please look today")).post("/api/flow-instances/" + inst + "/actions/urge")
                .then().statusCode(200);
        as("staff").body("{}").post("/api/flow-instances/" + inst + "/actions/urge").then().statusCode(409)
                .body("code", equalTo("URGE_TOO_SOON"));
        List<Map<String, Object>> notes = as("m3").get("/api/notifications").then().statusCode(200).extract().path(
                "items");
        assertTrue(notes.stream().anyMatch(n -> ((String) n.get("title")).contains("Please look today")));
        as("staff").body("{}").post("/api/flow-instances/" + inst + "/actions/withdraw").then().statusCode(200)
                .body("status", equalTo("withdrawn")).body("openTasks.size()", equalTo(0));
        act("m1", FlowFixture.lastTask(pool, "m1", inst), "approve", Map.of()).statusCode(409);

        String acted = submit("approve-any");
        act("m1", taskOf("m1", acted), "addSignerAfter", Map.of("to", USERS.get("d1").toString())).statusCode(200);
        act("m1", taskOf("m1", acted), "approve", Map.of()).statusCode(200);
        as("staff").body("{}").post("/api/flow-instances/" + acted + "/actions/withdraw").then().statusCode(409)
                .body("code", equalTo("WITHDRAW_TOO_LATE"));
    }

    @Test
    void allOfNeedsEveryManager() {
        String inst = submit("approve-all");
        act("m1", taskOf("m1", inst), "approve", Map.of()).statusCode(200).body("instance.status", equalTo("running"));
        act("m2", taskOf("m2", inst), "approve", Map.of()).statusCode(200).body("instance.status", equalTo("running"));
        act("m3", taskOf("m3", inst), "approve", Map.of()).statusCode(200).body("instance.status", equalTo(
                "approved"));

        String rejected = submit("approve-all");
        act("m1", taskOf("m1", rejected), "approve", Map.of()).statusCode(200);
        act("m2", taskOf("m2", rejected), "reject", Map.of()).statusCode(200).body("instance.status", equalTo(
                "rejected")).body("instance.openTasks.size()", equalTo(0));
    }

    @Test
    void ratioCountsApprovalsAndRejections() {
        // half of three managers: two approvals
        String inst = submit("approve-ratio");
        act("m1", taskOf("m1", inst), "approve", Map.of()).statusCode(200).body("instance.status", equalTo("running"));
        act("m2", taskOf("m2", inst), "approve", Map.of()).statusCode(200).body("instance.status", equalTo(
                "approved"));
        // two rejections make two approvals impossible
        String no = submit("approve-ratio");
        act("m1", taskOf("m1", no), "reject", Map.of()).statusCode(200).body("instance.status", equalTo("running"));
        act("m3", taskOf("m3", no), "reject", Map.of()).statusCode(200).body("instance.status", equalTo("rejected"));
    }

    @Test
    void sequentialAndManagerChainGoInTurn() {
        String inst = submit("approve-seq");
        assertEquals(Set.of("fl-m2"), assignees(inst));
        act("m2", taskOf("m2", inst), "approve", Map.of()).statusCode(200).body("instance.status", equalTo("running"));
        assertEquals(Set.of("fl-m1"), assignees(inst));
        act("m1", taskOf("m1", inst), "approve", Map.of()).statusCode(200).body("instance.status", equalTo(
                "approved"));

        // staff reports to m1, who reports to d1
        String chain = submit("approve-chain");
        assertEquals(Set.of("fl-m1"), assignees(chain));
        act("m1", taskOf("m1", chain), "approve", Map.of()).statusCode(200);
        assertEquals(Set.of("fl-d1"), assignees(chain));
        act("d1", taskOf("d1", chain), "approve", Map.of()).statusCode(200).body("instance.status", equalTo(
                "approved"));
    }

    @Test
    void buttonsHonourRolesAndConditions() {
        String req = request("staff", Map.of("title", "Chair", "amount", 100));
        // only fl_director may press 'child'
        press("staff", req, "child").statusCode(403).body("code", equalTo("FLOW_NOT_ALLOWED"));
        press("staff", req, "no-such-flow").statusCode(404).body("code", equalTo("FLOW_NOT_FOUND"));
        // someone who cannot see the record gets 404
        press("staff2", req, "approve-any").statusCode(404);
        press("staff", req, "approve-any").statusCode(201);
        // the record is pending now: the button's condition (status == 'draft') no longer holds
        press("staff", req, "approve-any").statusCode(409).body("code", equalTo("FLOW_CONDITION_FALSE"));
        List<Map<String, Object>> buttons = as("staff").get(FlowFixture.REQUESTS + "/" + req + "/flows").then()
                .statusCode(200).extract().path("items");
        Set<String> keys = buttons.stream().map(b -> (String) b.get("flow")).collect(Collectors.toSet());
        assertTrue(keys.contains("approve-any"));
        assertFalse(keys.contains("child"));
    }
}
