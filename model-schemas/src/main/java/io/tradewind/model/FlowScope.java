package io.tradewind.model;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tradewind.model.app.AppDefinition;
import io.tradewind.model.flow.ApprovalNode;
import io.tradewind.model.flow.FlowDefinition;
import io.tradewind.model.flow.FlowGraph;
import io.tradewind.model.form.DateField;
import io.tradewind.model.form.DatetimeField;
import io.tradewind.model.form.DepartmentField;
import io.tradewind.model.form.ExpressionReferences;
import io.tradewind.model.form.ExpressionScope;
import io.tradewind.model.form.FieldDefinition;
import io.tradewind.model.form.FormDefinition;
import io.tradewind.model.form.SystemFields;
import io.tradewind.model.form.UserField;

/**
 * What the expressions and field references of one flow may name, and the checks of those names. In
 * a flow expression the scope is: the top-level fields and system fields of the flow's record (when
 * it has a form), {@code submitter} (the user who started the instance, null for schedules and
 * webhooks), {@code settings.<key>} (app.json settings), {@code outputs.<node>} (what an earlier
 * query, create, approval, HTTP or script node produced), {@code decision} (flows with an approval:
 * the latest decision), {@code payload} (webhook flows: the request body), and the standard library
 * ({@code changed('field')} only in flows started by a record being created or updated).
 */
final class FlowScope {
    /** The name of the user who started the instance. */
    static final String SUBMITTER = "submitter";
    /** The name of the app settings. */
    static final String SETTINGS = "settings";
    /** The name of the earlier nodes' outputs. */
    static final String OUTPUTS = "outputs";
    /** The name of a webhook's request body. */
    static final String PAYLOAD = "payload";
    /** The name of the latest approval decision. */
    static final String DECISION = "decision";
    private static final Set<String> USER_SYSTEM_FIELDS = Set.of("owner", "createdBy", "updatedBy");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*}}");
    private static final Pattern PATH = Pattern
            .compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*|\\[\\d+])*");

    final String file;
    final FlowDefinition flow;
    /** The flow's form, null when it has none or it is unknown. */
    final FormDefinition form;
    final FlowGraph graph;
    private final AppDefinition app;
    private final List<Problem> problems;

    FlowScope(String file, FlowDefinition flow, FormDefinition form, AppDefinition app, List<Problem> problems) {
        this.file = file;
        this.flow = flow;
        this.form = form;
        this.graph = FlowGraph.of(flow);
        this.app = app;
        this.problems = problems;
    }

    void add(String code, String pointer, String message) {
        problems.add(new Problem(code, file, pointer, message));
    }

    /**
     * Checks an expression found at {@code at}, used by the node at position {@code node} (-1 for the
     * trigger).
     */
    void expression(String at, String expr, int node) {
        var syntax = ExpressionReferences.syntaxProblem(expr);
        if (syntax.isPresent()) {
            add(Problems.EXPR_SYNTAX, at, "The expression cannot be read: " + syntax.get() + ".");
            return;
        }
        for (String name : ExpressionReferences.freeIdentifiers(expr)) {
            name(at, name);
        }
        if (ExpressionReferences.freeIdentifiers(expr).contains("changed")) {
            if (!flow.trigger().seesChanges()) {
                add(Problems.FLOW_CHANGED_NOT_AVAILABLE, at, "changed() tells what a create or update changed;"
                        + " this flow is not started by one.");
            }
            for (String f : ExpressionReferences.literalArguments(expr, "changed")) {
                if (form == null || form.field(f).isEmpty()) {
                    add(Problems.EXPR_UNKNOWN_FIELD, at, "changed('" + f + "') names no field of the record.");
                }
            }
        }
        for (String key : ExpressionReferences.memberNames(expr, SETTINGS)) {
            if (!app.settings().containsKey(key)) {
                add(Problems.FLOW_UNKNOWN_SETTING, at, "app.json has no setting '" + key + "'.");
            }
        }
        for (String key : ExpressionReferences.memberNames(expr, OUTPUTS)) {
            output(at, key, node);
        }
    }

    /**
     * Checks the {@code {{path}}} placeholders of a text used by node {@code node}: a path is a name an
     * expression could use, then {@code .property} or {@code [index]} steps ({@code {{company}}},
     * {@code {{decision.comment}}}, {@code {{outputs.quote[0].number}}}).
     */
    void placeholders(String at, String text, int node) {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            String path = m.group(1);
            if (!PATH.matcher(path).matches()) {
                add(Problems.EXPR_SYNTAX, at, "A placeholder is {{name}} or {{name.property}}; '{{" + path
                        + "}}' is not one.");
            } else {
                expression(at, path, node);
            }
        }
    }

    private void name(String at, String name) {
        if (ExpressionScope.isBuiltIn(name) || name.equals(SUBMITTER) || name.equals(SETTINGS)
                || name.equals(OUTPUTS) || isRecordField(name) || (name.equals(PAYLOAD)
                        && flow.trigger() instanceof io.tradewind.model.flow.FlowTrigger.Webhook)
                || (name.equals(DECISION) && flow.nodes().stream().anyMatch(ApprovalNode.class::isInstance))) {
            return;
        }
        add(Problems.EXPR_UNKNOWN_FIELD, at, "The expression uses '" + name + "', which is "
                + (form == null
                        ? "not available (the flow has no record)"
                        : "neither a field of '" + form.key()
                                + "'")
                + " nor submitter, settings, outputs, decision or a built-in function.");
    }

    private void output(String at, String key, int node) {
        int j = graph.indexOf(key);
        BitSet before = node < 0 ? new BitSet() : graph.ancestors(node);
        if (j < 0 || !flow.nodes().get(j).hasOutput() || !before.get(j)) {
            add(Problems.FLOW_UNKNOWN_OUTPUT, at, "outputs." + key + " is not available here: it must name a"
                    + " query, create, http or script node that runs before.");
        }
    }

    /** Whether the flow's record has a top-level field or system field of this name. */
    boolean isRecordField(String key) {
        return form != null && (SystemFields.VIEWABLE.contains(key) || form.field(key).isPresent());
    }

    /**
     * Checks a user reference: {@code submitter}, {@code owner} or a user field of the record.
     */
    void userRef(String at, String ref) {
        if (ref.equals(SUBMITTER) || ref.equals("owner")) {
            return;
        }
        userField(at, ref, false);
    }

    /** Checks a field that must hold a user (system user fields allowed when {@code system}). */
    void userField(String at, String key, boolean system) {
        if (system && USER_SYSTEM_FIELDS.contains(key) && form != null) {
            return;
        }
        FieldDefinition f = field(at, key);
        if (f != null && !(f instanceof UserField)) {
            add(Problems.FLOW_FIELD_TYPE_MISMATCH, at, "'" + key + "' is not a user field.");
        }
    }

    /** Checks a field that must hold a department. */
    void departmentField(String at, String key) {
        FieldDefinition f = field(at, key);
        if (f != null && !(f instanceof DepartmentField)) {
            add(Problems.FLOW_FIELD_TYPE_MISMATCH, at, "'" + key + "' is not a department field.");
        }
    }

    /** Checks a field that must hold a date or date-time (the system date-times allowed). */
    void dateField(String at, String key) {
        if (form != null && (key.equals("createdAt") || key.equals("updatedAt"))) {
            return;
        }
        FieldDefinition f = field(at, key);
        if (f != null && !(f instanceof DateField) && !(f instanceof DatetimeField)) {
            add(Problems.FLOW_FIELD_TYPE_MISMATCH, at, "'" + key + "' is neither a date nor a date-time field.");
        }
    }

    /** A top-level field of the flow's form; reports and returns null when there is none. */
    FieldDefinition field(String at, String key) {
        if (form == null) {
            add(Problems.FLOW_UNKNOWN_FIELD, at, "The flow has no record, so it has no field '" + key + "'.");
            return null;
        }
        Optional<FieldDefinition> f = form.field(key);
        if (f.isEmpty()) {
            add(Problems.FLOW_UNKNOWN_FIELD, at, "The form '" + form.key() + "' has no field '" + key + "'.");
            return null;
        }
        return f.get();
    }

    /** The roles of app.json. */
    boolean isRole(String role) {
        return app.roles().stream().anyMatch(r -> r.key().equals(role));
    }

    /** The fields a filter of the flow's record may compare with, empty when it has none. */
    Map<String, FilterCheck.Kind> recordKinds() {
        return form == null ? Map.of() : FilterCheck.kinds(form);
    }
}
