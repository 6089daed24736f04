package io.tradewind.runtime.flow;

import static io.tradewind.runtime.flow.TradeCrmFlowFixture.as;
import static io.tradewind.runtime.flow.TradeCrmFlowFixture.clockTo;
import static io.tradewind.runtime.flow.TradeCrmFlowFixture.create;
import static io.tradewind.runtime.flow.TradeCrmFlowFixture.data;
import static io.tradewind.runtime.flow.TradeCrmFlowFixture.id;
import static io.tradewind.runtime.flow.TradeCrmFlowFixture.instances;
import static io.tradewind.runtime.flow.TradeCrmFlowFixture.notes;
import static io.tradewind.runtime.flow.TradeCrmFlowFixture.owner;
import static io.tradewind.runtime.flow.TradeCrmFlowFixture.patch;
import static io.tradewind.runtime.flow.TradeCrmFlowFixture.press;
import static io.tradewind.runtime.flow.TradeCrmFlowFixture.taskOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * Scenario test of the trade CRM's flows (apps/trade-crm/flows), each driven through the API with
 * the people of {@link TradeCrmFlowFixture}: inbound leads assigned by country in turn, the
 * follow-up reminder of open opportunities, quote approval by amount and currency with four-eyes,
 * the nightly return of neglected customers to the public pool and the daily claim limit, and the
 * order a won opportunity creates from its accepted quote. Time passes with the test clock; jobs
 * run with a real job executor ({@link FlowFixture#drain}).
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class TradeCrmFlowsTest {
    @Inject
    Pool pool;
    @Inject
    Jobs jobs;
    @Inject
    TradewindClock clock;
    @Inject
    @Any
    Instance<JobHandler> handlers;

    private static String product;
    private static int productOnPort;

    @BeforeEach
    void people() {
        FlowFixture.setUp(pool, jobs, handlers.stream().toList());
        TradeCrmFlowFixture.setUp(pool);
        if (productOnPort != io.restassured.RestAssured.port) {
            productOnPort = io.restassured.RestAssured.port;
            product = create("admin", "product", Map.of("sku", "TCF-" + suffix().toUpperCase(), "name",
                    "Hydraulic gear pump"));
        }
    }

    @AfterEach
    void realTime() {
        clock.setOffset(Duration.ZERO);
    }

    private void drain() {
        FlowFixture.drain(pool, clock);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), TradeCrmFlowFixture.zone(pool));
    }

    private static String customer(String owner, String company) {
        return create("admin", "customer", Map.of("company", company, "country", "DE", "owner", id(owner),
                "accountManager", id(owner)));
    }

    // ---- 1. inbound leads ----

    @Test
    void inboundLeadsGoToTheCountrysTeamInTurn() {
        create("admin", "sales_team_assignment", Map.of("country", "IS", "team", TradeCrmFlowFixture.north
                .toString()));
        String tag = suffix();
        List<String> leads = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            leads.add(create("admin", "customer", Map.of("company", "Reykjavik Fisheries " + i + " " + tag,
                    "country", "IS", "source", i % 2 == 0 ? "alibaba" : "website")));
            drain(); // one lead at a time, so the turn order is the order the leads came in
        }
        List<Object> owners = leads.stream().map(c -> owner("customer", c)).toList();
        // the team's two reps take turns
        assertThat(owners).allMatch(o -> o.equals(id("ana")) || o.equals(id("bo")));
        assertThat(owners.get(1)).isNotEqualTo(owners.get(0));
        assertThat(owners.get(2)).isEqualTo(owners.get(0));
        assertThat(owners.get(3)).isEqualTo(owners.get(1));
        for (int i = 0; i < leads.size(); i++) {
            String lead = leads.get(i);
            Map<String, Object> data = data("customer", lead);
            assertThat(data.get("accountManager")).isEqualTo(owners.get(i));
            assertThat(data.get("department")).isEqualTo(TradeCrmFlowFixture.north.toString());
            String rep = owners.get(i).equals(id("ana")) ? "ana" : "bo";
            String other = rep.equals("ana") ? "bo" : "ana";
            assertThat(notes(rep, lead)).containsExactly("New lead for you: Reykjavik Fisheries " + (i + 1) + " " + tag
                    + " (IS)");
            assertThat(notes(other, lead)).isEmpty();
            assertThat(instances(pool, "lead-assignment", lead)).singleElement().satisfies(s -> assertThat(s[1])
                    .isEqualTo("completed"));
        }

        // a country no team covers: the director hears of it, the lead stays unassigned
        String nauru = create("admin", "customer", Map.of("company", "Nauru Phosphate " + tag, "country", "NR",
                "source", "linkedin"));
        drain();
        Map<String, Object> unassigned = data("customer", nauru);
        assertThat(unassigned.get("accountManager")).isNull();
        assertThat(unassigned.get("department")).isNull();
        assertThat(owner("customer", nauru)).isNotIn(id("ana"), id("bo"));
        assertThat(notes("dir", nauru)).containsExactly("No sales team is set for NR: assign the lead Nauru Phosphate "
                + tag + " by hand");
        assertThat(instances(pool, "lead-assignment", nauru)).singleElement().satisfies(s -> assertThat(s[1])
                .isEqualTo("cancelled"));

        // a lead from a trade show, or one that already has an account manager, is left alone
        String fair = create("admin", "customer", Map.of("company", "Canton Visitor " + tag, "country", "IS",
                "source", "canton_fair"));
        String taken = create("admin", "customer", Map.of("company", "Known Buyer " + tag, "country", "IS", "source",
                "website", "accountManager", id("bo")));
        drain();
        assertThat(instances(pool, "lead-assignment", fair)).isEmpty();
        assertThat(instances(pool, "lead-assignment", taken)).isEmpty();
        assertThat(data("customer", taken).get("accountManager")).isEqualTo(id("bo"));
    }

    // ---- 2. follow-up reminder ----

    @Test
    void anOpenOpportunityWithoutFollowUpForThreeDaysRemindsItsOwnerAndManager() {
        ZoneId zone = TradeCrmFlowFixture.zone(pool);
        LocalDate day0 = today();
        String tag = suffix();
        String customer = customer("ana", "Lisbon Cork " + tag);
        Map<String, String> opps = new HashMap<>();
        for (String name : List.of("open", "won", "lost", "followed")) {
            opps.put(name, create("ana", "opportunity", Map.of("title", name + " deal " + tag, "customer", customer,
                    "stage", "qualified")));
        }
        assertThat(data("opportunity", opps.get("open")).get("lastFollowUpAt")).isEqualTo(day0.toString());
        drain();
        patch("ana", "opportunity", opps.get("won"), Map.of("stage", "won"));
        patch("ana", "opportunity", opps.get("lost"), Map.of("stage", "lost", "lostReason", "price"));
        drain();

        // two days on, a follow-up on one of them is logged: its reminder moves three days later
        clockTo(day0.plusDays(2).atTime(12, 0).atZone(zone).toInstant());
        String followUp = create("ana", "follow_up", Map.of("customer", customer, "opportunity", opps.get(
                "followed"), "date", day0.plusDays(2).toString(), "channel", "whatsapp", "notes",
                "<p>Sent the new price list</p>"));
        drain();
        assertThat(data("opportunity", opps.get("followed")).get("lastFollowUpAt")).isEqualTo(day0.plusDays(2)
                .toString());
        assertThat(data("customer", customer).get("lastFollowUpAt")).isEqualTo(day0.plusDays(2).toString());
        assertThat(instances(pool, "follow-up-logged", followUp)).singleElement().satisfies(s -> assertThat(s[1])
                .isEqualTo("completed"));

        // not before 09:00 of the third day
        Instant due = day0.plusDays(3).atTime(LocalTime.of(9, 0)).atZone(zone).toInstant();
        clockTo(due.minus(Duration.ofHours(1)));
        drain();
        opps.values().forEach(o -> assertThat(notes("ana", o)).noneMatch(t -> t.startsWith("No follow-up")));

        clockTo(due.plus(Duration.ofMinutes(5)));
        drain();
        String expected = "No follow-up on open deal " + tag + " since " + day0;
        assertThat(notes("ana", opps.get("open"))).containsExactly(expected);
        assertThat(notes("mgr", opps.get("open"))).containsExactly(expected);
        for (String quiet : List.of("won", "lost", "followed")) {
            assertThat(notes("ana", opps.get(quiet))).as(quiet).noneMatch(t -> t.startsWith("No follow-up"));
            assertThat(notes("mgr", opps.get(quiet))).as(quiet).isEmpty();
        }
        // nobody else is told
        assertThat(notes("bo", opps.get("open"))).isEmpty();
        assertThat(notes("dir", opps.get("open"))).isEmpty();

        // the followed-up one, three days after its follow-up; the first is not reminded again
        clockTo(day0.plusDays(5).atTime(9, 5).atZone(zone).toInstant());
        drain();
        assertThat(notes("ana", opps.get("followed"))).containsExactly("No follow-up on followed deal " + tag
                + " since " + day0.plusDays(2));
        assertThat(notes("mgr", opps.get("followed"))).hasSize(1);
        assertThat(notes("ana", opps.get("open"))).containsExactly(expected);
        assertThat(instances(pool, "opportunity-follow-up-reminder", opps.get("won"))).isEmpty();
        assertThat(instances(pool, "opportunity-follow-up-reminder", opps.get("lost"))).isEmpty();
    }

    // ---- 3. quote approval ----

    private String quote(String currency, int qty, String unitPrice) {
        String customer = customer("ana", "Quote Buyer " + suffix());
        return create("ana", "quote", Map.of("customer", customer, "currency", currency, "lines", List.of(Map.of(
                "product", product, "qty", qty, "unitPrice", new BigDecimal(unitPrice)))));
    }

    private static String submit(String user, String quote) {
        Map<String, Object> started = press(user, "quote", quote, "quote-approval");
        assertThat(started.get("status")).isEqualTo("running");
        assertThat(data("quote", quote).get("status")).isEqualTo("pending_approval");
        return (String) started.get("id");
    }

    private static String task(String user, String instance) {
        String t = taskOf(user, instance);
        assertThat(t).as(user + " has a task of " + instance).isNotNull();
        return t;
    }

    private static io.restassured.response.ValidatableResponse act(String user, String task, String action,
            Map<String, Object> body) {
        return as(user).body(body).post("/api/tasks/" + task + "/actions/" + action).then();
    }

    @Test
    void aQuoteAboveTheThresholdNeedsTheDirectorThenTheGeneralManager() {
        String q = quote("USD", 1000, "60.00");
        assertThat(new BigDecimal(data("quote", q).get("total").toString())).isEqualByComparingTo("60000");
        String inst = submit("ana", q);
        assertThat(taskOf("mgr", inst)).isNull();
        assertThat(taskOf("gm", inst)).isNull();
        act("dir", task("dir", inst), "approve", Map.of("comment", "Margin is fine")).statusCode(200)
                .body("instance.status", equalTo("running")).body("instance.waitingAt[0].node", equalTo(
                        "generalManager"));
        assertThat(data("quote", q).get("status")).isEqualTo("pending_approval");
        assertThat(taskOf("dir", inst)).isNull();
        act("gm", task("gm", inst), "approve", Map.of()).statusCode(200).body("instance.status", equalTo(
                "approved"));
        Map<String, Object> approved = data("quote", q);
        assertThat(approved.get("status")).isEqualTo("approved");
        assertThat(notes("ana", q)).containsExactly("Quote " + approved.get("number") + " is approved");
    }

    @Test
    void theGeneralManagersRejectionSendsTheQuoteBackToDraftWithTheComment() {
        String q = quote("USD", 2, "30000");
        String inst = submit("ana", q);
        act("dir", task("dir", inst), "approve", Map.of()).statusCode(200);
        String gmTask = task("gm", inst);
        act("gm", gmTask, "reject", Map.of()).statusCode(422).body("code", equalTo("COMMENT_REQUIRED"));
        act("gm", gmTask, "reject", Map.of("comment", "Payment terms too risky")).statusCode(200)
                .body("instance.status", equalTo("rejected"));
        Map<String, Object> draft = data("quote", q);
        assertThat(draft.get("status")).isEqualTo("draft");
        assertThat(notes("ana", q)).containsExactly("Quote " + draft.get("number") + " was rejected: Payment terms"
                + " too risky");
    }

    @Test
    void aQuoteUpToTheThresholdGoesToTheOwnersManager() {
        // exactly 50,000 USD is not above the threshold
        String q = quote("USD", 500, "100.00");
        String inst = submit("ana", q);
        assertThat(taskOf("dir", inst)).isNull();
        String mgrTask = task("mgr", inst);
        act("mgr", mgrTask, "reject", Map.of()).statusCode(422).body("code", equalTo("COMMENT_REQUIRED"));
        assertThat(data("quote", q).get("status")).isEqualTo("pending_approval");
        act("mgr", mgrTask, "reject", Map.of("comment", "Discount too deep, try 3%")).statusCode(200)
                .body("instance.status", equalTo("rejected"));
        Map<String, Object> draft = data("quote", q);
        assertThat(draft.get("status")).isEqualTo("draft");
        assertThat(notes("ana", q)).containsExactly("Quote " + draft.get("number")
                + " was rejected: Discount too deep, try 3%");

        // back in draft it can be submitted again, and approved
        String again = submit("ana", q);
        act("mgr", task("mgr", again), "approve", Map.of()).statusCode(200).body("instance.status", equalTo(
                "approved"));
        assertThat(data("quote", q).get("status")).isEqualTo("approved");
    }

    @Test
    void aQuoteInAnotherCurrencyTakesTheDirectorsRoute() {
        String q = quote("EUR", 10, "1000.00");
        String inst = submit("ana", q);
        assertThat(taskOf("mgr", inst)).isNull();
        act("dir", task("dir", inst), "approve", Map.of()).statusCode(200);
        act("gm", task("gm", inst), "approve", Map.of()).statusCode(200).body("instance.status", equalTo(
                "approved"));
        assertThat(data("quote", q).get("status")).isEqualTo("approved");
    }

    @Test
    void theSubmitterIsNeverAnApprover() {
        // a director who is also a sales manager submits a large quote: the other directors decide
        String big = quote("USD", 100, "900.00");
        String inst = submit("dir2", big);
        assertThat(taskOf("dir2", inst)).isNull();
        String dirTask = task("dir", inst);
        act("dir2", dirTask, "approve", Map.of()).statusCode(403);
        act("dir", dirTask, "approve", Map.of()).statusCode(200);
        assertThat(taskOf("dir2", inst)).isNull();
        assertThat(taskOf("dir", inst)).isNull();
        act("gm", task("gm", inst), "approve", Map.of()).statusCode(200).body("instance.status", equalTo(
                "approved"));

        // the owner's manager submits a small quote of the owner: he cannot approve it himself
        String small = quote("USD", 10, "100.00");
        String own = submit("mgr", small);
        assertThat(taskOf("mgr", own)).isNull();
        Map<String, Object> view = Api.asAdmin().get("/api/flow-instances/" + own).then().statusCode(200).extract()
                .path("");
        List<Map<String, Object>> history = (List<Map<String, Object>>) view.get("history");
        assertThat(history).anySatisfy(h -> {
            assertThat(h.get("action")).isEqualTo("fallback");
            assertThat(((Map<String, Object>) h.get("detail")).get("reason")).isEqualTo("four-eyes");
        });
        List<Map<String, Object>> open = (List<Map<String, Object>>) view.get("openTasks");
        assertThat(open).isNotEmpty().noneMatch(t -> id("mgr").equals(((Map<String, Object>) t.get("assignee")).get(
                "id")));
        String adminTask = open.stream().filter(t -> "admin".equals(((Map<String, Object>) t.get("assignee")).get(
                "username"))).map(t -> (String) t.get("id")).findFirst().orElseThrow();
        act("admin", adminTask, "approve", Map.of()).statusCode(200).body("instance.status", equalTo("approved"));
        assertThat(data("quote", small).get("status")).isEqualTo("approved");
    }

    // ---- 4. public pool ----

    @Test
    void neglectedCustomersReturnToThePoolAndClaimsAreLimitedPerDay() {
        Instant night = TradeCrmFlowFixture.nextRun(pool, "customer-pool-return");
        ZoneId zone = TradeCrmFlowFixture.zone(pool);
        assertThat(night.atZone(zone).toLocalTime()).isEqualTo(LocalTime.of(2, 0));
        LocalDate nightDay = night.atZone(zone).toLocalDate();
        String tag = suffix();
        String pool1 = TradeCrmFlowFixture.poolTeam.toString();
        List<String> neglected = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            neglected.add(create("admin", "customer", Map.of("company", "Old Friend " + i + " " + tag, "country",
                    "FR", "owner", id("cy"), "accountManager", id("cy"), "department", pool1, "lastFollowUpAt",
                    nightDay.minusDays(31 + i).toString())));
        }
        String recent = create("admin", "customer", Map.of("company", "Recent Talk " + tag, "country", "FR", "owner",
                id("cy"), "accountManager", id("cy"), "department", pool1, "lastFollowUpAt", nightDay.minusDays(29)
                        .toString()));
        String newcomer = create("admin", "customer", Map.of("company", "Newcomer " + tag, "country", "FR", "owner",
                id("cy"), "accountManager", id("cy"), "department", pool1));
        String silent = create("admin", "customer", Map.of("company", "Never Called " + tag, "country", "FR", "owner",
                id("cy"), "accountManager", id("cy"), "department", pool1));
        // created 31 days before that night and never followed up
        FlowFixture.sql(pool, "update record set created_at = $2 where id = $1", UUID.fromString(silent),
                TradeCrmFlowFixture.utc(night.minus(Duration.ofDays(31))));
        drain();

        // nothing happens before 02:00
        clockTo(night.minus(Duration.ofMinutes(10)));
        drain();
        assertThat(owner("customer", neglected.get(0))).isEqualTo(id("cy"));

        clockTo(night.plus(Duration.ofMinutes(5)));
        drain();
        List<String> released = new ArrayList<>(neglected);
        released.add(silent);
        for (String c : released) {
            assertThat(owner("customer", c)).as(c).isNull();
            Map<String, Object> d = data("customer", c);
            assertThat(d.get("accountManager")).isNull();
            assertThat(d.get("department")).isEqualTo(pool1);
        }
        for (String c : List.of(recent, newcomer)) {
            assertThat(owner("customer", c)).as(c.equals(recent) ? "recent" : "newcomer").isEqualTo(id("cy"));
            assertThat(data("customer", c).get("accountManager")).isEqualTo(id("cy"));
        }
        assertThat(count("select count(*) from notification where user_id = $1 and position('went back to the public"
                + " pool' in title) > 0", UUID.fromString(id("mgr")))).isPositive();
        // the next night is planned
        assertThat(TradeCrmFlowFixture.nextRun(pool, "customer-pool-return")).isEqualTo(night.atZone(zone).plusDays(1)
                .toInstant());

        // the team's reps see the pool; one claims five, the sixth claim is refused
        for (int i = 0; i < 5; i++) {
            Map<String, Object> claimed = press("dee", "customer", neglected.get(i), "claim-customer");
            assertThat(claimed.get("status")).isEqualTo("completed");
            assertThat(owner("customer", neglected.get(i))).isEqualTo(id("dee"));
            assertThat(data("customer", neglected.get(i))).containsEntry("accountManager", id("dee"))
                    .containsKey("claimedAt");
        }
        String sixth = neglected.get(5);
        Map<String, Object> refused = press("dee", "customer", sixth, "claim-customer");
        assertThat(refused.get("status")).isEqualTo("cancelled");
        assertThat(owner("customer", sixth)).isNull();
        assertThat(data("customer", sixth).get("accountManager")).isNull();
        assertThat(notes("dee", sixth)).containsExactly(
                "You have claimed 5 customers in the last 24 hours, the most allowed");
        // a claimed customer is no longer in the pool
        as("cy").body("{}").post(TradeCrmFlowFixture.FORMS + "customer/records/" + neglected.get(0)
                + "/flows/claim-customer").then().statusCode(404);
        // the limit is per rep
        assertThat(press("cy", "customer", sixth, "claim-customer").get("status")).isEqualTo("completed");
        assertThat(owner("customer", sixth)).isEqualTo(id("cy"));

        // the next night: claimed customers got a fresh start, the silent one stays in the pool
        Instant next = TradeCrmFlowFixture.nextRun(pool, "customer-pool-return");
        clockTo(next.plus(Duration.ofHours(1)));
        drain();
        for (int i = 0; i < 5; i++) {
            assertThat(owner("customer", neglected.get(i))).as("claimed " + i).isEqualTo(id("dee"));
        }
        assertThat(owner("customer", sixth)).isEqualTo(id("cy"));
        assertThat(owner("customer", silent)).isNull();
        // a day after her claims, the rep may claim again
        assertThat(press("dee", "customer", silent, "claim-customer").get("status")).isEqualTo("completed");
        assertThat(owner("customer", silent)).isEqualTo(id("dee"));
    }

    private long count(String sql, Object... params) {
        return FlowFixture.count(pool, sql, params);
    }

    // ---- 5. won opportunity ----

    @Test
    void aWonOpportunityBecomesAnOrderFromItsAcceptedQuote() {
        String tag = suffix();
        String customer = customer("ana", "Dubai Trading " + tag);
        String deal = create("ana", "opportunity", Map.of("title", "Pumps for Jebel Ali " + tag, "customer",
                customer, "stage", "negotiation"));
        String other = create("admin", "product", Map.of("sku", "TCF-V-" + tag.toUpperCase(), "name",
                "Ball valve"));
        // a draft quote of the same deal and an accepted one
        create("ana", "quote", Map.of("customer", customer, "opportunity", deal, "currency", "EUR", "lines", List.of(
                Map.of("product", product, "qty", 1, "unitPrice", 1))));
        String accepted = create("ana", "quote", Map.of("customer", customer, "opportunity", deal, "currency", "EUR",
                "incoterm", "CIF", "portOfLoading", "Ningbo", "portOfDestination", "Jebel Ali", "paymentTerms",
                "lc_sight", "lines", List.of(Map.of("product", product, "description", "Gear pump GP-20", "qty", 40,
                        "unitPrice", new BigDecimal("125.50"), "discount", new BigDecimal("2.5")),
                        Map.of("product",
                                other, "qty", 200, "unitPrice", new BigDecimal("8.00")))));
        patch("ana", "quote", accepted, Map.of("status", "accepted"));
        patch("ana", "opportunity", deal, Map.of("stage", "won"));
        drain();

        List<Map<String, Object>> orders = ordersOf(customer);
        assertThat(orders).hasSize(1);
        Map<String, Object> order = orders.get(0);
        Map<String, Object> o = (Map<String, Object>) order.get("data");
        Map<String, Object> q = data("quote", accepted);
        assertThat(o.get("quote")).isEqualTo(accepted);
        assertThat(o.get("customer")).isEqualTo(customer);
        assertThat(order.get("owner")).isEqualTo(id("ana"));
        for (String field : List.of("currency", "incoterm", "portOfLoading", "portOfDestination", "paymentTerms")) {
            assertThat(o.get(field)).as(field).isEqualTo(q.get(field)).isNotNull();
        }
        List<Map<String, Object>> lines = (List<Map<String, Object>>) o.get("lines");
        List<Map<String, Object>> quoted = (List<Map<String, Object>>) q.get("lines");
        assertThat(lines).hasSize(2);
        for (int i = 0; i < 2; i++) {
            for (String field : List.of("product", "description", "qty", "unitPrice", "discount", "amount")) {
                assertThat(String.valueOf(lines.get(i).get(field))).as("line " + i + " " + field).isEqualTo(String
                        .valueOf(quoted.get(i).get(field)));
            }
        }
        assertThat(new BigDecimal(o.get("total").toString())).isEqualByComparingTo("6494.50")
                .isEqualByComparingTo(new BigDecimal(q.get("total").toString()));
        String told = "Order " + o.get("number") + " was created from quote " + q.get("number");
        assertThat(notes("ana", deal)).containsExactly(told);
        assertThat(notes("doc", deal)).containsExactly(told);
        // changing the won deal again creates no second order
        patch("ana", "opportunity", deal, Map.of("notes", "Shipped in two lots"));
        drain();
        assertThat(ordersOf(customer)).hasSize(1);
    }

    @Test
    void aWonOpportunityWithoutAnAcceptedQuoteCreatesNoOrder() {
        String tag = suffix();
        String customer = customer("ana", "Santos Coffee " + tag);
        String deal = create("ana", "opportunity", Map.of("title", "Roasters " + tag, "customer", customer, "stage",
                "quotation"));
        create("ana", "quote", Map.of("customer", customer, "opportunity", deal, "lines", List.of(Map.of("product",
                product, "qty", 3, "unitPrice", 500))));
        patch("ana", "opportunity", deal, Map.of("stage", "won"));
        drain();
        assertThat(ordersOf(customer)).isEmpty();
        assertThat(notes("ana", deal)).containsExactly("Roasters " + tag
                + " is won but has no accepted quote, so no order was created");
        assertThat(instances(pool, "won-opportunity-order", deal)).singleElement().satisfies(s -> assertThat(s[1])
                .isEqualTo("cancelled"));
    }

    private static List<Map<String, Object>> ordersOf(String customer) {
        String filter = "{\"field\": \"customer\", \"op\": \"eq\", \"value\": \"" + customer + "\"}";
        return Api.asAdmin().queryParam("filter", filter).get(TradeCrmFlowFixture.FORMS + "order/records").then()
                .statusCode(200).extract().path("items");
    }
}
