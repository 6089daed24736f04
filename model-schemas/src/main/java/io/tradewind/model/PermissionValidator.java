package io.tradewind.model;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.tradewind.model.form.AutonumberField;
import io.tradewind.model.form.BooleanField;
import io.tradewind.model.form.CountryField;
import io.tradewind.model.form.DateField;
import io.tradewind.model.form.DatetimeField;
import io.tradewind.model.form.DecimalField;
import io.tradewind.model.form.EmailField;
import io.tradewind.model.form.FieldAccess;
import io.tradewind.model.form.FieldDefinition;
import io.tradewind.model.form.FormDefinition;
import io.tradewind.model.form.FormPermission;
import io.tradewind.model.form.FormulaField;
import io.tradewind.model.form.IntegerField;
import io.tradewind.model.form.MultiselectField;
import io.tradewind.model.form.PercentField;
import io.tradewind.model.form.PermissionAction;
import io.tradewind.model.form.RowScope;
import io.tradewind.model.form.SelectField;
import io.tradewind.model.form.TextField;
import io.tradewind.model.form.TextareaField;

/**
 * The semantic checks of a form's {@code permissions}: roles declared by the app (never the
 * built-in admin, each once), row scopes where actions need them, read access under update, delete,
 * export and transfer, known fields, valid row filters, and required fields writable by a role that
 * creates records.
 */
final class PermissionValidator {
    /** The built-in role that always has every right and is never listed. */
    static final String ADMIN = "admin";

    private final String file;
    private final FormDefinition form;
    private final Set<String> roles;
    private final List<Problem> problems;

    private PermissionValidator(String file, FormDefinition form, Set<String> roles, List<Problem> problems) {
        this.file = file;
        this.form = form;
        this.roles = roles;
        this.problems = problems;
    }

    /**
     * Checks the permissions of a form, adding problems to {@code problems}.
     *
     * @param roles
     *            the role keys of app.json, or null when the app is unknown (role names are then not
     *            checked against it)
     */
    static void validate(String file, FormDefinition form, Set<String> roles, List<Problem> problems) {
        new PermissionValidator(file, form, roles, problems).run();
    }

    private void run() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < form.permissions().size(); i++) {
            FormPermission p = form.permissions().get(i);
            String at = "/permissions/" + i;
            role(p.role(), at, seen);
            actions(p, at);
            fields(p, at);
            for (int j = 0; j < p.rows().size(); j++) {
                if (p.rows().get(j) instanceof RowScope.Filter f) {
                    for (FilterCheck.Issue issue : FilterCheck.check(f.filter(), at + "/rows/" + j + "/filter", form)) {
                        add(Problems.PERMISSION_FILTER_INVALID, issue.pointer(), "The row filter is not valid: "
                                + issue.message());
                    }
                }
            }
            if (p.allows(PermissionAction.CREATE)) {
                creatable(p, at);
            }
        }
    }

    private void role(String role, String at, Set<String> seen) {
        if (role.equals(ADMIN)) {
            add(Problems.PERMISSION_ROLE_RESERVED, at + "/role", "'admin' always has every right and is not"
                    + " listed in permissions.");
        } else if (!seen.add(role)) {
            add(Problems.PERMISSION_DUPLICATE_ROLE, at + "/role", "The role '" + role + "' already has an entry;"
                    + " give each role one entry.");
        } else if (roles != null && !roles.contains(role)) {
            add(Problems.PERMISSION_UNKNOWN_ROLE, at + "/role", "The role '" + role
                    + "' is not one of the roles of app.json.");
        }
    }

    private void actions(FormPermission p, String at) {
        String onRows = p.actions().stream().filter(PermissionAction::onRows).map(PermissionAction::json)
                .collect(Collectors.joining(", "));
        if (!onRows.isEmpty() && p.rows().isEmpty()) {
            add(Problems.PERMISSION_ROWS_REQUIRED, at, "The actions " + onRows + " work on existing records; say"
                    + " which ones with \"rows\".");
        }
        if (!p.allows(PermissionAction.READ)) {
            String needing = p.actions().stream().filter(a -> a.onRows() && a != PermissionAction.READ).map(
                    PermissionAction::json).collect(Collectors.joining(", "));
            if (!needing.isEmpty()) {
                add(Problems.PERMISSION_NEEDS_READ, at + "/actions", "The actions " + needing + " need \"read\""
                        + " as well.");
            }
        }
    }

    private void fields(FormPermission p, String at) {
        for (String key : p.fields().keySet()) {
            if (form.field(key).isEmpty()) {
                add(Problems.PERMISSION_UNKNOWN_FIELD, at + "/fields/" + DefinitionParser.escape(key), "'" + key
                        + "' is not a top-level field of the form.");
            }
        }
    }

    private void creatable(FormPermission p, String at) {
        for (FieldDefinition f : form.fields()) {
            if (!f.required() || computed(f) || hasDefault(f) || p.access(f.key()) == FieldAccess.WRITE) {
                continue;
            }
            Map<String, FieldAccess> listed = p.fields();
            String pointer = listed.containsKey(f.key())
                    ? at + "/fields/" + DefinitionParser.escape(f.key())
                    : at + "/otherFields";
            add(Problems.PERMISSION_REQUIRED_FIELD_NOT_WRITABLE, pointer, "The role may create records but not"
                    + " write the required field '" + f.key() + "', which has no default.");
        }
    }

    private static boolean computed(FieldDefinition f) {
        return f instanceof AutonumberField || f instanceof FormulaField;
    }

    private static boolean hasDefault(FieldDefinition f) {
        return switch (f) {
            case TextField x -> x.defaultValue() != null;
            case TextareaField x -> x.defaultValue() != null;
            case IntegerField x -> x.defaultValue() != null;
            case DecimalField x -> x.defaultValue() != null;
            case PercentField x -> x.defaultValue() != null;
            case BooleanField x -> x.defaultValue() != null;
            case DateField x -> x.defaultValue() != null;
            case DatetimeField x -> x.defaultValue() != null;
            case SelectField x -> x.defaultValue() != null;
            case MultiselectField x -> !x.defaultValue().isEmpty();
            case EmailField x -> x.defaultValue() != null;
            case CountryField x -> x.defaultValue() != null;
            default -> false;
        };
    }

    private void add(String code, String pointer, String message) {
        problems.add(new Problem(code, file, pointer, message));
    }
}
