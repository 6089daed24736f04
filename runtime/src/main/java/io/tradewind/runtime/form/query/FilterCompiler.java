package io.tradewind.runtime.form.query;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.TradewindException.Violation;
import io.tradewind.runtime.form.field.DatetimeCodec;
import io.tradewind.runtime.form.field.FieldCodec.SqlKind;

/**
 * Compiles the JSON filter language (DESIGN section 3) to a parameterized SQL condition. Fields
 * come from an allow-list and operators from a fixed set; values only ever travel as bind
 * parameters. Every problem is reported with a JSON Pointer into the filter.
 */
public final class FilterCompiler {
    private static final String UUID_TEXT = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    private static final Set<String> OPS = Set.of("eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "contains",
            "startsWith", "between", "isNull", "within");
    private static final int MAX_NODES = 200;

    private final Map<String, FieldRef> fields;
    private final SqlParams params;
    private final Instant now;
    private final List<Violation> problems = new ArrayList<>();
    private int nodes;

    public FilterCompiler(Map<String, FieldRef> fields, SqlParams params, Instant now) {
        this.fields = fields;
        this.params = params;
        this.now = now;
    }

    /** The SQL condition for a filter; throws {@link InvalidInput} listing every problem. */
    public String compile(JsonNode filter, String pointer) {
        String sql = node(filter, pointer, 0);
        if (!problems.isEmpty()) {
            throw new InvalidInput("FILTER_INVALID", "The filter is not valid.", problems);
        }
        return sql;
    }

    private String node(JsonNode n, String p, int depth) {
        if (++nodes > MAX_NODES || depth > 10) {
            problems.add(new Violation(p, "FILTER_TOO_COMPLEX", "The filter is too large or too deeply nested."));
            return "false";
        }
        if (!n.isObject()) {
            problems.add(new Violation(p, "FILTER_INVALID", "Each filter part must be an object."));
            return "false";
        }
        if (n.has("and") || n.has("or")) {
            String op = n.has("and") ? "and" : "or";
            expectOnly(n, p, Set.of(op));
            JsonNode list = n.get(op);
            if (!list.isArray() || list.isEmpty()) {
                problems.add(new Violation(p + "/" + op, "FILTER_INVALID", "'" + op + "' takes a non-empty array."));
                return "false";
            }
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                parts.add(node(list.get(i), p + "/" + op + "/" + i, depth + 1));
            }
            return "(" + String.join(" " + op + " ", parts) + ")";
        }
        if (n.has("not")) {
            expectOnly(n, p, Set.of("not"));
            return "not coalesce(" + node(n.get("not"), p + "/not", depth + 1) + ", false)";
        }
        return leaf(n, p);
    }

    private String leaf(JsonNode n, String p) {
        expectOnly(n, p, Set.of("field", "op", "value", "direction"));
        JsonNode f = n.get("field");
        JsonNode o = n.get("op");
        if (f == null || !f.isTextual()) {
            problems.add(new Violation(p + "/field", "FILTER_FIELD_MISSING", "Name the field to filter on."));
            return "false";
        }
        FieldRef field = fields.get(f.textValue());
        if (field == null) {
            problems.add(new Violation(p + "/field", "FILTER_UNKNOWN_FIELD", "'" + f.textValue()
                    + "' is not a field you can filter on."));
            return "false";
        }
        if (o == null || !o.isTextual() || !OPS.contains(o.textValue())) {
            problems.add(new Violation(p + "/op", "FILTER_UNKNOWN_OPERATOR", "Use one of the operators " + String
                    .join(", ", OPS.stream().sorted().toList()) + "."));
            return "false";
        }
        return new LeafCompiler(field, o.textValue(), n.get("value"), n.get("direction"), p).compile();
    }

    private void expectOnly(JsonNode n, String p, Set<String> allowed) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!allowed.contains(k)) {
                problems.add(new Violation(p + "/" + k, "FILTER_UNKNOWN_PROPERTY", "Unexpected '" + k
                        + "' in the filter."));
            }
        }
    }

    /** One {@code {field, op, value}} condition. */
    private final class LeafCompiler {
        private final FieldRef field;
        private final String op;
        private final JsonNode value;
        private final JsonNode direction;
        private final String p;

        LeafCompiler(FieldRef field, String op, JsonNode value, JsonNode direction, String p) {
            this.field = field;
            this.op = op;
            this.value = value;
            this.direction = direction;
            this.p = p;
        }

        String compile() {
            String x = field.sql();
            if (op.equals("isNull")) {
                boolean yes = value == null || value.asBoolean(true);
                // a system column is tested as itself (not its ::text form), so its index can answer
                String column = field.isColumn() ? x.replace("::text", "") : x;
                return column + (yes ? " is null" : " is not null");
            }
            if (value == null) {
                return fail("FILTER_VALUE_MISSING", "The operator '" + op + "' needs a value.");
            }
            if (field.kind() == SqlKind.ARRAY) {
                return array(x);
            }
            return switch (op) {
                case "eq", "ne", "gt", "gte", "lt", "lte" -> x + " " + sqlOp() + " " + bind(value, "/value");
                case "in", "nin" -> list(x);
                case "between" -> between(x);
                case "contains", "startsWith" -> like(x);
                case "within" -> within(x);
                default -> fail("FILTER_UNKNOWN_OPERATOR", "Unknown operator.");
            };
        }

        private String sqlOp() {
            return switch (op) {
                case "eq" -> "=";
                case "ne" -> "is distinct from";
                case "gt" -> ">";
                case "gte" -> ">=";
                case "lt" -> "<";
                default -> "<=";
            };
        }

        private String list(String x) {
            if (!value.isArray() || value.isEmpty() || value.size() > 100) {
                return fail("FILTER_VALUE_INVALID", "'" + op + "' takes an array of 1 to 100 values.");
            }
            List<String> binds = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                binds.add(bind(value.get(i), "/value/" + i));
            }
            String in = x + " in (" + String.join(", ", binds) + ")";
            return op.equals("in") ? in : "(" + x + " is null or not " + in + ")";
        }

        private String between(String x) {
            if (!value.isArray() || value.size() != 2) {
                return fail("FILTER_VALUE_INVALID", "'between' takes an array of two values [from, to].");
            }
            return x + " between " + bind(value.get(0), "/value/0") + " and " + bind(value.get(1), "/value/1");
        }

        private String like(String x) {
            if (field.kind() != SqlKind.TEXT || !value.isTextual()) {
                return fail("FILTER_VALUE_INVALID", "'" + op + "' works on text fields with a text value.");
            }
            String pattern = escapeLike(value.textValue());
            if (field.storage() == FieldRef.Storage.UUID) {
                x = x + "::text";
            }
            String v = op.equals("contains") ? "%" + pattern + "%" : pattern + "%";
            return x + " ilike " + params.add(v) + " escape '\\'";
        }

        private String within(String x) {
            if (field.kind() != SqlKind.DATE && field.kind() != SqlKind.DATETIME) {
                return fail("FILTER_VALUE_INVALID", "'within' works on date and date-time fields.");
            }
            boolean next = direction != null && "next".equals(direction.asText());
            if (direction != null && !next && !"past".equals(direction.asText())) {
                return failAt("/direction", "FILTER_VALUE_INVALID", "'direction' is 'past' (default) or 'next'.");
            }
            Instant other;
            try {
                String s = value.asText();
                other = s.contains("T")
                        ? (next ? now.plus(Duration.parse(s)) : now.minus(Duration.parse(s)))
                        : (next
                                ? now.atZone(ZoneOffset.UTC).plus(Period.parse(s)).toInstant()
                                : now.atZone(ZoneOffset.UTC).minus(Period.parse(s)).toInstant());
            } catch (DateTimeParseException | ArithmeticException e) {
                return fail("FILTER_VALUE_INVALID", "'within' takes an ISO 8601 duration such as P30D or PT12H.");
            }
            Instant from = next ? now : other;
            Instant to = next ? other : now;
            return x + " between " + params.add(bound(from)) + " and " + params.add(bound(to));
        }

        private Object bound(Instant i) {
            if (field.isColumn()) {
                return field.kind() == SqlKind.DATE
                        ? LocalDate.ofInstant(i, ZoneOffset.UTC)
                        : i.atOffset(
                                ZoneOffset.UTC);
            }
            return field.kind() == SqlKind.DATE
                    ? LocalDate.ofInstant(i, ZoneOffset.UTC).toString()
                    : DatetimeCodec.FORMAT.format(i);
        }

        private String array(String x) {
            return switch (op) {
                case "contains" -> value.isTextual()
                        ? x + " ? " + params.add(value.textValue())
                        : fail("FILTER_VALUE_INVALID", "'contains' on a multi-choice field takes one option value.");
                case "in" -> {
                    if (!value.isArray() || value.isEmpty()) {
                        yield fail("FILTER_VALUE_INVALID", "'in' takes an array of option values.");
                    }
                    List<String> vals = new ArrayList<>();
                    value.forEach(v -> vals.add(v.asText()));
                    yield x + " ?| " + params.add(vals.toArray(String[]::new));
                }
                default -> fail("FILTER_UNSUPPORTED", "Multi-choice fields support contains, in and isNull.");
            };
        }

        private String bind(JsonNode v, String suffix) {
            Object converted = convert(v, suffix);
            return converted == null ? "null" : params.add(converted);
        }

        private Object convert(JsonNode v, String suffix) {
            String at = suffix;
            switch (field.kind()) {
                case NUMBER, MONEY -> {
                    if (v.isNumber() && field.storage() != FieldRef.Storage.COLUMN) {
                        return v.decimalValue();
                    }
                    if (v.isNumber()) {
                        return v.intValue();
                    }
                    failAt(at, "FILTER_VALUE_INVALID", "Expected a number.");
                }
                case BOOLEAN -> {
                    if (v.isBoolean()) {
                        return v.booleanValue();
                    }
                    failAt(at, "FILTER_VALUE_INVALID", "Expected true or false.");
                }
                case DATE -> {
                    try {
                        LocalDate d = LocalDate.parse(v.asText());
                        return field.isColumn() ? d : d.toString();
                    } catch (DateTimeParseException e) {
                        failAt(at, "FILTER_VALUE_INVALID", "Expected a date (yyyy-MM-dd).");
                    }
                }
                case DATETIME -> {
                    try {
                        Instant i = java.time.OffsetDateTime.parse(v.asText()).toInstant();
                        return field.isColumn() ? i.atOffset(ZoneOffset.UTC) : DatetimeCodec.FORMAT.format(i);
                    } catch (DateTimeParseException e) {
                        failAt(at, "FILTER_VALUE_INVALID", "Expected an ISO 8601 date-time with offset.");
                    }
                }
                default -> {
                    if (field.storage() == FieldRef.Storage.UUID) {
                        // not an id: matches no record, as it would match no stored link
                        String s = v.asText();
                        return v.isTextual() && s.matches(UUID_TEXT) ? java.util.UUID.fromString(s) : null;
                    }
                    if (v.isTextual() || v.isNumber() || v.isBoolean()) {
                        return v.asText();
                    }
                    failAt(at, "FILTER_VALUE_INVALID", "Expected a text value.");
                }
            }
            return null;
        }

        private String fail(String code, String message) {
            return failAt("/op", code, message);
        }

        private String failAt(String suffix, String code, String message) {
            problems.add(new Violation(p + suffix, code, message));
            return "false";
        }
    }

    /** Escapes LIKE wildcards so user text matches literally. */
    public static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

}
