package io.tradewind.runtime.form.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tradewind.model.form.FormDefinition;
import io.tradewind.model.form.FormPermission;
import io.tradewind.runtime.security.TradewindPrincipal;

/**
 * The {@code permissions} of one published form, ready to answer what a caller may do. A form
 * without permissions is for administrators only; administrators may do everything.
 */
public final class FormAccess {
    private final String formKey;
    private final Map<String, FormPermission> byRole;

    private FormAccess(String formKey, Map<String, FormPermission> byRole) {
        this.formKey = formKey;
        this.byRole = byRole;
    }

    /** Compiles a form's permissions. */
    public static FormAccess of(FormDefinition form) {
        Map<String, FormPermission> byRole = new LinkedHashMap<>();
        for (FormPermission p : form.permissions()) {
            byRole.put(p.role(), p);
        }
        return new FormAccess(form.key(), Map.copyOf(byRole));
    }

    /** What {@code user} may do with this form: the union of the grants of their roles. */
    public Grant grant(TradewindPrincipal user) {
        if (user.isAdmin()) {
            return Grant.admin(formKey);
        }
        List<FormPermission> mine = new ArrayList<>();
        for (String role : user.roles()) {
            FormPermission p = byRole.get(role);
            if (p != null) {
                mine.add(p);
            }
        }
        return Grant.of(formKey, mine);
    }
}
