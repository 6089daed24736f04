package io.tradewind.model.form;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What one role may do with a form's records: one entry of the form's {@code permissions}.
 *
 * @param role
 *            a role key of the app (never the built-in {@code admin}, which has every right)
 * @param actions
 *            the actions granted; never null
 * @param rows
 *            the records that read, update, delete, export and transfer reach: the union of these
 *            scopes; empty when absent (then the role reaches no existing record)
 * @param fields
 *            access per top-level field key; fields not listed have {@code otherFields}; empty when
 *            absent
 * @param otherFields
 *            the access to fields not listed in {@code fields}; {@link FieldAccess#WRITE} when
 *            absent
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FormPermission(String role, Set<PermissionAction> actions, List<RowScope> rows,
        Map<String, FieldAccess> fields, FieldAccess otherFields) {

    /** Rejects a null role and null elements; copies collections; absent otherFields is WRITE. */
    public FormPermission {
        Objects.requireNonNull(role, "role");
        actions = actions == null || actions.isEmpty()
                ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(actions));
        rows = FieldSupport.copy(rows);
        if (fields == null) {
            fields = Map.of();
        } else {
            Map<String, FieldAccess> copy = new LinkedHashMap<>();
            fields.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "field key"), Objects.requireNonNull(v,
                    "field access")));
            fields = Collections.unmodifiableMap(copy);
        }
        otherFields = otherFields == null ? FieldAccess.WRITE : otherFields;
    }

    /**
     * The role's access to a top-level field: its entry in {@code fields}, else {@code otherFields}.
     */
    public FieldAccess access(String fieldKey) {
        return fields.getOrDefault(fieldKey, otherFields);
    }

    /** Whether the role has the action. */
    public boolean allows(PermissionAction action) {
        return actions.contains(action);
    }
}
