package io.tradewind.runtime.form.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.tradewind.model.form.FieldAccess;
import io.tradewind.model.form.FormPermission;
import io.tradewind.model.form.PermissionAction;
import io.tradewind.model.form.RowScope;
import io.tradewind.runtime.error.AccessDenied;

/**
 * What one caller may do with one form: the actions, the rows each action reaches and the access to
 * each field, combined over the caller's roles (actions and rows are unions, field access the
 * widest).
 */
public final class Grant {
    private final String formKey;
    private final boolean admin;
    private final List<FormPermission> permissions;

    private Grant(String formKey, boolean admin, List<FormPermission> permissions) {
        this.formKey = formKey;
        this.admin = admin;
        this.permissions = permissions;
    }

    static Grant admin(String formKey) {
        return new Grant(formKey, true, List.of());
    }

    static Grant of(String formKey, List<FormPermission> permissions) {
        return new Grant(formKey, false, List.copyOf(permissions));
    }

    /** True for administrators, who may do everything. */
    public boolean isAdmin() {
        return admin;
    }

    public boolean allows(PermissionAction action) {
        return admin || permissions.stream().anyMatch(p -> p.allows(action));
    }

    /** The actions the caller has, in their declared order. */
    public List<PermissionAction> actions() {
        return java.util.Arrays.stream(PermissionAction.values()).filter(this::allows).toList();
    }

    /** Throws 403 {@code ACTION_NOT_ALLOWED} unless the caller has the action. */
    public Grant require(PermissionAction action) {
        if (!allows(action)) {
            throw new AccessDenied("ACTION_NOT_ALLOWED", "You may not " + action.name().toLowerCase(Locale.ROOT)
                    + " records of the form '" + formKey + "'.");
        }
        return this;
    }

    /**
     * The row scopes that the action reaches, OR-ed; null when it reaches every row. Empty when it
     * reaches none.
     */
    public List<RowScope> rows(PermissionAction action) {
        if (admin) {
            return null;
        }
        List<RowScope> out = new ArrayList<>();
        for (FormPermission p : permissions) {
            if (!p.allows(action)) {
                continue;
            }
            for (RowScope s : p.rows()) {
                if (s instanceof RowScope.All) {
                    return null;
                }
                out.add(s);
            }
        }
        return out;
    }

    /** The caller's access to a top-level field: the widest over their roles. */
    public FieldAccess access(String field) {
        if (admin) {
            return FieldAccess.WRITE;
        }
        FieldAccess widest = FieldAccess.HIDDEN;
        for (FormPermission p : permissions) {
            widest = widest.widest(p.access(field));
        }
        return widest;
    }

    /** True when the caller may see the field. */
    public boolean canRead(String field) {
        return access(field) != FieldAccess.HIDDEN;
    }
}
