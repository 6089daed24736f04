package io.tradewind.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.tradewind.model.app.AppDefinition;
import io.tradewind.model.flow.ApprovalNode;
import io.tradewind.model.flow.Assignment;
import io.tradewind.model.flow.ConditionNode;
import io.tradewind.model.flow.CreateNode;
import io.tradewind.model.flow.FlowDefinition;
import io.tradewind.model.flow.FlowTrigger;
import io.tradewind.model.flow.NotifyNode;
import io.tradewind.model.flow.UpdateNode;
import io.tradewind.model.form.AutonumberField;
import io.tradewind.model.form.DepartmentField;
import io.tradewind.model.form.FieldAccess;
import io.tradewind.model.form.FormDefinition;
import io.tradewind.model.form.FormPermission;
import io.tradewind.model.form.PermissionAction;
import io.tradewind.model.form.RowScope;
import io.tradewind.model.form.SelectField;
import io.tradewind.model.form.SelectOption;
import io.tradewind.model.form.SubtableField;
import io.tradewind.model.report.ChartType;
import io.tradewind.model.report.DateBucket;

/**
 * The bundled trade-CRM package loads without a single problem and grants what a sales organisation
 * expects.
 */
class TradeCrmPackageTest {

    private static AppPackage loaded;

    private static AppPackage pkg() {
        if (loaded == null) {
            AppPackageLoader.LoadResult result = AppPackageLoader.load(Path.of("../apps/trade-crm"));
            assertThat(result.problems()).isEmpty();
            loaded = result.pkg();
        }
        return loaded;
    }

    private static FormPermission permission(String form, String role) {
        return pkg().forms().get(form).permission(role).orElseThrow(() -> new AssertionError(role + " has no"
                + " permission on " + form));
    }

    @Test
    void tradeCrmLoadsCleanly() {
        AppPackageLoader.LoadResult result = AppPackageLoader.load(Path.of("../apps/trade-crm"));
        assertThat(result.problems()).isEmpty();
        AppPackage pkg = result.pkg();
        assertThat(pkg.forms().keySet()).containsExactlyInAnyOrder("customer", "contact", "follow_up",
                "opportunity", "quote", "order", "product", "sales_team_assignment");
        assertThat(pkg.forms().get("quote").field("number")).get().isInstanceOf(AutonumberField.class);
        assertThat(pkg.forms().get("quote").field("lines")).get().isInstanceOf(SubtableField.class);
        assertThat(pkg.seedFiles()).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void rolesAreTheSalesOrganisationWithoutAnAppAdmin() {
        assertThat(pkg().app().roles()).extracting(AppDefinition.RoleDefinition::key).containsExactly("sales_rep",
                "sales_manager", "sales_director", "general_manager", "finance", "documentation");
    }

    @Test
    void everyFormHasPermissions() {
        for (FormDefinition form : pkg().forms().values()) {
            assertThat(form.permissions()).as(form.key()).isNotEmpty();
            assertThat(form.permission("general_manager")).as(form.key()).isPresent();
        }
    }

    @Test
    void salesRepReachesOwnCustomersAndTheDepartmentPool() {
        assertThat(pkg().forms().get("customer").field("department")).get().isInstanceOf(DepartmentField.class);
        FormPermission rep = permission("customer", "sales_rep");
        assertThat(rep.actions()).containsExactlyInAnyOrder(PermissionAction.CREATE, PermissionAction.READ,
                PermissionAction.UPDATE);
        assertThat(rep.rows()).hasSize(2).first().isEqualTo(new RowScope.Own());
        var pool = ((RowScope.Filter) rep.rows().get(1)).filter();
        assertThat(pool.at("/and/0/field").textValue()).isEqualTo("owner");
        assertThat(pool.at("/and/0/op").textValue()).isEqualTo("isNull");
        assertThat(pool.at("/and/1/field").textValue()).isEqualTo("department");
        assertThat(pool.at("/and/1/value").textValue()).isEqualTo(RowScope.Filter.USER_DEPARTMENT);
        assertThat(rep.access("department")).isEqualTo(FieldAccess.READ);
        for (String form : new String[]{"contact", "follow_up", "opportunity", "quote", "order"}) {
            assertThat(permission(form, "sales_rep").rows()).as(form).containsExactly(new RowScope.Own());
        }
        assertThat(permission("product", "sales_rep").actions()).containsExactly(PermissionAction.READ);
    }

    @Test
    void managersSeeTheirDepartmentTreeAndTransferDirectorsSeeAllOnlyTheGeneralManagerDeletes() {
        for (String form : pkg().forms().keySet()) {
            if (!form.equals("product") && !form.equals("sales_team_assignment")) {
                FormPermission manager = permission(form, "sales_manager");
                assertThat(manager.rows()).as(form).contains(new RowScope.DepartmentTree());
                assertThat(manager.allows(PermissionAction.TRANSFER)).as(form).isTrue();
                assertThat(permission(form, "sales_director").rows()).as(form).containsExactly(new RowScope.All());
            }
            assertThat(permission(form, "general_manager").rows()).as(form).containsExactly(new RowScope.All());
            assertThat(permission(form, "general_manager").allows(PermissionAction.DELETE)).as(form).isTrue();
            for (FormPermission p : pkg().forms().get(form).permissions()) {
                if (!p.role().equals("general_manager")) {
                    assertThat(p.allows(PermissionAction.DELETE)).as(form + " " + p.role()).isFalse();
                }
            }
        }
    }

    @Test
    void financeUpdatesOnlyPaymentsAndNeverSeesContactDetails() {
        FormPermission orders = permission("order", "finance");
        assertThat(orders.actions()).containsExactlyInAnyOrder(PermissionAction.READ, PermissionAction.UPDATE);
        for (var field : pkg().forms().get("order").fields()) {
            boolean payment = field.key().equals("depositReceived") || field.key().equals("paymentStatus");
            assertThat(orders.access(field.key())).as(field.key()).isEqualTo(payment
                    ? FieldAccess.WRITE
                    : FieldAccess.READ);
        }
        assertThat(permission("order", "sales_rep").access("paymentStatus")).isEqualTo(FieldAccess.READ);
        assertThat(permission("quote", "finance").actions()).containsExactly(PermissionAction.READ);
        FormPermission customers = permission("customer", "finance");
        assertThat(customers.actions()).containsExactly(PermissionAction.READ);
        assertThat(customers.access("email")).isEqualTo(FieldAccess.HIDDEN);
        assertThat(customers.access("phone")).isEqualTo(FieldAccess.HIDDEN);
        assertThat(customers.access("address")).isEqualTo(FieldAccess.HIDDEN);
        assertThat(customers.access("company")).isEqualTo(FieldAccess.READ);
        assertThat(pkg().forms().get("contact").permission("finance")).isEmpty();
        assertThat(pkg().forms().get("follow_up").permission("finance")).isEmpty();
    }

    @Test
    void reportsAndDashboardsOfASalesTeam() {
        assertThat(pkg().reports().keySet()).containsExactly("average-order-value-by-country",
                "average-order-value-by-month", "customers-by-country", "follow-up-activity",
                "new-customers-per-month", "open-quotes", "sales-funnel", "sales-leaderboard");
        assertThat(pkg().dashboards().keySet()).containsExactly("management", "sales");
        var funnel = pkg().reports().get("sales-funnel");
        assertThat(funnel.chart().type()).isEqualTo(ChartType.FUNNEL);
        assertThat(funnel.chart().stages()).containsExactly("lead", "qualified", "sample", "quotation",
                "negotiation", "won");
        assertThat(pkg().reports().get("customers-by-country").chart().type()).isEqualTo(ChartType.MAP);
        var leaderboard = pkg().reports().get("sales-leaderboard");
        assertThat(leaderboard.chart().type()).isEqualTo(ChartType.LEADERBOARD);
        assertThat(leaderboard.limit()).isEqualTo(10);
        assertThat(leaderboard.parameter("from").orElseThrow().defaultValue().textValue()).isEqualTo("startOfMonth");
        assertThat(pkg().reports().get("new-customers-per-month").dimensions().get(0).bucket())
                .isEqualTo(DateBucket.MONTH);
        assertThat(pkg().reports().get("average-order-value-by-country").dimensions().get(0).field())
                .isEqualTo("customer.country");
        for (var dashboard : pkg().dashboards().values()) {
            dashboard.items().forEach(item -> assertThat(pkg().reports()).containsKey(item.report()));
        }
    }

    @Test
    void theSalesTeamMappingIsConfigurationOnlyManagementChanges() {
        FormDefinition mapping = pkg().forms().get("sales_team_assignment");
        assertThat(mapping.field("team")).get().isInstanceOf(DepartmentField.class);
        assertThat(permission("sales_team_assignment", "sales_manager").actions()).containsExactly(
                PermissionAction.READ);
        assertThat(mapping.permission("sales_rep")).isEmpty();
    }

    @Test
    void flowsOfTheSalesProcessLoad() {
        assertThat(pkg().flows().keySet()).containsExactly("claim-customer", "customer-pool-return",
                "follow-up-logged", "lead-assignment", "opportunity-follow-up-reminder", "quote-approval",
                "won-opportunity-order");
    }

    @Test
    void quoteAboveThresholdNeedsDirectorThenGeneralManagerBelowItTheOwnersManager() {
        FlowDefinition flow = pkg().flows().get("quote-approval");
        assertThat(pkg().app().settings().get("quoteApprovalThresholdUsd")).hasToString("50000");
        ConditionNode route = (ConditionNode) flow.node("route").orElseThrow();
        assertThat(route.branches().getFirst().when()).contains("total > settings.quoteApprovalThresholdUsd");
        ApprovalNode director = (ApprovalNode) flow.node(route.branches().getFirst().next()).orElseThrow();
        assertThat(director.assignees()).containsExactly(new Assignment.Role("sales_director"));
        ApprovalNode gm = (ApprovalNode) flow.node(director.next()).orElseThrow();
        assertThat(gm.assignees()).containsExactly(new Assignment.Role("general_manager"));
        ApprovalNode below = (ApprovalNode) flow.node(route.otherwise()).orElseThrow();
        assertThat(below.assignees()).containsExactly(new Assignment.Manager("owner", 1));
        assertThat(gm.next()).isEqualTo("approve");
        assertThat(below.next()).isEqualTo("approve");
        for (ApprovalNode a : new ApprovalNode[]{director, gm, below}) {
            assertThat(a.onReject()).isEqualTo("backToDraft");
            assertThat(a.fourEyes()).isTrue();
        }
        assertThat(((UpdateNode) flow.node("approve").orElseThrow()).set()).containsEntry("status", "'approved'");
        assertThat(((UpdateNode) flow.node("backToDraft").orElseThrow()).set()).containsEntry("status", "'draft'");
        NotifyNode told = (NotifyNode) flow.node("tellRejected").orElseThrow();
        assertThat(told.to()).containsExactly(new Assignment.Field("owner"));
        assertThat(told.message().text("en")).contains("{{decision.comment}}");
        SelectField status = (SelectField) pkg().forms().get("quote").field("status").orElseThrow();
        assertThat(status.options()).extracting(SelectOption::value).contains("pending_approval", "approved",
                "draft");
    }

    @Test
    void leadsGoRoundRobinToTheTeamOfTheirCountry() {
        FlowDefinition flow = pkg().flows().get("lead-assignment");
        assertThat(flow.trigger()).isInstanceOf(FlowTrigger.RecordCreated.class);
        UpdateNode assign = (UpdateNode) flow.node("assignRep").orElseThrow();
        assertThat(assign.assignOwner()).isEqualTo(new Assignment.RoundRobin(new Assignment.Mapping(
                "sales_team_assignment", "country", "team", "country")));
    }

    @Test
    void openOpportunitiesRemindTheirOwnerAndCopyTheManagerAfterThreeDays() {
        FlowDefinition flow = pkg().flows().get("opportunity-follow-up-reminder");
        var trigger = (FlowTrigger.RelativeDate) flow.trigger();
        assertThat(trigger.field()).isEqualTo("lastFollowUpAt");
        assertThat(trigger.offset()).isEqualTo("P3D");
        NotifyNode remind = (NotifyNode) flow.start();
        assertThat(remind.to()).containsExactly(new Assignment.Field("owner"));
        assertThat(remind.cc()).containsExactly(new Assignment.Manager("owner", 1));
        assertThat(pkg().flows().get("follow-up-logged").form()).isEqualTo("follow_up");
    }

    @Test
    void neglectedCustomersReturnToThePoolAndClaimsAreCapped() {
        FlowDefinition pool = pkg().flows().get("customer-pool-return");
        assertThat(pool.trigger()).isEqualTo(new FlowTrigger.Schedule("0 2 * * *"));
        assertThat(((UpdateNode) pool.node("release").orElseThrow()).set()).containsEntry("owner", "null");
        FlowDefinition claim = pkg().flows().get("claim-customer");
        assertThat(claim.trigger().condition()).isEqualTo("owner == null");
        assertThat(pkg().app().settings()).containsKey("poolClaimsPerDay");
        ConditionNode limit = (ConditionNode) claim.node("underLimit").orElseThrow();
        assertThat(limit.branches().getFirst().when()).contains("settings.poolClaimsPerDay");
    }

    @Test
    void aWonOpportunityCreatesAnOrderFromItsAcceptedQuote() {
        FlowDefinition flow = pkg().flows().get("won-opportunity-order");
        assertThat(flow.trigger().condition()).isEqualTo("changed('stage') && stage == 'won'");
        CreateNode order = (CreateNode) flow.node("createOrder").orElseThrow();
        assertThat(order.form()).isEqualTo("order");
        assertThat(order.set()).containsKeys("customer", "quote", "currency", "lines");
    }

    @Test
    void everyTradeCrmFlowSurvivesAWriteAndReadBack() throws Exception {
        for (FlowDefinition flow : pkg().flows().values()) {
            String json = DefinitionParser.mapper().writeValueAsString(flow);
            var again = DefinitionParser.parseFlow(json, "flows/" + flow.key() + ".flow.json");
            assertThat(again.problems()).as(flow.key()).isEmpty();
            assertThat(again.value()).as(flow.key()).isEqualTo(flow);
        }
    }
}
