package io.tradewind.runtime.form.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.tradewind.model.form.RowScope;
import io.tradewind.runtime.security.TradewindPrincipal;

/**
 * Compiles a caller's row scopes (own, department, department tree, filter) to one parameterized
 * SQL condition on the {@code record} table. Departments are resolved in the same query (a
 * recursive walk down the department tree), so a move between departments takes effect at once.
 */
public final class ScopeCompiler {
    /** Matches no department and no user: stands in for a caller without a department. */
    private static final UUID NOBODY = new UUID(0, 0);

    private ScopeCompiler() {
    }

    /**
     * The condition for the union of {@code scopes}; null when {@code scopes} is null (every row),
     * {@code false} when it is empty.
     */
    public static String compile(List<RowScope> scopes, TradewindPrincipal user, Map<String, FieldRef> fields,
            SqlParams params, Instant now) {
        if (scopes == null) {
            return null;
        }
        if (scopes.isEmpty()) {
            return "false";
        }
        List<String> ors = new ArrayList<>();
        for (RowScope s : scopes) {
            ors.add(switch (s) {
                case RowScope.All a -> "true";
                case RowScope.Own o -> "owner = " + params.add(user.userId());
                case RowScope.Department d -> "owner in (select u.id from app_user u where u.tenant_id = "
                        + params.add(user.tenantId()) + " and u.department_id = " + params.add(department(user))
                        + ")";
                case RowScope.DepartmentTree t -> departmentTree(user, params);
                case RowScope.Filter f -> new FilterCompiler(fields, params, now).compile(substitute(f.filter(),
                        user), "/permissions");
            });
        }
        return "(" + String.join(" or ", ors) + ")";
    }

    private static String departmentTree(TradewindPrincipal user, SqlParams params) {
        String tenant = params.add(user.tenantId());
        return "owner in (select u.id from app_user u where u.tenant_id = " + tenant + " and u.department_id in"
                + " (with recursive tree(id) as (select " + params.add(department(user)) + "::uuid union"
                + " select d.id from department d join tree on d.parent_id = tree.id where d.tenant_id = " + tenant
                + ") select id from tree))";
    }

    private static UUID department(TradewindPrincipal user) {
        return user.departmentId() == null ? NOBODY : user.departmentId();
    }

    /** A copy of the filter with the {@code $user.*} placeholders replaced by the caller's values. */
    static JsonNode substitute(JsonNode node, TradewindPrincipal user) {
        if (node.isTextual()) {
            return switch (node.textValue()) {
                case RowScope.Filter.USER_ID -> TextNode.valueOf(user.userId().toString());
                case RowScope.Filter.USER_DEPARTMENT -> TextNode.valueOf(department(user).toString());
                default -> node;
            };
        }
        if (node instanceof ObjectNode o) {
            ObjectNode copy = o.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
                var e = it.next();
                copy.set(e.getKey(), substitute(e.getValue(), user));
            }
            return copy;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode copy = a.arrayNode();
            a.forEach(v -> copy.add(substitute(v, user)));
            return copy;
        }
        return node;
    }
}
