package io.tradewind.model;

import java.util.List;
import java.util.Map;

import io.tradewind.model.flow.Assignment;
import io.tradewind.model.form.DepartmentField;
import io.tradewind.model.form.FormDefinition;
import io.tradewind.model.form.UserField;

/**
 * The checks of assignments (who gets an approval, task or notification, who becomes an owner)
 * against the package: roles of app.json, fields of the flow's record and of mapping forms, manager
 * levels, and that pickers pick from a group.
 */
final class FlowAssignmentChecks {
    /** The highest manager level an assignment or manager chain may name. */
    static final int MAX_LEVELS = 10;

    private final FlowScope scope;
    private final Map<String, FormDefinition> forms;

    FlowAssignmentChecks(FlowScope scope, Map<String, FormDefinition> forms) {
        this.scope = scope;
        this.forms = forms;
    }

    /** Checks a list of assignments used by node {@code i}. */
    void all(String at, List<Assignment> list, int i) {
        for (int j = 0; j < list.size(); j++) {
            one(at + "/" + j, list.get(j), i);
        }
    }

    /** Checks an assignment used by node {@code i}. */
    void one(String at, Assignment a, int i) {
        switch (a) {
            case Assignment.Role r -> {
                if (!scope.isRole(r.role())) {
                    scope.add(Problems.FLOW_UNKNOWN_ROLE, at + "/role", "app.json has no role '" + r.role() + "'.");
                }
            }
            case Assignment.Department d -> {
                if ((d.department() == null) == (d.field() == null)) {
                    scope.add(Problems.FLOW_ASSIGNMENT_INVALID, at, "Give either department (a code) or field (a"
                            + " department field), exactly one.");
                } else if (d.field() != null) {
                    scope.departmentField(at + "/field", d.field());
                }
            }
            case Assignment.Manager m -> {
                if (m.levels() < 1 || m.levels() > MAX_LEVELS) {
                    scope.add(Problems.FLOW_ASSIGNMENT_INVALID, at + "/levels", "levels is 1 to " + MAX_LEVELS + ".");
                }
                scope.userRef(at + "/of", m.of());
            }
            case Assignment.Field f -> scope.userField(at + "/field", f.field(), true);
            case Assignment.Mapping m -> mapping(at, m, i);
            case Assignment.RoundRobin r -> picker(at, r.among(), i);
            case Assignment.LeastOpenTasks l -> picker(at, l.among(), i);
            case Assignment.User u -> {
                // a username: users are data of the tenant, not of the package
            }
            case Assignment.Submitter s -> {
                // always known (null for schedules and webhooks, where the runtime notifies nobody)
            }
        }
    }

    private void picker(String at, Assignment among, int i) {
        if (!among.isGroup()) {
            scope.add(Problems.FLOW_ASSIGNMENT_INVALID, at + "/among", "Pick from a group: a role, a department or"
                    + " a mapping.");
        }
        one(at + "/among", among, i);
    }

    private void mapping(String at, Assignment.Mapping m, int i) {
        scope.expression(at + "/key", m.key(), i);
        FormDefinition table = forms.get(m.form());
        if (table == null) {
            scope.add(Problems.FLOW_UNKNOWN_FORM, at + "/form", "The app has no form '" + m.form() + "'.");
            return;
        }
        if (table.field(m.keyField()).isEmpty()) {
            scope.add(Problems.FLOW_UNKNOWN_FIELD, at + "/keyField", "The form '" + table.key() + "' has no field '"
                    + m.keyField() + "'.");
        }
        var value = table.field(m.valueField());
        if (value.isEmpty()) {
            scope.add(Problems.FLOW_UNKNOWN_FIELD, at + "/valueField", "The form '" + table.key() + "' has no field '"
                    + m.valueField() + "'.");
        } else if (!(value.get() instanceof UserField)
                && !(value.get() instanceof DepartmentField)) {
            scope.add(Problems.FLOW_FIELD_TYPE_MISMATCH, at + "/valueField", "'" + m.valueField() + "' must be a"
                    + " user or department field.");
        }
    }

}
