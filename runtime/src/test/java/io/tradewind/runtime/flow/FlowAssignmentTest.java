package io.tradewind.runtime.flow;

import static io.tradewind.runtime.flow.FlowFixture.USERS;
import static io.tradewind.runtime.flow.FlowFixture.act;
import static io.tradewind.runtime.flow.FlowFixture.as;
import static io.tradewind.runtime.flow.FlowFixture.count;
import static io.tradewind.runtime.flow.FlowFixture.taskOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tradewind.runtime.apps.AppSync;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.job.JobHandler;
import io.tradewind.runtime.job.Jobs;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Who gets a task: departments by name and by a department field, the least busy member, turns over
 * a role, the manager of the record's owner, a user field, and the administrators when an
 * assignment names nobody. Also the circuit breaker of record-triggered flows with the paused-flows
 * admin API, and instances pinned to the flow version they started on. Flows {@code assign-*},
 * {@code ticket-burst} and {@code pinned} of the test app flowlab, on its {@code ticket} form.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class FlowAssignmentTest {
    static final String TICKETS = "/api/apps/flowlab/forms/ticket/records";

    @Inject
    Pool pool;
    @Inject
    Jobs jobs;
    @Inject
    @Any
    Instance<JobHandler> handlers;
    @Inject
    TradewindClock clock;
    @Inject
    AppSync appSync;

    @BeforeEach
    void people() {
        FlowFixture.setUp(pool, jobs, handlers.stream().toList());
    }

    private static String ticket(String user, Map<String, Object> values) {
        Map<String, Object> body = new LinkedHashMap<>(values);
        body.putIfAbsent("title", "Ticket " + UUID.randomUUID().toString().substring(0, 8));
        return as(user).body(body).post(TICKETS).then().statusCode(201).extract().path("id");
    }

    /** Presses the flow's button on the ticket; the new instance's id. */
    private static String press(String user, String ticket, String flow) {
        return as(user).body("{}").post(TICKETS + "/" + ticket + "/flows/" + flow).then().statusCode(201).extract()
                .path("id");
    }

    private static Map<String, Object> view(String instance) {
        return Api.asAdmin().get("/api/flow-instances/" + instance).then().statusCode(200).extract().path("");
    }

    @SuppressWarnings("unchecked")
    private static Set<String> assignees(String instance) {
        List<Map<String, Object>> open = (List<Map<String, Object>>) view(instance).get("openTasks");
        return open.stream().map(t -> (String) ((Map<String, Object>) t.get("assignee")).get("username")).collect(
                Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    private static List<String> history(String instance) {
        return ((List<Map<String, Object>>) view(instance).get("history")).stream().map(h -> (String) h.get(
                "action")).toList();
    }

    private static String department(String name) {
        return Api.asAdmin().body(Map.of("name", name)).post("/api/admin/departments").then().statusCode(201)
                .extract().path("id");
    }

    private static String user(String name, String department) {
        return Api.asAdmin().body(Map.of("username", name, "displayName", name, "password", FlowFixture.PASSWORD,
                "departmentId", department)).post("/api/admin/users").then().statusCode(201).extract().path("id");
    }

    private Set<String> usernames(String sql, Object... params) {
        Set<String> out = new HashSet<>();
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely().forEach(r -> out.add(r.getString(
                0)));
        return out;
    }

    private static String u() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aDepartmentByNameGetsEveryActiveMember() {
        String dept = usernames("select id::text from department where tenant_id = 'default' and name = 'Flowlab"
                + " Support'").stream().findFirst().orElseGet(() -> department("Flowlab Support"));
        String s = u();
        user("fs-a-" + s, dept);
        user("fs-b-" + s, dept);
        String gone = user("fs-c-" + s, dept);
        Api.asAdmin().body("{\"disabled\": true}").patch("/api/admin/users/" + gone).then().statusCode(200);

        String inst = press("staff", ticket("staff", Map.of()), "assign-dept-name");
        Set<String> members = usernames("select u.username from app_user u join department d on d.tenant_id ="
                + " u.tenant_id and d.id = u.department_id where u.tenant_id = 'default' and d.name = 'Flowlab"
                + " Support' and not u.disabled");
        assertTrue(members.containsAll(Set.of("fs-a-" + s, "fs-b-" + s)), members.toString());
        assertEquals(members, assignees(inst));
        assertTrue(!assignees(inst).contains("fs-c-" + s), "a disabled member gets no task");
    }

    @Test
    void aDepartmentFieldNamesTheTicketsTeam() {
        String s = u();
        String red = department("Red team " + s);
        String blue = department("Blue team " + s);
        user("red-1-" + s, red);
        user("red-2-" + s, red);
        user("blue-1-" + s, blue);
        String toRed = press("staff", ticket("staff", Map.of("team", red)), "assign-dept-field");
        String toBlue = press("staff", ticket("staff", Map.of("team", blue)), "assign-dept-field");
        assertEquals(Set.of("red-1-" + s, "red-2-" + s), assignees(toRed));
        assertEquals(Set.of("blue-1-" + s), assignees(toBlue));
    }

    @Test
    void theLeastBusyMemberOfTheTeamGetsTheTask() {
        String s = u();
        String team = department("Busy team " + s);
        String a = user("busy-a-" + s, team);
        user("busy-b-" + s, team);
        String c = user("busy-c-" + s, team);
        // a has two open tasks, c one, b none: b is not first in the team's order, yet gets it
        press("staff", ticket("staff", Map.of("handler", a)), "assign-handler");
        press("staff", ticket("staff", Map.of("handler", a)), "assign-handler");
        press("staff", ticket("staff", Map.of("handler", c)), "assign-handler");
        String inst = press("staff", ticket("staff", Map.of("team", team)), "assign-least");
        assertEquals(Set.of("busy-b-" + s), assignees(inst));
        // now a 2, b 1, c 1: one of the two with one task, the first in the team's order
        String next = press("staff", ticket("staff", Map.of("team", team)), "assign-least");
        assertEquals(Set.of("busy-b-" + s), assignees(next));
        String third = press("staff", ticket("staff", Map.of("team", team)), "assign-least");
        assertEquals(Set.of("busy-c-" + s), assignees(third));
    }

    @Test
    void roundRobinOverARoleTakesTurns() {
        List<String> managers = new ArrayList<>();
        pool.preparedQuery("select u.username from user_role ur join app_user u on u.tenant_id = ur.tenant_id and"
                + " u.id = ur.user_id where ur.tenant_id = 'default' and ur.role_key = 'fl_manager' and not"
                + " u.disabled order by lower(u.username)").execute().await().indefinitely().forEach(r -> managers
                        .add(r.getString(0)));
        assertTrue(managers.size() >= 3, managers.toString());
        List<String> picks = new ArrayList<>();
        for (int i = 0; i <= managers.size(); i++) {
            Set<String> who = assignees(press("staff", ticket("staff", Map.of()), "assign-turns"));
            assertEquals(1, who.size(), who.toString());
            picks.add(who.iterator().next());
        }
        // every manager once, in the role's order, then the first again
        int start = managers.indexOf(picks.get(0));
        for (int i = 0; i < picks.size(); i++) {
            assertEquals(managers.get((start + i) % managers.size()), picks.get(i), picks.toString());
        }
        assertEquals(Set.copyOf(managers), Set.copyOf(picks.subList(0, managers.size())));
        assertNotEquals(picks.get(0), picks.get(1));
    }

    @Test
    void theManagerOfTheRecordsOwnerNotOfWhoPressed() {
        // staff2 owns the ticket (their manager is m2); the admin presses, and has no manager
        String t = ticket("staff2", Map.of());
        String inst = Api.asAdmin().body("{}").post(TICKETS + "/" + t + "/flows/assign-owner-manager").then()
                .statusCode(201).extract().path("id");
        assertEquals(Set.of("fl-m2"), assignees(inst));
        assertTrue(!history(inst).contains("fallback"));
    }

    @Test
    void aUserFieldNamesTheAssignee() {
        String inst = press("staff", ticket("staff", Map.of("handler", USERS.get("m3").toString())),
                "assign-handler");
        assertEquals(Set.of("fl-m3"), assignees(inst));
        act("m3", taskOf("m3", inst), "approve", Map.of()).statusCode(200).body("instance.status", equalTo(
                "approved"));
    }

    @Test
    void anAssignmentThatNamesNobodyFallsBackToTheAdministrators() {
        Set<String> admins = usernames("select u.username from user_role ur join app_user u on u.tenant_id ="
                + " ur.tenant_id and u.id = ur.user_id where ur.tenant_id = 'default' and ur.role_key = 'admin' and"
                + " not u.disabled");
        assertTrue(admins.contains("admin"), admins.toString());
        String inst = press("staff", ticket("staff", Map.of()), "assign-nobody");
        assertEquals(admins, assignees(inst));
        List<String> actions = history(inst);
        assertTrue(actions.contains("fallback"), actions.toString());
        assertEquals("running", view(inst).get("status"));

        // an empty user field falls back the same way
        String empty = press("staff", ticket("staff", Map.of()), "assign-handler");
        assertEquals(admins, assignees(empty));
        assertTrue(history(empty).contains("fallback"));
    }

    @Test
    void aRunawayRecordFlowIsPausedUntilAnAdministratorResumesIt() {
        // simulate a burst: 200 starts of ticket-burst in the last minute (the breaker's floor)
        FlowFixture.sql(pool, "insert into flow_instance (tenant_id, id, app_key, flow_key, definition_id, status,"
                + " form_key, state, started_at, updated_at, ended_at) select 'default', gen_random_uuid(), 'flowlab',"
                + " 'ticket-burst', (select id from flow_definition where tenant_id = 'default' and app_key ="
                + " 'flowlab' and flow_key = 'ticket-burst' order by version desc limit 1), 'completed', 'ticket',"
                + " '{}'::jsonb, $1, $1, $1 from generate_series(1, 200)",
                clock.instant().minusSeconds(60).atOffset(
                        ZoneOffset.UTC));
        long adminNotes = count(pool, "select count(*) from notification n join app_user u on u.tenant_id ="
                + " n.tenant_id and u.id = n.user_id where n.tenant_id = 'default' and u.username = 'admin' and"
                + " n.title like 'Flow ''ticket-burst'' was paused%'");

        String first = ticket("staff", Map.of("kind", "burst"));
        FlowFixture.drain(pool, clock);
        assertEquals(0, startsOf(first), "the start that tripped the breaker is skipped");
        assertEquals(1, count(pool, "select count(*) from flow_pause where tenant_id = 'default' and app_key ="
                + " 'flowlab' and flow_key = 'ticket-burst' and resumed_at is null"));
        assertEquals(adminNotes + 1, count(pool, "select count(*) from notification n join app_user u on"
                + " u.tenant_id = n.tenant_id and u.id = n.user_id where n.tenant_id = 'default' and u.username ="
                + " 'admin' and n.title like 'Flow ''ticket-burst'' was paused%'"));
        Api.asAdmin().get("/api/admin/flows/paused").then().statusCode(200).body("items.flow", hasItem(
                "ticket-burst"));

        // paused: further records start nothing, and nobody but an admin may resume it
        String second = ticket("staff", Map.of("kind", "burst"));
        FlowFixture.drain(pool, clock);
        assertEquals(0, startsOf(second));
        as("staff").get("/api/admin/flows/paused").then().statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("ADMIN_ONLY"));
        as("staff").body("{}").post("/api/admin/flows/flowlab/ticket-burst/resume").then().statusCode(403)
                .body("code", equalTo("ADMIN_ONLY"));
        Api.asAdmin().body("{\"force\": true}").post("/api/admin/flows/flowlab/ticket-burst/resume").then()
                .statusCode(422).contentType("application/problem+json");
        assertEquals(1, count(pool, "select count(*) from flow_pause where tenant_id = 'default' and flow_key ="
                + " 'ticket-burst' and resumed_at is null"));

        Api.asAdmin().post("/api/admin/flows/flowlab/ticket-burst/resume").then().statusCode(200)
                .body("flow", equalTo("ticket-burst")).body("app", equalTo("flowlab"));
        Api.asAdmin().get("/api/admin/audit?action=flow.resume").then().statusCode(200).body("items[0].targetId",
                equalTo("flowlab/ticket-burst")).body("items[0].actorName", equalTo("admin"));
        Api.asAdmin().post("/api/admin/flows/flowlab/ticket-burst/resume").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("FLOW_NOT_PAUSED"));
        Api.asAdmin().get("/api/admin/flows/paused").then().statusCode(200).body("items.flow",
                org.hamcrest.Matchers.not(hasItem("ticket-burst")));

        // resumed: the next record starts the flow again (the burst before the resume no longer counts)
        String third = ticket("staff", Map.of("kind", "burst"));
        FlowFixture.drain(pool, clock);
        assertEquals(1, startsOf(third));
        Api.asAdmin().get(TICKETS + "/" + third).then().statusCode(200).body("data.kind", equalTo("burst-seen"));
        assertEquals(0, startsOf(second), "records skipped while paused are not started afterwards");
    }

    private long startsOf(String record) {
        return count(pool, "select count(*) from flow_instance where tenant_id = 'default' and flow_key ="
                + " 'ticket-burst' and record_id = $1", UUID.fromString(record));
    }

    @Test
    void aRunningInstanceStaysOnItsVersionWhileNewOnesStartOnTheNext(@TempDir Path tmp) throws IOException {
        String oldTicket = ticket("staff", Map.of("handler", USERS.get("m1").toString()));
        String old = press("staff", oldTicket, "pinned");
        int version = (Integer) view(old).get("version");

        // publish a changed flow: it now stamps the ticket after the check
        Path copy = tmp.resolve("flowlab");
        Path source = Path.of("src/test/apps/flowlab");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Files.writeString(copy.resolve("flows/pinned.flow.json"),
                """
                        {"key": "pinned", "label": {"en": "Pinned to its version"}, "form": "ticket",
                         "trigger": {"type": "manual", "label": {"en": "Pinned"}},
                         "nodes": [
                          {"key": "check", "type": "approval", "mode": "anyOf", "assignees": [{"type": "field", "field": "handler"}], "next": "stamp"},
                          {"key": "stamp", "type": "update", "set": {"kind": "'v2'"}, "next": "done"},
                          {"key": "done", "type": "end", "outcome": "approved"}
                         ]}
                        """);
        Set<String> planned = usernames("select id::text from job where kind = 'flow.schedule' and status ="
                + " 'pending'");
        appSync.sync(List.of(tmp));
        // the sync plans every scheduled flow again from the (moved) test clock: drop what it added, so
        // that later classes still find one pending run per schedule
        FlowFixture.sql(pool, "delete from job where kind = 'flow.schedule' and status = 'pending' and not (id::text"
                + " = any($1))", (Object) planned.toArray(new String[0]));
        assertTrue(!appSync.refused().containsKey("flowlab"), appSync.refused().toString());

        String newTicket = ticket("staff", Map.of("handler", USERS.get("m1").toString()));
        String fresh = press("staff", newTicket, "pinned");
        assertEquals(version + 1, view(fresh).get("version"));
        assertEquals(version, view(old).get("version"));

        act("m1", taskOf("m1", old), "approve", Map.of()).statusCode(200).body("instance.status", equalTo(
                "approved")).body("instance.version", equalTo(version));
        act("m1", taskOf("m1", fresh), "approve", Map.of()).statusCode(200).body("instance.status", equalTo(
                "approved")).body("instance.version", equalTo(version + 1));
        Object oldKind = FlowFixture.as("staff").get(TICKETS + "/" + oldTicket).then().statusCode(200).extract()
                .path("data.kind");
        assertEquals(null, oldKind, "the old instance ran the old version: no stamp");
        assertEquals("v2", FlowFixture.as("staff").get(TICKETS + "/" + newTicket).then().statusCode(200).extract()
                .path("data.kind"));
        assertTrue(!history(old).contains("update"));
        assertTrue(history(fresh).contains("update"));
    }
}
