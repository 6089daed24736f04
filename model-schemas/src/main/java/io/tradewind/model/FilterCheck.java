package io.tradewind.model;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.tradewind.model.form.BooleanField;
import io.tradewind.model.form.DateField;
import io.tradewind.model.form.DatetimeField;
import io.tradewind.model.form.DecimalField;
import io.tradewind.model.form.FieldDefinition;
import io.tradewind.model.form.FormDefinition;
import io.tradewind.model.form.FormulaField;
import io.tradewind.model.form.IntegerField;
import io.tradewind.model.form.MoneyField;
import io.tradewind.model.form.MultiselectField;
import io.tradewind.model.form.PercentField;
import io.tradewind.model.form.RowScope;
import io.tradewind.model.form.SubtableField;
import io.tradewind.model.report.ParameterType;
import io.tradewind.model.report.ReportParameter;

/**
 * Checks a filter written in a definition against the fields of its form, with the rules the
 * runtime's filter compiler applies to a query: the same operators, value shapes, size and depth
 * limits. String values {@code "$user.id"} and {@code "$user.department"} stand for the caller and
 * are accepted on text-like fields. In reports and dashboards, string values {@code "$param.<key>"}
 * stand for a declared parameter whose type fits the field. In flow queries, string values
 * {@code "$record.<field>"} stand for a value of the flow's record. Every problem is reported with
 * a pointer into the filter.
 */
final class FilterCheck {
    private static final Set<String> OPS = Set.of("eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "contains",
            "startsWith", "between", "isNull", "within");
    private static final int MAX_NODES = 200;
    private static final int MAX_DEPTH = 10;
    private static final String PLACEHOLDER_PREFIX = "$user.";
    /** The prefix of a parameter reference in report and dashboard filters. */
    static final String PARAM_PREFIX = ReportParameter.REFERENCE_PREFIX;
    /** The prefix of a reference to the flow's record in flow query filters. */
    static final String RECORD_PREFIX = "$record.";

    /** How a field's values compare, as the runtime stores them. */
    enum Kind {
        TEXT, NUMBER, BOOLEAN, DATE, DATETIME, ARRAY, SUBTABLE
    }

    /**
     * One problem: where in the file, and what; {@code unknownParameter} when it names a parameter that
     * is not declared.
     */
    record Issue(String pointer, String message, boolean unknownParameter) {
    }

    private final Map<String, Kind> fields;
    private final Map<String, ParameterType> params;
    private Map<String, Kind> record;
    private final List<Issue> issues = new ArrayList<>();
    private int nodes;
    private boolean tooComplex;

    private FilterCheck(Map<String, Kind> fields, Map<String, ParameterType> params) {
        this.fields = fields;
        this.params = params;
    }

    /** Checks a filter found at {@code pointer}; returns every problem, empty when it is valid. */
    static List<Issue> check(JsonNode filter, String pointer, FormDefinition form) {
        return check(filter, pointer, kinds(form), null);
    }

    /**
     * Checks a filter over the given fields; string values {@code "$param.<key>"} must name one of
     * {@code params} (when null, such strings are plain values).
     */
    static List<Issue> check(JsonNode filter, String pointer, Map<String, Kind> fields,
            Map<String, ParameterType> params) {
        FilterCheck c = new FilterCheck(fields, params);
        c.node(filter, pointer, 0);
        return List.copyOf(c.issues);
    }

    /**
     * Checks a flow query's filter over the fields of the queried form; string values
     * {@code "$record.<key>"} must name a field of {@code record} (the flow's record; empty when the
     * flow has none) whose kind fits.
     */
    static List<Issue> checkFlow(JsonNode filter, String pointer, Map<String, Kind> fields,
            Map<String, Kind> record) {
        FilterCheck c = new FilterCheck(fields, null);
        c.record = record;
        c.node(filter, pointer, 0);
        return List.copyOf(c.issues);
    }

    /** The fields a filter of the form may name: system fields and top-level fields. */
    static Map<String, Kind> kinds(FormDefinition form) {
        Map<String, Kind> out = new LinkedHashMap<>();
        out.put("id", Kind.TEXT);
        out.put("version", Kind.NUMBER);
        out.put("createdAt", Kind.DATETIME);
        out.put("updatedAt", Kind.DATETIME);
        out.put("createdBy", Kind.TEXT);
        out.put("updatedBy", Kind.TEXT);
        out.put("owner", Kind.TEXT);
        for (FieldDefinition f : form.fields()) {
            out.putIfAbsent(f.key(), kind(f));
        }
        return out;
    }

    /** How a field's values compare. */
    static Kind kind(FieldDefinition f) {
        return switch (f) {
            case IntegerField x -> Kind.NUMBER;
            case DecimalField x -> Kind.NUMBER;
            case PercentField x -> Kind.NUMBER;
            case MoneyField x -> Kind.NUMBER;
            case BooleanField x -> Kind.BOOLEAN;
            case DateField x -> Kind.DATE;
            case DatetimeField x -> Kind.DATETIME;
            case MultiselectField x -> Kind.ARRAY;
            case SubtableField x -> Kind.SUBTABLE;
            case FormulaField x -> switch (x.resultType()) {
                case "integer", "decimal" -> Kind.NUMBER;
                case "boolean" -> Kind.BOOLEAN;
                case "date" -> Kind.DATE;
                default -> Kind.TEXT;
            };
            default -> Kind.TEXT;
        };
    }

    private void node(JsonNode n, String p, int depth) {
        if (++nodes > MAX_NODES || depth > MAX_DEPTH) {
            if (!tooComplex) {
                tooComplex = true;
                issue(p, "The filter is too large or too deeply nested (at most " + MAX_NODES + " parts and "
                        + MAX_DEPTH + " levels).");
            }
            return;
        }
        if (!n.isObject()) {
            issue(p, "Each part of a filter must be an object.");
            return;
        }
        for (String op : List.of("and", "or")) {
            if (n.has(op)) {
                expectOnly(n, p, Set.of(op));
                JsonNode list = n.get(op);
                if (!list.isArray() || list.isEmpty()) {
                    issue(p + "/" + op, "'" + op + "' takes a non-empty array of filters.");
                    return;
                }
                for (int i = 0; i < list.size(); i++) {
                    node(list.get(i), p + "/" + op + "/" + i, depth + 1);
                }
                return;
            }
        }
        if (n.has("not")) {
            expectOnly(n, p, Set.of("not"));
            node(n.get("not"), p + "/not", depth + 1);
            return;
        }
        leaf(n, p);
    }

    private void leaf(JsonNode n, String p) {
        expectOnly(n, p, Set.of("field", "op", "value", "direction"));
        JsonNode f = n.get("field");
        if (f == null || !f.isTextual()) {
            issue(p + (f == null ? "" : "/field"), "Name the field to filter on: {\"field\": …, \"op\": …}.");
            return;
        }
        Kind kind = fields.get(f.textValue());
        if (kind == null) {
            issue(p + "/field", "'" + f.textValue() + "' is neither a field of the form nor a system field.");
            return;
        }
        if (kind == Kind.SUBTABLE) {
            issue(p + "/field", "'" + f.textValue() + "' is a subtable; filters cannot look into subtables.");
            return;
        }
        JsonNode o = n.get("op");
        if (o == null || !o.isTextual() || !OPS.contains(o.textValue())) {
            issue(p + (o == null ? "" : "/op"), "Use one of the operators " + String.join(", ", OPS.stream().sorted()
                    .toList()) + ".");
            return;
        }
        String op = o.textValue();
        JsonNode value = n.get("value");
        JsonNode direction = n.get("direction");
        if (direction != null && !op.equals("within")) {
            issue(p + "/direction", "'direction' only goes with the operator 'within'.");
        }
        if (op.equals("isNull")) {
            if (value != null && !value.isBoolean()) {
                issue(p + "/value", "'isNull' takes true (the default) or false.");
            }
            return;
        }
        if (value == null) {
            issue(p, "The operator '" + op + "' needs a value.");
            return;
        }
        if (kind == Kind.ARRAY) {
            multiChoice(op, value, p);
            return;
        }
        switch (op) {
            case "in", "nin" -> {
                if (!value.isArray() || value.isEmpty() || value.size() > 100) {
                    issue(p + "/value", "'" + op + "' takes an array of 1 to 100 values.");
                } else {
                    for (int i = 0; i < value.size(); i++) {
                        value(value.get(i), p + "/value/" + i, kind);
                    }
                }
            }
            case "between" -> {
                if (!value.isArray() || value.size() != 2) {
                    issue(p + "/value", "'between' takes an array of two values [from, to].");
                } else {
                    value(value.get(0), p + "/value/0", kind);
                    value(value.get(1), p + "/value/1", kind);
                }
            }
            case "contains", "startsWith" -> {
                if (parameter(value, p + "/value", Kind.TEXT)) {
                    if (kind != Kind.TEXT) {
                        issue(p + "/op", "'" + op + "' works on text fields with a text value.");
                    }
                } else if (kind != Kind.TEXT || !value.isTextual()) {
                    issue(p + "/op", "'" + op + "' works on text fields with a text value.");
                }
            }
            case "within" -> within(kind, value, direction, p);
            default -> value(value, p + "/value", kind);
        }
    }

    private void multiChoice(String op, JsonNode value, String p) {
        switch (op) {
            case "contains" -> {
                if (!parameter(value, p + "/value", Kind.TEXT) && !value.isTextual()) {
                    issue(p + "/value", "'contains' on a multi-choice field takes one option value.");
                }
            }
            case "in" -> {
                if (!value.isArray() || value.isEmpty() || value.size() > 100) {
                    issue(p + "/value", "'in' takes an array of 1 to 100 option values.");
                } else {
                    for (int i = 0; i < value.size(); i++) {
                        if (!parameter(value.get(i), p + "/value/" + i, Kind.TEXT) && !value.get(i).isTextual()) {
                            issue(p + "/value/" + i, "Expected an option value.");
                        }
                    }
                }
            }
            default -> issue(p + "/op", "Multi-choice fields support contains, in and isNull.");
        }
    }

    private void within(Kind kind, JsonNode value, JsonNode direction, String p) {
        if (kind != Kind.DATE && kind != Kind.DATETIME) {
            issue(p + "/op", "'within' works on date and date-time fields.");
            return;
        }
        if (direction != null && !"past".equals(direction.asText(null)) && !"next".equals(direction.asText(null))) {
            issue(p + "/direction", "'direction' is 'past' (the default) or 'next'.");
        }
        if (!value.isTextual() || !isDuration(value.textValue())) {
            issue(p + "/value", "'within' takes an ISO 8601 duration such as P30D or PT12H.");
        }
    }

    private void value(JsonNode v, String p, Kind kind) {
        if (parameter(v, p, kind) || recordValue(v, p, kind)) {
            return;
        }
        if (v.isTextual() && v.textValue().startsWith(PLACEHOLDER_PREFIX)) {
            String s = v.textValue();
            if (!s.equals(RowScope.Filter.USER_ID) && !s.equals(RowScope.Filter.USER_DEPARTMENT)) {
                issue(p, "'" + s + "' is not a placeholder; use \"$user.id\" or \"$user.department\".");
            } else if (kind != Kind.TEXT) {
                issue(p, "'" + s + "' is an id and cannot be compared with this field.");
            }
            return;
        }
        boolean ok = switch (kind) {
            case NUMBER -> v.isNumber();
            case BOOLEAN -> v.isBoolean();
            case DATE -> v.isTextual() && parses(() -> LocalDate.parse(v.textValue()));
            case DATETIME -> v.isTextual() && parses(() -> OffsetDateTime.parse(v.textValue()));
            default -> v.isTextual() || v.isNumber() || v.isBoolean();
        };
        if (!ok) {
            issue(p, switch (kind) {
                case NUMBER -> "Expected a number.";
                case BOOLEAN -> "Expected true or false.";
                case DATE -> "Expected a date like 2026-01-31.";
                case DATETIME -> "Expected a date-time with offset like 2026-01-31T09:00:00Z.";
                default -> "Expected a text value.";
            });
        }
    }

    /**
     * Whether {@code v} is a parameter reference (when parameters are allowed); if so, reports an
     * undeclared parameter or one whose type does not fit a field of the given kind.
     */
    private boolean parameter(JsonNode v, String p, Kind kind) {
        if (params == null || !v.isTextual() || !v.textValue().startsWith(PARAM_PREFIX)) {
            return false;
        }
        String key = v.textValue().substring(PARAM_PREFIX.length());
        ParameterType type = params.get(key);
        if (type == null) {
            issues.add(new Issue(p, "The parameter '" + key + "' is not declared.", true));
            return true;
        }
        boolean fits = switch (type) {
            case NUMBER -> kind == Kind.NUMBER;
            case DATE, DATETIME -> kind == Kind.DATE || kind == Kind.DATETIME;
            default -> kind == Kind.TEXT || kind == Kind.ARRAY;
        };
        if (!fits) {
            issue(p, "The parameter '" + key + "' is a " + type.json() + " and cannot be compared with this field.");
        }
        return true;
    }

    /**
     * Whether {@code v} is a {@code "$record.<key>"} reference (in flows); if so, reports a bad one.
     */
    private boolean recordValue(JsonNode v, String p, Kind kind) {
        if (record == null || !v.isTextual() || !v.textValue().startsWith(RECORD_PREFIX)) {
            return false;
        }
        String key = v.textValue().substring(RECORD_PREFIX.length());
        Kind k = record.get(key);
        if (k == null) {
            issue(p, record.isEmpty()
                    ? "The flow has no record, so '" + v.textValue() + "' stands for nothing."
                    : "The flow's record has no field '" + key + "'.");
        } else if (k != kind && !(k == Kind.DATE && kind == Kind.DATETIME) && !(k == Kind.DATETIME
                && kind == Kind.DATE)) {
            issue(p, "'" + v.textValue() + "' cannot be compared with this field.");
        }
        return true;
    }

    private static boolean isDuration(String s) {
        return s.contains("T") ? parses(() -> Duration.parse(s)) : parses(() -> Period.parse(s));
    }

    private static boolean parses(Runnable r) {
        try {
            r.run();
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private void expectOnly(JsonNode n, String p, Set<String> allowed) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!allowed.contains(k)) {
                issue(p + "/" + DefinitionParser.escape(k), "Unexpected '" + k + "' in the filter.");
            }
        }
    }

    private void issue(String pointer, String message) {
        issues.add(new Issue(pointer, message, false));
    }
}
