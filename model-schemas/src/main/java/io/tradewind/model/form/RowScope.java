package io.tradewind.model.form;

import java.io.IOException;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

/**
 * Which existing records a role reaches: in JSON the string {@code "own"}, {@code "department"},
 * {@code "departmentTree"} or {@code "all"}, or an object {@code {"filter": <filter>}}. A role's
 * rows are the union of its scopes.
 */
@JsonDeserialize(using = RowScope.Reader.class)
public sealed interface RowScope {

    /** Records whose owner is the caller. JSON {@code "own"}. */
    record Own() implements RowScope {
        @JsonValue
        public String json() {
            return "own";
        }
    }

    /** Records whose owner is in the caller's department. JSON {@code "department"}. */
    record Department() implements RowScope {
        @JsonValue
        public String json() {
            return "department";
        }
    }

    /**
     * Records whose owner is in the caller's department or any department below it. JSON
     * {@code "departmentTree"}.
     */
    record DepartmentTree() implements RowScope {
        @JsonValue
        public String json() {
            return "departmentTree";
        }
    }

    /** Every record of the form. JSON {@code "all"}. */
    record All() implements RowScope {
        @JsonValue
        public String json() {
            return "all";
        }
    }

    /**
     * Records matching a filter of the filter language; string values {@code "$user.id"} and
     * {@code "$user.department"} stand for the caller's user id and department id.
     *
     * @param filter
     *            the filter (a copy is kept and a copy is returned, so the record stays immutable)
     */
    record Filter(JsonNode filter) implements RowScope {
        /** Placeholder for the caller's user id. */
        public static final String USER_ID = "$user.id";
        /** Placeholder for the caller's department id. */
        public static final String USER_DEPARTMENT = "$user.department";

        /** Rejects a null filter and keeps a copy. */
        public Filter {
            filter = Objects.requireNonNull(filter, "filter").deepCopy();
        }

        /** A copy of the filter. */
        @Override
        public JsonNode filter() {
            return filter.deepCopy();
        }
    }

    /** The scope named by a JSON string, or null when the name is unknown. */
    static RowScope named(String name) {
        return switch (name) {
            case "own" -> new Own();
            case "department" -> new Department();
            case "departmentTree" -> new DepartmentTree();
            case "all" -> new All();
            default -> null;
        };
    }

    /** Reads a scope from a string or a {@code {"filter": …}} object. */
    final class Reader extends StdDeserializer<RowScope> {
        private static final long serialVersionUID = 1L;

        Reader() {
            super(RowScope.class);
        }

        @Override
        public RowScope deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            JsonNode node = ctx.readTree(p);
            if (node.isTextual()) {
                RowScope scope = named(node.textValue());
                if (scope == null) {
                    return (RowScope) ctx.handleWeirdStringValue(RowScope.class, node.textValue(),
                            "expected own, department, departmentTree, all or {\"filter\": …}");
                }
                return scope;
            }
            if (node.isObject() && node.size() == 1 && node.get("filter") != null && node.get("filter").isObject()) {
                return new Filter(node.get("filter"));
            }
            return (RowScope) ctx.handleUnexpectedToken(RowScope.class, p);
        }
    }
}
