package io.tradewind.runtime.report.projection;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.tradewind.model.AppPackage;
import io.tradewind.model.form.FormDefinition;
import io.tradewind.model.form.FormPermission;
import io.tradewind.model.form.RowScope;
import io.tradewind.model.report.Dimension;
import io.tradewind.model.report.Measure;
import io.tradewind.model.report.ReportDefinition;
import io.tradewind.runtime.form.FormCompiler;
import io.tradewind.runtime.form.field.FieldCodec.SqlKind;
import io.tradewind.runtime.support.Hashes;

/**
 * The typed side table ("projection") that reports of one form read instead of the jsonb record
 * store: a column per field that a report of the app groups by, aggregates, filters on or links
 * through, and per row-scope filter of the form's permissions; an index per report filter (its
 * equality fields, then one range field) and for the owner. Derived from the app package alone, so
 * every replica computes the same plan.
 *
 * @param table
 *            the table's name, {@code rp_} and a hash of app and form
 * @param columns
 *            the projected fields, sorted by key
 * @param indexes
 *            the indexes, each a list of column names after {@code tenant_id}
 */
public record ProjectionPlan(String app, String form, String table, List<Column> columns,
        List<List<String>> indexes) {
    /** Keys of the system fields, which are columns of every projection anyway. */
    static final Set<String> SYSTEM = Set.of("id", "version", "createdAt", "updatedAt", "createdBy", "updatedBy",
            "owner");
    private static final String SAFE_KEY = "[a-zA-Z][a-zA-Z0-9_]{0,59}";
    /** The most indexes a projection gets from its reports. */
    static final int MAX_INDEXES = 8;

    public ProjectionPlan {
        columns = List.copyOf(columns);
        indexes = List.copyOf(indexes);
    }

    /** A projected field: its column holds the field's value typed as {@link #sqlType()}. */
    public record Column(String field, SqlKind kind, boolean link) {
        /** The column's name (quoted in SQL: field keys keep their case). */
        public String name() {
            return "f_" + field;
        }

        /** The column's SQL type. */
        public String sqlType() {
            return switch (kind) {
                case NUMBER, MONEY -> "numeric";
                case BOOLEAN -> "boolean";
                case DATE -> "date";
                case DATETIME -> "timestamptz";
                // link ids as uuid: 16 bytes, cheap to sort for count(distinct)
                default -> link ? "uuid" : "text";
            };
        }

        /** The expression that reads the value out of {@code <row>.data} without ever failing. */
        public String extract(String row) {
            String text = row + ".data->>'" + field + "'";
            return switch (kind) {
                case NUMBER -> "tw_numeric(" + text + ")";
                case MONEY -> "tw_numeric(" + row + ".data->'" + field + "'->>'amount')";
                case BOOLEAN -> "case " + text + " when 'true' then true when 'false' then false end";
                case DATE -> "tw_date(" + text + ")";
                case DATETIME -> "tw_timestamptz(" + text + ")";
                default -> link ? "tw_uuid(" + text + ")" : "(" + text + ")";
            };
        }

        /** How the report compiler binds values compared with this column. */
        public io.tradewind.runtime.form.query.FieldRef.Storage storage() {
            return link
                    ? io.tradewind.runtime.form.query.FieldRef.Storage.UUID
                    : io.tradewind.runtime.form.query.FieldRef.Storage.TYPED;
        }
    }

    /** A hash of everything the database objects depend on; a change rebuilds the projection. */
    public String hash() {
        StringBuilder s = new StringBuilder("v1|").append(app).append('|').append(form);
        columns.forEach(c -> s.append('|').append(c.name()).append(':').append(c.sqlType()).append(':').append(c
                .extract("r")));
        indexes.forEach(i -> s.append("|i:").append(String.join(",", i)));
        return Hashes.sha256Hex(s.toString(), 32);
    }

    /**
     * The plans of every form of the package that a report reads (none for a package without reports).
     */
    public static List<ProjectionPlan> of(AppPackage pkg) {
        String app = pkg.app().key();
        Map<String, Set<String>> fields = new TreeMap<>();
        Map<String, Set<List<String>>> filters = new TreeMap<>();
        for (ReportDefinition r : pkg.reports().values()) {
            FormDefinition form = pkg.forms().get(r.dataset().form());
            if (r.dataset().rows() != null || form == null) {
                continue;
            }
            fields.computeIfAbsent(form.key(), k -> new LinkedHashSet<>()).addAll(fieldsOf(r));
            // a condition on a parameter without default is dropped when the caller sets none: the first
            // index leaves it out, the second has it (the owner's drill into a report)
            Set<String> optional = new java.util.HashSet<>();
            for (var p : r.parameters() == null
                    ? List.<io.tradewind.model.report.ReportParameter>of()
                    : r
                            .parameters()) {
                if (p.defaultValue() == null || p.defaultValue().isNull()) {
                    optional.add("$param." + p.key());
                }
            }
            for (List<String> index : List.of(indexOf(r.dataset().filter(), optional), indexOf(r.dataset().filter(),
                    Set.of()))) {
                if (!index.isEmpty()) {
                    filters.computeIfAbsent(form.key(), k -> new LinkedHashSet<>()).add(index);
                }
            }
        }
        List<ProjectionPlan> out = new ArrayList<>();
        for (var e : fields.entrySet()) {
            FormDefinition form = pkg.forms().get(e.getKey());
            Set<String> used = new LinkedHashSet<>(e.getValue());
            for (FormPermission p : form.permissions()) {
                for (RowScope s : p.rows() == null ? List.<RowScope>of() : p.rows()) {
                    if (s instanceof RowScope.Filter f) {
                        filterFields(f.filter(), used);
                    }
                }
            }
            Map<String, FormCompiler.FieldKind> kinds = FormCompiler.fieldKinds(app, form);
            Map<String, Column> columns = new TreeMap<>();
            for (String key : used) {
                FormCompiler.FieldKind k = kinds.get(key);
                if (k != null && !SYSTEM.contains(key) && key.matches(SAFE_KEY) && scalar(k.kind())) {
                    columns.put(key, new Column(key, k.kind(), k.link()));
                }
            }
            List<List<String>> indexes = new ArrayList<>();
            indexes.add(List.of("owner"));
            for (List<String> i : filters.getOrDefault(e.getKey(), Set.of())) {
                List<String> names = i.stream().map(f -> SYSTEM.contains(f)
                        ? system(f)
                        : columns.containsKey(f)
                                ? columns.get(f).name()
                                : null)
                        .toList();
                if (!names.contains(null) && !indexes.contains(names) && indexes.size() < MAX_INDEXES) {
                    indexes.add(names);
                }
            }
            out.add(new ProjectionPlan(app, form.key(), "rp_" + Hashes.sha256Hex(app + "/" + form.key(), 16),
                    List.copyOf(columns.values()), indexes));
        }
        return out;
    }

    /**
     * The top-level fields a report names: in dimensions, measures and filters; for {@code link.field}
     * the link field.
     */
    public static Set<String> fieldsOf(ReportDefinition r) {
        Set<String> used = new LinkedHashSet<>();
        for (Dimension d : r.dimensions() == null ? List.<Dimension>of() : r.dimensions()) {
            used.add(head(d.field()));
        }
        for (Measure m : r.measures() == null ? List.<Measure>of() : r.measures()) {
            if (m.field() != null) {
                used.add(head(m.field()));
            }
            filterFields(m.filter(), used);
        }
        filterFields(r.dataset().filter(), used);
        return used;
    }

    private static boolean scalar(SqlKind k) {
        return k != SqlKind.ARRAY && k != SqlKind.OBJECT;
    }

    /** A system field's column. */
    static String system(String key) {
        return switch (key) {
            case "createdAt" -> "created_at";
            case "updatedAt" -> "updated_at";
            case "createdBy" -> "created_by";
            case "updatedBy" -> "updated_by";
            default -> key;
        };
    }

    /** The field itself, or the link field of {@code link.field}. */
    private static String head(String field) {
        if (field == null) {
            return "";
        }
        int dot = field.indexOf('.');
        return dot > 0 ? field.substring(0, dot) : field;
    }

    /** Adds the top-level fields a filter names to {@code out}. */
    public static void filterFields(JsonNode n, Set<String> out) {
        if (n == null) {
            return;
        }
        if (n.isObject()) {
            JsonNode f = n.get("field");
            if (f != null && f.isTextual()) {
                out.add(head(f.textValue()));
            }
            for (Iterator<JsonNode> it = n.elements(); it.hasNext();) {
                filterFields(it.next(), out);
            }
        } else if (n.isArray()) {
            n.forEach(c -> filterFields(c, out));
        }
    }

    /**
     * The index a dataset filter wants: the fields of its top-level equality conditions (but those on
     * one of the {@code optional} parameter references), then the field of its first range condition
     * (empty when neither).
     */
    static List<String> indexOf(JsonNode filter, Set<String> optional) {
        if (filter == null || !filter.isObject()) {
            return List.of();
        }
        List<JsonNode> leaves = new ArrayList<>();
        if (filter.has("and") && filter.get("and").isArray()) {
            filter.get("and").forEach(leaves::add);
        } else {
            leaves.add(filter);
        }
        Map<String, Boolean> eq = new LinkedHashMap<>();
        String range = null;
        for (JsonNode leaf : leaves) {
            JsonNode f = leaf.get("field");
            JsonNode op = leaf.get("op");
            if (f == null || !f.isTextual() || op == null || f.textValue().contains(".")) {
                continue;
            }
            JsonNode value = leaf.get("value");
            boolean mayBeDropped = value != null && value.isTextual() && optional.contains(value.textValue());
            switch (op.asText()) {
                case "eq", "in" -> {
                    if (!mayBeDropped) {
                        eq.put(f.textValue(), true);
                    }
                }
                case "gt", "gte", "lt", "lte", "between", "within" -> range = range == null ? f.textValue() : range;
                default -> {
                }
            }
        }
        List<String> out = new ArrayList<>(eq.keySet());
        if (range != null && !eq.containsKey(range)) {
            out.add(range);
        }
        return out;
    }
}
