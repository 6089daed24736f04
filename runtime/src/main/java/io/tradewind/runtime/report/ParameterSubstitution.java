package io.tradewind.runtime.report;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.form.field.FieldCodec.SqlKind;
import io.tradewind.runtime.form.query.FieldRef;

/**
 * Fills a report's parameter values into its filters: {@code "$param.<key>"} values become the
 * resolved values, and a condition on a parameter without value is dropped.
 */
final class ParameterSubstitution {
    private static final String PARAM_PREFIX = "$param.";

    private final Map<String, Object> parameters;
    private final ZoneId zone;
    private final Function<String, FieldRef> fields;

    /**
     * @param fields
     *            the field a filter condition names, or null, so that a date compared with a date-time
     *            field can become an instant
     */
    ParameterSubstitution(Map<String, Object> parameters, ZoneId zone, Function<String, FieldRef> fields) {
        this.parameters = parameters;
        this.zone = zone;
        this.fields = fields;
    }

    /**
     * A copy of a filter with the {@code $param.*} values filled in; a condition on a parameter without
     * value is dropped (null when nothing is left). A date parameter compared with a date-time field
     * stands for the start of that day in the tenant's time zone.
     */
    JsonNode substitute(JsonNode n, String p) {
        if (!n.isObject()) {
            return n;
        }
        for (String op : List.of("and", "or")) {
            if (n.has(op) && n.get(op).isArray()) {
                ArrayNode kept = JsonNodeFactory.instance.arrayNode();
                for (int i = 0; i < n.get(op).size(); i++) {
                    JsonNode c = substitute(n.get(op).get(i), p + "/" + op + "/" + i);
                    if (c != null) {
                        kept.add(c);
                    }
                }
                if (kept.isEmpty()) {
                    return null;
                }
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                out.set(op, kept);
                return out;
            }
        }
        if (n.has("not")) {
            JsonNode c = substitute(n.get("not"), p + "/not");
            if (c == null) {
                return null;
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.set("not", c);
            return out;
        }
        JsonNode value = n.get("value");
        if (value == null) {
            return n;
        }
        ObjectNode out = ((ObjectNode) n).deepCopy();
        String name = n.get("field") != null ? n.get("field").asText() : null;
        FieldRef field = name == null ? null : fields.apply(name);
        boolean[] unset = {false};
        boolean[] dateToTime = {false};
        JsonNode v = fill(value, p + "/value", field, unset, dateToTime);
        if (unset[0]) {
            return null;
        }
        out.set("value", v);
        if (dateToTime[0] && out.has("op")) {
            // a date bound on a date-time field: "lte day" means before the next day starts
            String op = out.get("op").asText();
            if (op.equals("lte") || op.equals("gt")) {
                out.put("op", op.equals("lte") ? "lt" : "gte");
                out.set("value", nextDay(v));
            }
        }
        return out;
    }

    private JsonNode fill(JsonNode v, String p, FieldRef field, boolean[] unset, boolean[] dateToTime) {
        if (v.isArray()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < v.size(); i++) {
                a.add(fill(v.get(i), p + "/" + i, field, unset, dateToTime));
            }
            return a;
        }
        if (!v.isTextual() || !v.textValue().startsWith(PARAM_PREFIX)) {
            return v;
        }
        String key = v.textValue().substring(PARAM_PREFIX.length());
        if (!parameters.containsKey(key)) {
            throw InvalidInput.of(p, "REPORT_DEFINITION_INVALID", "The report has no parameter '" + key + "'.");
        }
        Object value = parameters.get(key);
        if (value == null) {
            unset[0] = true;
            return v;
        }
        if (value instanceof java.math.BigDecimal d) {
            return JsonNodeFactory.instance.numberNode(d);
        }
        String s = value.toString();
        if (field != null && field.kind() == SqlKind.DATETIME && s.length() == 10) {
            dateToTime[0] = true;
            return TextNode.valueOf(LocalDate.parse(s).atStartOfDay(zone).toOffsetDateTime().toString());
        }
        return TextNode.valueOf(s);
    }

    private JsonNode nextDay(JsonNode v) {
        if (!v.isTextual()) {
            return v;
        }
        return TextNode.valueOf(OffsetDateTime.parse(v.textValue()).atZoneSameInstant(zone).toLocalDate()
                .plusDays(1).atStartOfDay(zone).toOffsetDateTime().toString());
    }
}
