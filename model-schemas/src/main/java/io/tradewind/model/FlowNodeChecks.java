package io.tradewind.model;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

import io.tradewind.model.flow.ApprovalNode;
import io.tradewind.model.flow.ConditionNode;
import io.tradewind.model.flow.CreateNode;
import io.tradewind.model.flow.Deadline;
import io.tradewind.model.flow.DelayNode;
import io.tradewind.model.flow.DeleteNode;
import io.tradewind.model.flow.FlowDefinition;
import io.tradewind.model.flow.FlowNode;
import io.tradewind.model.flow.HttpNode;
import io.tradewind.model.flow.NotifyNode;
import io.tradewind.model.flow.QueryNode;
import io.tradewind.model.flow.ScriptNode;
import io.tradewind.model.flow.SubflowNode;
import io.tradewind.model.flow.TaskNode;
import io.tradewind.model.flow.UpdateNode;
import io.tradewind.model.flow.WaitUntilNode;
import io.tradewind.model.form.AutonumberField;
import io.tradewind.model.form.ExpressionReferences;
import io.tradewind.model.form.FieldDefinition;
import io.tradewind.model.form.FormDefinition;
import io.tradewind.model.form.FormulaField;
import io.tradewind.model.form.LinkField;
import io.tradewind.model.form.SelectField;
import io.tradewind.model.form.SelectOption;
import io.tradewind.model.form.SystemFields;

/**
 * The checks of each node of one flow by its type: the forms, fields, roles, templates and flows it
 * names, its expressions, deadlines and durations (assignments: {@link FlowAssignmentChecks}). The
 * graph as a whole (reachability, joins, cycles) is checked by {@link FlowValidator}.
 */
final class FlowNodeChecks {
    private static final int MAX_LEVELS = FlowAssignmentChecks.MAX_LEVELS;
    private static final java.time.Duration MAX_HTTP_TIMEOUT = java.time.Duration.ofMinutes(1);

    private final FlowScope scope;
    private final Map<String, FormDefinition> forms;
    private final Set<String> templates;
    private final Map<String, FlowDefinition> flows;
    private final FlowAssignmentChecks assignments;

    FlowNodeChecks(FlowScope scope, Map<String, FormDefinition> forms, Set<String> templates,
            Map<String, FlowDefinition> flows) {
        this.scope = scope;
        this.forms = forms;
        this.templates = templates;
        this.flows = flows;
        this.assignments = new FlowAssignmentChecks(scope, forms);
    }

    /** Checks node {@code i}. */
    void node(int i, FlowNode node) {
        String at = "/nodes/" + i;
        switch (node) {
            case ConditionNode c -> {
                for (int j = 0; j < c.branches().size(); j++) {
                    scope.expression(at + "/branches/" + j + "/when", c.branches().get(j).when(), i);
                }
            }
            case ApprovalNode a -> approval(at, i, a);
            case TaskNode t -> task(at, i, t);
            case CreateNode c -> {
                FormDefinition target = form(at + "/form", c.form());
                set(at, i, c.set(), target);
            }
            case UpdateNode u -> {
                FormDefinition target = target(at, i, u.link(), u.records());
                set(at, i, u.set(), target);
                if (u.assignOwner() != null) {
                    assignments.one(at + "/assignOwner", u.assignOwner(), i);
                    if (u.assignOwner().isGroup()) {
                        scope.add(Problems.FLOW_ASSIGNMENT_INVALID, at + "/assignOwner", "A record has one owner;"
                                + " pick one user of the group with roundRobin or leastOpenTasks.");
                    }
                }
            }
            case DeleteNode d -> target(at, i, d.link(), d.records());
            case QueryNode q -> query(at, q);
            case NotifyNode n -> notify(at, i, n);
            case HttpNode h -> {
                if (h.body() != null) {
                    scope.expression(at + "/body", h.body(), i);
                }
                var timeout = FlowValues.timeDuration(h.timeout());
                if (timeout.isEmpty() || timeout.get().isNegative() || timeout.get().isZero()
                        || timeout.get().compareTo(MAX_HTTP_TIMEOUT) > 0) {
                    scope.add(Problems.FLOW_DURATION_INVALID, at + "/timeout", "The timeout is an ISO 8601 duration"
                            + " above zero and at most one minute, e.g. PT10S.");
                }
            }
            case ScriptNode s -> ExpressionReferences.syntaxProblem(s.script()).ifPresent(p -> scope.add(
                    Problems.EXPR_SYNTAX, at + "/script", "The script cannot be read: " + p + "."));
            case DelayNode d -> positiveDuration(at + "/duration", d.duration());
            case WaitUntilNode w -> scope.expression(at + "/until", w.until(), i);
            case SubflowNode s -> subflow(at, s);
            default -> {
                // parallel, join and end have nothing beyond their edges
            }
        }
    }

    private void approval(String at, int i, ApprovalNode a) {
        boolean chain = a.mode() == ApprovalNode.Mode.MANAGER_CHAIN;
        if (chain) {
            if (!a.assignees().isEmpty()) {
                scope.add(Problems.FLOW_APPROVAL_INVALID, at + "/assignees", "A manager chain finds its approvers"
                        + " itself; give levels and of instead of assignees.");
            }
            if (a.levels() == null || a.levels() < 1 || a.levels() > MAX_LEVELS) {
                scope.add(Problems.FLOW_APPROVAL_INVALID, a.levels() == null ? at : at + "/levels", "A manager"
                        + " chain needs levels from 1 to " + MAX_LEVELS + ".");
            }
            if (a.of() != null) {
                scope.userRef(at + "/of", a.of());
            }
        } else {
            if (a.assignees().isEmpty()) {
                scope.add(Problems.FLOW_NO_ASSIGNEES, at, "The approval has no assignees: nobody could decide.");
            }
            if (a.levels() != null) {
                scope.add(Problems.FLOW_APPROVAL_INVALID, at + "/levels", "levels belongs to the managerChain mode.");
            }
            if (a.of() != null) {
                scope.add(Problems.FLOW_APPROVAL_INVALID, at + "/of", "of belongs to the managerChain mode.");
            }
        }
        if (a.mode() == ApprovalNode.Mode.RATIO) {
            if (a.ratio() == null || a.ratio().signum() <= 0 || a.ratio().compareTo(BigDecimal.ONE) > 0) {
                scope.add(Problems.FLOW_APPROVAL_INVALID, a.ratio() == null ? at : at + "/ratio", "The ratio mode"
                        + " needs a ratio above 0 and at most 1, e.g. 0.5.");
            }
        } else if (a.ratio() != null) {
            scope.add(Problems.FLOW_APPROVAL_INVALID, at + "/ratio", "ratio belongs to the ratio mode.");
        }
        if (!a.actions().contains(ApprovalNode.Action.APPROVE)) {
            scope.add(Problems.FLOW_APPROVAL_INVALID, at + "/actions", "An approval must allow approve.");
        }
        boolean canReturn = a.actions().contains(ApprovalNode.Action.RETURN);
        if (canReturn && a.returnTo().isEmpty()) {
            scope.add(Problems.FLOW_APPROVAL_INVALID, at + "/actions", "The return action needs returnTo: the"
                    + " submitter or earlier nodes.");
        } else if (!canReturn && !a.returnTo().isEmpty()) {
            scope.add(Problems.FLOW_APPROVAL_INVALID, at + "/returnTo", "returnTo needs the return action.");
        }
        for (int j = 0; j < a.returnTo().size(); j++) {
            returnTarget(at + "/returnTo/" + j, a.returnTo().get(j), i);
        }
        assignments.all(at + "/assignees", a.assignees(), i);
        assignments.all(at + "/cc", a.cc(), i);
        if (a.deadline() != null) {
            deadline(at + "/deadline", a.deadline(), true, i);
        }
    }

    private void returnTarget(String at, String target, int i) {
        if (target.equals(ApprovalNode.SUBMITTER)) {
            return;
        }
        int j = scope.graph.indexOf(target);
        if (j < 0) {
            scope.add(Problems.FLOW_UNKNOWN_NODE, at, "The flow has no node '" + target + "'.");
        } else if (j == i || !scope.graph.ancestors(i).get(j)) {
            scope.add(Problems.FLOW_RETURN_TARGET_INVALID, at, "'" + target + "' does not come before this"
                    + " approval, so the record cannot be returned to it.");
        }
    }

    private void task(String at, int i, TaskNode t) {
        if (t.assignees().isEmpty()) {
            scope.add(Problems.FLOW_NO_ASSIGNEES, at, "The task has no assignees: nobody could complete it.");
        }
        assignments.all(at + "/assignees", t.assignees(), i);
        for (int j = 0; j < t.fields().size(); j++) {
            FieldDefinition f = scope.field(at + "/fields/" + j, t.fields().get(j));
            if (f instanceof FormulaField || f instanceof AutonumberField) {
                scope.add(Problems.FLOW_FIELD_NOT_WRITABLE, at + "/fields/" + j, "'" + f.key() + "' is computed,"
                        + " so nobody can fill it in.");
            }
        }
        for (int j = 0; j < t.required().size(); j++) {
            if (!t.fields().contains(t.required().get(j))) {
                scope.add(Problems.FLOW_FIELD_NOT_WRITABLE, at + "/required/" + j, "'" + t.required().get(j)
                        + "' is not among the task's fields, so the assignee cannot fill it in.");
            }
        }
        if (t.deadline() != null) {
            deadline(at + "/deadline", t.deadline(), false, i);
        }
    }

    private void deadline(String at, Deadline d, boolean approval, int i) {
        positiveDuration(at + "/after", d.after());
        boolean escalate = d.action() == Deadline.Action.ESCALATE;
        if (escalate && d.escalateTo() == null) {
            scope.add(Problems.FLOW_DEADLINE_INVALID, at, "escalate needs escalateTo: who gets the task then.");
        } else if (!escalate && d.escalateTo() != null) {
            scope.add(Problems.FLOW_DEADLINE_INVALID, at + "/escalateTo", "escalateTo belongs to the escalate"
                    + " action.");
        }
        if (d.remindEvery() != null) {
            if (d.action() != Deadline.Action.REMIND) {
                scope.add(Problems.FLOW_DEADLINE_INVALID, at + "/remindEvery", "remindEvery belongs to the remind"
                        + " action.");
            } else {
                positiveDuration(at + "/remindEvery", d.remindEvery());
            }
        }
        if (!approval && (d.action() == Deadline.Action.AUTO_APPROVE || d.action() == Deadline.Action.AUTO_REJECT)) {
            scope.add(Problems.FLOW_DEADLINE_INVALID, at + "/action", "A task cannot be approved or rejected;"
                    + " use remind or escalate.");
        }
        if (d.escalateTo() != null) {
            assignments.one(at + "/escalateTo", d.escalateTo(), i);
        }
    }

    private void query(String at, QueryNode q) {
        FormDefinition target = form(at + "/form", q.form());
        if (target == null) {
            return;
        }
        if (q.filter() != null) {
            for (var issue : FilterCheck.checkFlow(q.filter(), at + "/filter", FilterCheck.kinds(target),
                    scope.recordKinds())) {
                scope.add(Problems.FLOW_FILTER_INVALID, issue.pointer(), issue.message());
            }
        }
        if (q.sort() != null) {
            String key = q.sort().startsWith("-") ? q.sort().substring(1) : q.sort();
            if (!SystemFields.VIEWABLE.contains(key) && target.field(key).isEmpty()) {
                scope.add(Problems.FLOW_UNKNOWN_FIELD, at + "/sort", "The form '" + target.key() + "' has no field '"
                        + key + "' to sort by.");
            }
        }
    }

    private void notify(String at, int i, NotifyNode n) {
        if (n.to().isEmpty()) {
            scope.add(Problems.FLOW_NO_ASSIGNEES, at, "The notification has no recipients (to).");
        }
        assignments.all(at + "/to", n.to(), i);
        assignments.all(at + "/cc", n.cc(), i);
        if (n.channels().contains(NotifyNode.Channel.IN_APP) && n.message() == null) {
            scope.add(Problems.FLOW_NOTIFY_INVALID, at, "An in-app notification needs a message.");
        }
        if (n.channels().contains(NotifyNode.Channel.EMAIL) && (n.subject() == null || n.template() == null)) {
            scope.add(Problems.FLOW_NOTIFY_INVALID, at, "An e-mail needs a subject and a template.");
        }
        if (n.template() != null && !templates.contains(n.template())) {
            scope.add(Problems.FLOW_UNKNOWN_TEMPLATE, at + "/template", "The package has no templates/" + n.template()
                    + ".html.");
        }
        if (n.message() != null) {
            n.message().values().forEach((lang, text) -> scope.placeholders(at + "/message/" + lang, text, i));
        }
        if (n.subject() != null) {
            n.subject().values().forEach((lang, text) -> scope.placeholders(at + "/subject/" + lang, text, i));
        }
    }

    private void subflow(String at, SubflowNode s) {
        FlowDefinition called = flows.get(s.flow());
        if (called == null) {
            scope.add(Problems.FLOW_UNKNOWN_FLOW, at + "/flow", "The app has no flow '" + s.flow() + "'.");
        } else if (called.form() != null && !called.form().equals(scope.flow.form())) {
            scope.add(Problems.FLOW_SUBFLOW_INVALID, at + "/flow", "The flow '" + s.flow() + "' runs on '"
                    + called.form() + "' records, this one on " + (scope.flow.form() == null
                            ? "none"
                            : "'" + scope.flow.form() + "'")
                    + ".");
        }
    }

    /**
     * Checks which records an update or delete changes; returns their form, or null when unknown.
     */
    private FormDefinition target(String at, int i, String link, String records) {
        if (link != null && records != null) {
            scope.add(Problems.FLOW_TARGET_INVALID, at, "Give link or records, not both.");
            return null;
        }
        if (link != null) {
            FieldDefinition f = scope.field(at + "/link", link);
            if (f == null) {
                return null;
            }
            if (!(f instanceof LinkField lf)) {
                scope.add(Problems.FLOW_FIELD_TYPE_MISMATCH, at + "/link", "'" + link + "' is not a link field.");
                return null;
            }
            return forms.get(lf.form());
        }
        if (records != null) {
            int j = scope.graph.indexOf(records);
            if (j < 0) {
                scope.add(Problems.FLOW_UNKNOWN_NODE, at + "/records", "The flow has no node '" + records + "'.");
                return null;
            }
            if (!(scope.flow.nodes().get(j) instanceof QueryNode q) || !scope.graph.ancestors(i).get(j)) {
                scope.add(Problems.FLOW_TARGET_INVALID, at + "/records", "'" + records + "' must be a query node"
                        + " that runs before this one.");
                return null;
            }
            return forms.get(q.form());
        }
        if (scope.form == null) {
            scope.add(Problems.FLOW_TARGET_INVALID, at, "The flow has no record; name link or records.");
        }
        return scope.form;
    }

    private void set(String at, int i, Map<String, String> set, FormDefinition target) {
        for (var e : set.entrySet()) {
            String p = at + "/set/" + DefinitionParser.escape(e.getKey());
            scope.expression(p, e.getValue(), i);
            if (target == null || e.getKey().equals("owner")) {
                continue;
            }
            if (SystemFields.RESERVED.contains(e.getKey())) {
                scope.add(Problems.FLOW_FIELD_NOT_WRITABLE, p, "'" + e.getKey() + "' is a system field; of those"
                        + " only owner can be set.");
                continue;
            }
            var f = target.field(e.getKey());
            if (f.isEmpty()) {
                scope.add(Problems.FLOW_UNKNOWN_FIELD, p, "The form '" + target.key() + "' has no field '"
                        + e.getKey() + "'.");
            } else if (f.get() instanceof FormulaField || f.get() instanceof AutonumberField) {
                scope.add(Problems.FLOW_FIELD_NOT_WRITABLE, p, "'" + e.getKey() + "' is computed and cannot be set.");
            } else if (f.get() instanceof SelectField s) {
                var literal = ExpressionReferences.stringLiteral(e.getValue());
                if (literal.isPresent() && s.options().stream().map(SelectOption::value)
                        .noneMatch(literal.get()::equals)) {
                    scope.add(Problems.FLOW_VALUE_NOT_AN_OPTION, p, "'" + literal.get() + "' is not an option of '"
                            + e.getKey() + "'.");
                }
            }
        }
    }

    private FormDefinition form(String at, String key) {
        FormDefinition f = forms.get(key);
        if (f == null) {
            scope.add(Problems.FLOW_UNKNOWN_FORM, at, "The app has no form '" + key + "'.");
        }
        return f;
    }

    private void positiveDuration(String at, String text) {
        var sign = FlowValues.durationSign(text);
        if (sign.isEmpty() || sign.get() <= 0) {
            scope.add(Problems.FLOW_DURATION_INVALID, at, "'" + text + "' is not a positive ISO 8601 duration such"
                    + " as P3D, PT4H or P1DT12H.");
        }
    }
}
