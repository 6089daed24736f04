package io.tradewind.runtime.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.tradewind.model.I18nText;
import io.tradewind.model.form.PermissionAction;
import io.tradewind.model.form.RowScope;
import io.tradewind.model.report.Aggregation;
import io.tradewind.model.report.DateBucket;
import io.tradewind.model.report.Dimension;
import io.tradewind.model.report.Measure;
import io.tradewind.model.report.ReportDefinition;
import io.tradewind.model.report.SortDirection;
import io.tradewind.model.report.SortKey;
import io.tradewind.runtime.error.AccessDenied;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.TradewindException.Violation;
import io.tradewind.runtime.form.CompiledForm;
import io.tradewind.runtime.form.FieldPlan;
import io.tradewind.runtime.form.access.Grant;
import io.tradewind.runtime.form.field.FieldCodec.SqlKind;
import io.tradewind.runtime.form.query.FieldRef;
import io.tradewind.runtime.form.query.FilterCompiler;
import io.tradewind.runtime.form.query.ScopeCompiler;
import io.tradewind.runtime.form.query.SqlParams;
import io.tradewind.runtime.report.projection.ProjectionPlan;
import io.tradewind.runtime.report.projection.ReportProjections;
import io.tradewind.runtime.security.TradewindPrincipal;

/**
 * Compiles a report definition, for one caller and one set of parameter values, to ONE
 * parameterized SQL statement over the record store:
 * {@code select <dimensions>, <measures> from record where <tenant, app, form> and <dataset filter>
 * and <row scope> group by … order by … limit …}. Fields come from the form's allow-list and must
 * be readable by the caller (else 403 {@code REPORT_FIELD_HIDDEN}); aggregations and date buckets
 * map to fixed SQL; every value is a bind parameter.
 */
public final class ReportCompiler {
    /** The most rows a report returns. */
    public static final int MAX_ROWS = 1000;
    private static final String PARAM_PREFIX = "$param.";

    private final ReportDefinition def;
    private final CompiledForm form;
    private final Grant grant;
    private final TradewindPrincipal user;
    private final Map<String, Object> parameters;
    private final ZoneId zone;
    private final Instant now;
    private final SqlParams params = new SqlParams();
    private final Map<String, FieldRef> visible = new LinkedHashMap<>();
    /** For a dataset over subtable rows: the row's fields and {@code parent.<field>}; else null. */
    private Map<String, FieldRef> rowFields;
    /** The alias of a subtable row; its name contains "data" so that FieldRef treats it as jsonb. */
    private static final String ROW = "row_data";
    private static final String SAFE_KEY = "[a-zA-Z][a-zA-Z0-9_]{0,62}";
    private final java.util.function.BiFunction<String, String, CompiledForm> forms;
    /** The typed projection the statement reads, or null for the jsonb record store. */
    private final ReportProjections.Projection projection;
    /** The fields the report may name: the projection's typed ones, else the form's. */
    private final Map<String, FieldRef> fields;
    private final Set<Source> reads = new LinkedHashSet<>();
    private boolean readsOrg;

    /** A column of the result. */
    public record Column(String key, I18nText label, String type, String dataType) {
    }

    /**
     * A grouping column's source, for drill-down filters; {@code linked} for a field of a linked
     * record, which the record list cannot filter on.
     */
    public record DimensionSource(String field, SqlKind kind, boolean column, DateBucket bucket, boolean linked) {
    }

    /**
     * The compiled statement.
     *
     * @param filter
     *            the dataset filter with the parameters filled in (null when none), the base of
     *            drill-down filters
     * @param reads
     *            the forms whose records the statement reads: the dataset form and the forms of linked
     *            records it reaches (a result cache invalidates on their changes)
     * @param readsOrg
     *            whether a row scope resolves departments through the user and department tables, so
     *            that the result also depends on who is in which department
     * @param projection
     *            the projection table the statement reads, null for the record store
     */
    public record Compiled(String sql, List<Object> params, List<Column> columns, List<DimensionSource> dimensions,
            JsonNode filter, int limit, Set<Source> reads, boolean readsOrg, String projection) {
    }

    /** A form of an app. */
    public record Source(String app, String form) {
    }

    public ReportCompiler(ReportDefinition def, CompiledForm form, Grant grant, TradewindPrincipal user,
            Map<String, Object> parameters, ZoneId zone, Instant now) {
        this(def, form, grant, user, parameters, zone, now, (app, key) -> null);
    }

    /**
     * A compiler that also reaches the fields of linked records ({@code customer.country}) through
     * {@code forms}, which finds a published form by app and key (null when there is none).
     */
    public ReportCompiler(ReportDefinition def, CompiledForm form, Grant grant, TradewindPrincipal user,
            Map<String, Object> parameters, ZoneId zone, Instant now,
            java.util.function.BiFunction<String, String, CompiledForm> forms) {
        this(def, form, grant, user, parameters, zone, now, forms, null);
    }

    /**
     * A compiler that reads the form's report projection instead of the record store when the
     * projection holds every field the report and the caller's row scope use, with the same kinds.
     */
    public ReportCompiler(ReportDefinition def, CompiledForm form, Grant grant, TradewindPrincipal user,
            Map<String, Object> parameters, ZoneId zone, Instant now,
            java.util.function.BiFunction<String, String, CompiledForm> forms,
            ReportProjections.Projection projection) {
        this.projection = covers(projection, def, form, grant) ? projection : null;
        this.fields = this.projection != null ? this.projection.fields() : form.queryFields();
        this.forms = forms;
        this.def = def;
        this.form = form;
        this.grant = grant;
        this.user = user;
        this.parameters = parameters;
        this.zone = zone;
        this.now = now;
        fields.forEach((k, v) -> {
            if (readable(k)) {
                visible.put(k, v);
            }
        });
    }

    private static boolean covers(ReportProjections.Projection p, ReportDefinition def, CompiledForm form,
            Grant grant) {
        if (p == null || def.dataset().rows() != null) {
            return false;
        }
        java.util.Set<String> used = ProjectionPlan.fieldsOf(def);
        List<RowScope> scopes = grant.rows(PermissionAction.READ);
        for (RowScope s : scopes == null ? List.<RowScope>of() : scopes) {
            if (s instanceof RowScope.Filter f) {
                ProjectionPlan.filterFields(f.filter(), used);
            }
        }
        for (String key : used) {
            FieldRef mine = form.queryFields().get(key);
            FieldRef typed = p.fields().get(key);
            if (mine != null && (typed == null || typed.kind() != mine.kind())) {
                return false;
            }
        }
        return true;
    }

    /** True when the statement reads the form's typed projection rather than the record store. */
    public boolean projected() {
        return projection != null;
    }

    private boolean readable(String key) {
        return !form.fields().containsKey(key) || grant.canRead(key);
    }

    /**
     * The statement; {@code limit} overrides the definition's top-N (null keeps it).
     *
     * @throws AccessDenied
     *             without READ on the dataset form, or for a field the caller cannot read
     * @throws InvalidInput
     *             for a definition or parameter the runtime cannot compile
     */
    public Compiled compile(Integer limit) {
        return compile(limit, MAX_ROWS);
    }

    /**
     * The statement returning at most {@code max} rows (the definition's top-N is lowered to it);
     * {@code limit}, when given, replaces both and must already be within {@code max}.
     */
    public Compiled compile(Integer limit, int max) {
        grant.require(PermissionAction.READ);
        String from = projection != null ? projection.table() + " record" : "record";
        if (def.dataset().rows() != null) {
            from = rows(def.dataset().rows());
        }
        String tenant = params.add(user.tenantId());
        List<String> where = new ArrayList<>(List.of("tenant_id = " + tenant));
        if (projection == null) {
            // a projection holds one form's records only
            where.add("app_key = " + params.add(form.app()));
            where.add("form_key = " + params.add(form.key()));
        }
        String scope = ScopeCompiler.compile(grant.rows(PermissionAction.READ), user, fields, params, now);
        if (scope != null) {
            where.add(scope);
        }
        read(form.app(), form.key(), grant);
        JsonNode filter = null;
        if (def.dataset().filter() != null && !def.dataset().filter().isNull()) {
            hiddenFields(def.dataset().filter(), "/dataset/filter");
            filter = substitute(def.dataset().filter(), "/dataset/filter");
            if (filter != null) {
                where.add(new FilterCompiler(visible, params, now).compile(filter, "/dataset/filter"));
            }
        }
        List<String> select = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        List<DimensionSource> sources = new ArrayList<>();
        List<Dimension> dims = def.dimensions() == null ? List.of() : def.dimensions();
        for (int i = 0; i < dims.size(); i++) {
            Dimension d = dims.get(i);
            String p = "/dimensions/" + i;
            FieldRef f = field(d.field(), p + "/field");
            if (f.kind() == SqlKind.ARRAY || f.kind() == SqlKind.OBJECT) {
                throw InvalidInput.of(p + "/field", "REPORT_FIELD_UNSUPPORTED", "'" + d.field()
                        + "' cannot be grouped by.");
            }
            String dataType = dataType(f.kind());
            String expr = f.sql();
            if (d.bucket() != null) {
                expr = bucket(f, d.bucket(), p);
                dataType = "date";
            }
            select.add(expr);
            columns.add(new Column(d.key(), d.label(), "dimension", dataType));
            sources.add(new DimensionSource(f.key(), f.kind(), f.isColumn(), d.bucket(), rowFields != null || d
                    .field().contains(".")));
        }
        List<Measure> measures = def.measures() == null ? List.of() : def.measures();
        Map<String, String> plain = new LinkedHashMap<>();
        for (int i = 0; i < measures.size(); i++) {
            Measure m = measures.get(i);
            if (m.ratio() == null) {
                plain.put(m.key(), aggregate(m, "/measures/" + i));
            }
        }
        for (int i = 0; i < measures.size(); i++) {
            Measure m = measures.get(i);
            String expr = plain.get(m.key());
            if (m.ratio() != null) {
                String num = plain.get(m.ratio().numerator());
                String den = plain.get(m.ratio().denominator());
                if (num == null || den == null) {
                    throw InvalidInput.of("/measures/" + i + "/ratio", "REPORT_DEFINITION_INVALID", "A ratio divides"
                            + " two other measures of the report.");
                }
                expr = "round((" + num + ")::numeric / nullif((" + den + ")::numeric, 0), 4)";
            }
            select.add(expr);
            columns.add(new Column(m.key(), m.label(), "measure", measureType(m)));
        }
        if (select.isEmpty()) {
            throw InvalidInput.of("/measures", "REPORT_DEFINITION_INVALID", "A report needs a dimension or a"
                    + " measure.");
        }
        StringBuilder sql = new StringBuilder("select ").append(String.join(", ", select))
                .append(" from ").append(from).append(" where ").append(String.join(" and ", where));
        if (!dims.isEmpty()) {
            sql.append(" group by ").append(ordinals(1, dims.size()));
        }
        sql.append(" order by ").append(order(columns));
        int n = limit != null ? limit : def.limit() != null ? Math.min(Math.max(def.limit(), 1), max) : max;
        sql.append(" limit ").append(n);
        return new Compiled(sql.toString(), params.values(), columns, sources, filter, n, Set.copyOf(reads),
                readsOrg, projection == null ? null : projection.table());
    }

    /** Notes that the statement reads the records of a form, under {@code grant}'s row scope. */
    private void read(String app, String key, Grant g) {
        reads.add(new Source(app, key));
        List<RowScope> scopes = g.rows(PermissionAction.READ);
        readsOrg |= scopes != null && scopes.stream().anyMatch(s -> s instanceof RowScope.Department
                || s instanceof RowScope.DepartmentTree);
    }

    /** A measure's data type: a number, except the min or max of a date or date-time. */
    private String measureType(Measure m) {
        if ((m.agg() == Aggregation.MIN || m.agg() == Aggregation.MAX) && m.field() != null) {
            FieldRef f = m.field().indexOf('.') > 0 ? null : form.queryFields().get(m.field());
            if (f != null && (f.kind() == SqlKind.DATE || f.kind() == SqlKind.DATETIME)) {
                return dataType(f.kind());
            }
        }
        return "number";
    }

    private String order(List<Column> columns) {
        List<String> keys = new ArrayList<>();
        List<SortKey> sort = def.sort() == null ? List.of() : def.sort();
        for (int i = 0; i < sort.size(); i++) {
            SortKey s = sort.get(i);
            int at = -1;
            for (int c = 0; c < columns.size(); c++) {
                if (columns.get(c).key().equals(s.key())) {
                    at = c + 1;
                }
            }
            if (at < 0) {
                throw InvalidInput.of("/sort/" + i + "/key", "REPORT_DEFINITION_INVALID", "Sort by a dimension or"
                        + " measure of the report.");
            }
            keys.add(at + (s.direction() == SortDirection.DESC ? " desc" : " asc") + " nulls last");
        }
        for (int c = 0; c < columns.size(); c++) {
            if (columns.get(c).type().equals("dimension")) {
                keys.add((c + 1) + " asc nulls last");
            }
        }
        return keys.isEmpty() ? "1" : String.join(", ", keys);
    }

    private static String ordinals(int from, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(Integer.toString(from + i));
        }
        return String.join(", ", out);
    }

    private String aggregate(Measure m, String p) {
        Aggregation agg = m.agg();
        if (agg == null) {
            throw InvalidInput.of(p + "/agg", "REPORT_DEFINITION_INVALID", "A measure needs an aggregation or a"
                    + " ratio.");
        }
        String x = null;
        SqlKind kind = null;
        if (m.field() != null) {
            FieldRef f = field(m.field(), p + "/field");
            x = f.sql();
            kind = f.kind();
        }
        boolean numeric = kind == SqlKind.NUMBER || kind == SqlKind.MONEY;
        String expr = switch (agg) {
            case COUNT -> x == null ? "count(*)" : "count(" + x + ")";
            case COUNT_DISTINCT -> "count(distinct " + need(x, p) + ")";
            case SUM -> numeric ? "coalesce(sum(" + x + "), 0)" : notNumeric(p);
            case AVG -> numeric ? "round(avg(" + x + "), 4)" : notNumeric(p);
            case MIN, MAX -> numeric || kind == SqlKind.DATE || kind == SqlKind.DATETIME
                    ? agg.name().toLowerCase(Locale.ROOT) + "(" + x + ")"
                    : notNumeric(p);
        };
        if (m.filter() != null && !m.filter().isNull()) {
            hiddenFields(m.filter(), p + "/filter");
            JsonNode f = substitute(m.filter(), p + "/filter");
            if (f != null) {
                String cond = new FilterCompiler(rowFields != null ? rowFields : visible, params, now).compile(f, p
                        + "/filter");
                // a conditional sum keeps 0 for no rows, like the plain sum
                expr = agg == Aggregation.SUM
                        ? "coalesce(sum(" + x + ") filter (where " + cond + "), 0)"
                        : expr.substring(0, expr.length() - 1) + ") filter (where " + cond + ")";
                if (agg == Aggregation.AVG) {
                    expr = "round(avg(" + x + ") filter (where " + cond + "), 4)";
                }
            }
        }
        return expr;
    }

    private static String need(String x, String p) {
        if (x == null) {
            throw InvalidInput.of(p + "/field", "REPORT_DEFINITION_INVALID", "This aggregation needs a field.");
        }
        return x;
    }

    private static String notNumeric(String p) {
        throw InvalidInput.of(p + "/field", "REPORT_DEFINITION_INVALID", "This aggregation needs a number field.");
    }

    /** {@code date_trunc} of a date or date-time field in the tenant's time zone, as yyyy-MM-dd. */
    private String bucket(FieldRef f, DateBucket bucket, String p) {
        String ts;
        if (f.kind() == SqlKind.DATE) {
            ts = f.sql() + "::date::timestamp";
        } else if (f.kind() == SqlKind.DATETIME) {
            String tz = params.add(zone.getId());
            ts = (f.isColumn() ? f.sql() : f.sql() + "::timestamptz") + " at time zone " + tz;
        } else {
            throw InvalidInput.of(p + "/bucket", "REPORT_DEFINITION_INVALID", "Only date and date-time fields"
                    + " have buckets.");
        }
        String unit = switch (bucket) {
            case DAY -> "day";
            case WEEK -> "week";
            case MONTH -> "month";
            case QUARTER -> "quarter";
            case YEAR -> "year";
        };
        return "to_char(date_trunc('" + unit + "', " + ts + "), 'YYYY-MM-DD')";
    }

    /**
     * Switches to a dataset over the rows of a subtable: the FROM clause that expands them, and the row
     * fields (plus {@code parent.<field>}) that dimensions, measures and measure filters see.
     */
    private String rows(String key) {
        FieldPlan plan = form.fields().get(key);
        if (plan == null || plan.role() != FieldPlan.Role.SUBTABLE || !key.matches(SAFE_KEY)) {
            throw InvalidInput.of("/dataset/rows", "REPORT_UNKNOWN_FIELD", "The form '" + form.key()
                    + "' has no subtable '" + key + "'.");
        }
        if (!grant.canRead(key)) {
            throw hidden(key, "/dataset/rows");
        }
        rowFields = new LinkedHashMap<>();
        for (FieldPlan r : plan.rows()) {
            if (r.key().matches(SAFE_KEY)) {
                SqlKind kind = r.codec() == null ? SqlKind.TEXT : r.codec().kind();
                rowFields.put(r.key(), new FieldRef(r.key(), kind, rowSql(r.key(), kind)));
            }
        }
        visible.forEach((k, v) -> rowFields.put(io.tradewind.model.report.Dataset.PARENT_PREFIX + k, new FieldRef(
                io.tradewind.model.report.Dataset.PARENT_PREFIX + k, v.kind(), v.sql())));
        return "record cross join lateral jsonb_array_elements(case when jsonb_typeof(data->'" + key
                + "') = 'array' then data->'" + key + "' else '[]'::jsonb end) as " + ROW + "(v)";
    }

    private static String rowSql(String key, SqlKind kind) {
        String v = ROW + ".v";
        return switch (kind) {
            case NUMBER -> "(" + v + "->>'" + key + "')::numeric";
            case BOOLEAN -> "(" + v + "->>'" + key + "')::boolean";
            case MONEY -> "(" + v + "->'" + key + "'->>'amount')::numeric";
            case ARRAY, OBJECT -> "(" + v + "->'" + key + "')";
            default -> "(" + v + "->>'" + key + "')";
        };
    }

    private FieldRef field(String key, String pointer) {
        if (rowFields != null && key != null) {
            String parent = io.tradewind.model.report.Dataset.PARENT_PREFIX;
            if (key.startsWith(parent)) {
                return topField(key.substring(parent.length()), pointer);
            }
            if (key.indexOf('.') > 0) {
                String link = key.substring(0, key.indexOf('.'));
                FieldPlan plan = form.fields().get(def.dataset().rows()).rows().stream().filter(r -> r.key().equals(
                        link)).findFirst().orElse(null);
                return linked(key, pointer, plan, "(" + ROW + ".v->>'" + link + "')");
            }
            FieldRef f = rowFields.get(key);
            if (f == null) {
                throw InvalidInput.of(pointer, "REPORT_UNKNOWN_FIELD", "The subtable '" + def.dataset().rows()
                        + "' has no field '" + key + "'.");
            }
            return f;
        }
        return topField(key, pointer);
    }

    private FieldRef topField(String key, String pointer) {
        if (key != null && key.indexOf('.') > 0) {
            String link = key.substring(0, key.indexOf('.'));
            if (form.fields().containsKey(link) && !grant.canRead(link)) {
                throw hidden(link, pointer);
            }
            String source = projection != null
                    ? projection.linkSource(link)
                    : "(record.data->>'" + link + "')";
            return linked(key, pointer, form.fields().get(link), source);
        }
        FieldRef f = key == null ? null : fields.get(key);
        if (f == null) {
            throw InvalidInput.of(pointer, "REPORT_UNKNOWN_FIELD", "The form '" + form.key() + "' has no field '"
                    + key + "'.");
        }
        if (!readable(key)) {
            throw hidden(key, pointer);
        }
        return f;
    }

    /**
     * A field of the record a link field points to, read by a correlated subquery that applies the
     * linked form's grant: READ, its row scope (a linked record out of scope reads as null) and field
     * access.
     */
    private FieldRef linked(String path, String pointer, FieldPlan plan, String source) {
        String link = path.substring(0, path.indexOf('.'));
        String target = path.substring(path.indexOf('.') + 1);
        if (plan == null || plan.role() != FieldPlan.Role.LINK || target.contains(".") || !link.matches(SAFE_KEY)) {
            throw InvalidInput.of(pointer, "REPORT_UNKNOWN_FIELD", "'" + path + "' is not a field of the form '"
                    + form.key() + "' or of a record it links to.");
        }
        String app = plan.linkApp() == null ? form.app() : plan.linkApp();
        CompiledForm other = forms.apply(app, plan.linkForm());
        FieldRef f = other == null ? null : other.queryFields().get(target);
        if (f == null) {
            throw InvalidInput.of(pointer, "REPORT_UNKNOWN_FIELD", "The linked form has no field '" + target
                    + "'.");
        }
        Grant theirs = other.access().grant(user);
        if (!theirs.allows(PermissionAction.READ)) {
            throw new AccessDenied("ACTION_NOT_ALLOWED", "The report reads records of the form '" + other.key()
                    + "', which you may not read.",
                    List.of(new Violation(pointer, "ACTION_NOT_ALLOWED",
                            "You may not read the linked records.")));
        }
        if (other.fields().containsKey(target) && !theirs.canRead(target)) {
            throw hidden(path, pointer);
        }
        List<String> where = new ArrayList<>(List.of("j.tenant_id = record.tenant_id", "j.app_key = " + params.add(
                app), "j.form_key = " + params.add(other.key()), "j.id = " + source + "::uuid"));
        String scope = ScopeCompiler.compile(theirs.rows(PermissionAction.READ), user, other.queryFields(), params,
                now);
        if (scope != null) {
            where.add(scope);
        }
        read(app, other.key(), theirs);
        // inside the subquery the unqualified columns are the linked record's (the alias j hides the outer name)
        String sql = "(select " + f.sql() + " from record j where " + String.join(" and ", where) + ")";
        return new FieldRef(path, f.kind(), sql);
    }

    private static AccessDenied hidden(String key, String pointer) {
        return new AccessDenied("REPORT_FIELD_HIDDEN", "The report uses the field '" + key
                + "', which you may not see.",
                List.of(new Violation(pointer, "REPORT_FIELD_HIDDEN",
                        "You may not see this field.")));
    }

    /** Refuses a filter that names a field the caller cannot read. */
    private void hiddenFields(JsonNode n, String p) {
        if (n.isObject()) {
            JsonNode f = n.get("field");
            String name = f != null && f.isTextual() ? f.textValue() : null;
            if (name != null && rowFields != null && name.startsWith(io.tradewind.model.report.Dataset.PARENT_PREFIX)) {
                name = name.substring(io.tradewind.model.report.Dataset.PARENT_PREFIX.length());
            }
            if (name != null && form.fields().containsKey(name) && !readable(name)) {
                throw hidden(name, p + "/field");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                var e = it.next();
                hiddenFields(e.getValue(), p + "/" + e.getKey());
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                hiddenFields(n.get(i), p + "/" + i);
            }
        }
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
        FieldRef field = name == null
                ? null
                : rowFields != null && rowFields.containsKey(name)
                        ? rowFields.get(name)
                        : fields.get(name);
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
        return TextNode.valueOf(java.time.OffsetDateTime.parse(v.textValue()).atZoneSameInstant(zone).toLocalDate()
                .plusDays(1).atStartOfDay(zone).toOffsetDateTime().toString());
    }

    static String dataType(SqlKind kind) {
        return switch (kind) {
            case NUMBER, MONEY -> "number";
            case DATE -> "date";
            case DATETIME -> "datetime";
            case BOOLEAN -> "boolean";
            default -> "text";
        };
    }
}
