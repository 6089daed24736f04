package io.tradewind.runtime.form;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.tradewind.runtime.error.TradewindException.Violation;
import io.tradewind.runtime.form.field.DatetimeCodec;
import io.tradewind.runtime.web.JsonBodies;

/**
 * Turns the flat field values of a create or a patch into the record's normalized data: unknown,
 * system and computed keys refused, every value normalized by its field's codec, defaults applied
 * on create, required fields checked, and subtables handled row by row. Problems are collected,
 * never thrown one at a time.
 */
final class RecordNormalizer {
    /** Names the API owns; they are never field values. */
    static final Set<String> SYSTEM_FIELDS = Set.of("id", "version", "createdAt", "createdBy", "updatedAt",
            "updatedBy", "owner", "tenant", "tenantId", "data");

    private final Instant now;
    private final ZoneId zone;
    private final List<Violation> out;

    RecordNormalizer(Instant now, ZoneId zone, List<Violation> out) {
        this.now = now;
        this.zone = zone;
        this.out = out;
    }

    /**
     * @param current
     *            the stored data for a patch, null for a create
     * @return the new data (formula and autonumber values still to be filled in)
     */
    ObjectNode normalize(Map<String, FieldPlan> fields, ObjectNode input, ObjectNode current) {
        ObjectNode data = current == null ? JsonNodeFactory.instance.objectNode() : current.deepCopy();
        checkKeys(fields, input, "/data");
        for (FieldPlan f : fields.values()) {
            if (f.computed()) {
                continue;
            }
            JsonNode v = input.get(f.key());
            String pointer = "/data/" + f.key();
            if (v != null) {
                JsonNode n = v.isNull() ? null : value(f, v, pointer);
                set(data, f.key(), n);
            } else if (current == null) {
                set(data, f.key(), defaultFor(f));
            }
            if (f.required() && data.get(f.key()) == null && !hasProblemAt(pointer)) {
                out.add(new Violation(pointer, "REQUIRED", "This field is required."));
            }
        }
        return data;
    }

    private JsonNode value(FieldPlan f, JsonNode v, String pointer) {
        if (f.role() != FieldPlan.Role.SUBTABLE) {
            return f.codec().normalize(v, pointer, out);
        }
        if (!v.isArray()) {
            out.add(new Violation(pointer, "WRONG_TYPE", "Expected an array of rows."));
            return null;
        }
        if (v.size() > f.maxRows()) {
            out.add(new Violation(pointer, "TOO_MANY_ROWS", "At most " + f.maxRows() + " rows."));
            return null;
        }
        if (f.minRows() != null && v.size() < f.minRows()) {
            out.add(new Violation(pointer, "TOO_FEW_ROWS", "At least " + f.minRows() + " rows."));
        }
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        Map<String, FieldPlan> rowFields = new java.util.LinkedHashMap<>();
        f.rows().forEach(r -> rowFields.put(r.key(), r));
        for (int i = 0; i < v.size(); i++) {
            JsonNode row = v.get(i);
            String rp = pointer + "/" + i;
            if (!row.isObject()) {
                out.add(new Violation(rp, "WRONG_TYPE", "Each row must be an object of field values."));
                continue;
            }
            rows.add(normalize(rowFields, (ObjectNode) row, null, rp));
        }
        return rows.isEmpty() ? null : rows;
    }

    private ObjectNode normalize(Map<String, FieldPlan> fields, ObjectNode input, ObjectNode ignored, String base) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        checkKeys(fields, input, base);
        for (FieldPlan f : fields.values()) {
            if (f.computed()) {
                continue;
            }
            JsonNode v = input.get(f.key());
            String pointer = base + "/" + JsonBodies.escape(f.key());
            set(data, f.key(), v == null ? defaultFor(f) : v.isNull() ? null : f.codec().normalize(v, pointer, out));
            if (f.required() && data.get(f.key()) == null && !hasProblemAt(pointer)) {
                out.add(new Violation(pointer, "REQUIRED", "This field is required."));
            }
        }
        return data;
    }

    private void checkKeys(Map<String, FieldPlan> fields, ObjectNode input, String base) {
        for (Iterator<String> it = input.fieldNames(); it.hasNext();) {
            String k = it.next();
            String pointer = base + "/" + JsonBodies.escape(k);
            FieldPlan f = fields.get(k);
            if (f == null) {
                if (base.equals("/data") && SYSTEM_FIELDS.contains(k)) {
                    out.add(new Violation(pointer, "SYSTEM_FIELD", "'" + k + "' is set by Tradewind, not by you."));
                } else {
                    out.add(new Violation(pointer, "UNKNOWN_FIELD", "'" + abbreviate(k) + "' is not a field of this"
                            + " form."));
                }
            } else if (f.computed()) {
                out.add(new Violation(pointer, "FIELD_COMPUTED", "'" + k + "' is computed by Tradewind and cannot be"
                        + " set."));
            }
        }
    }

    private JsonNode defaultFor(FieldPlan f) {
        JsonNode d = f.defaultValue();
        if (d == null) {
            return null;
        }
        if (d.isTextual() && d.textValue().equals(FieldPlan.DEFAULT_TODAY)) {
            return TextNode.valueOf(LocalDate.ofInstant(now, zone).toString());
        }
        if (d.isTextual() && d.textValue().equals(FieldPlan.DEFAULT_NOW)) {
            return TextNode.valueOf(DatetimeCodec.FORMAT.format(now));
        }
        return d.deepCopy();
    }

    private boolean hasProblemAt(String pointer) {
        return out.stream().anyMatch(v -> v.pointer().equals(pointer) || v.pointer().startsWith(pointer + "/"));
    }

    private static void set(ObjectNode data, String key, JsonNode value) {
        if (value == null) {
            data.remove(key);
        } else {
            data.set(key, value);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
