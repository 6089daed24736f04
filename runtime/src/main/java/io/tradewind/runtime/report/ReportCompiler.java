package io.tradewind.runtime.report;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;

import io.tradewind.model.I18nText;
import io.tradewind.model.form.PermissionAction;
import io.tradewind.model.form.RowScope;
import io.tradewind.model.report.DateBucket;
import io.tradewind.model.report.Dimension;
import io.tradewind.model.report.Measure;
import io.tradewind.model.report.ReportDefinition;
import io.tradewind.model.report.SortDirection;
import io.tradewind.model.report.SortKey;
import io.tradewind.runtime.error.AccessDenied;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.form.CompiledForm;
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
 * map to fixed SQL; every value is a bind parameter. Field names resolve through
 * {@link FieldResolver}, parameter values through {@link ParameterSubstitution}, measure and bucket
 * expressions come from {@link ColumnSql}; this class assembles the statement.
 */
public final class ReportCompiler {
    /** The most rows a report returns. */
    public static final int MAX_ROWS = 1000;

    private final ReportDefinition def;
    private final CompiledForm form;
    private final Grant grant;
    private final TradewindPrincipal user;
    private final Instant now;
    private final SqlParams params = new SqlParams();
    /** The typed projection the statement reads, or null for the jsonb record store. */
    private final ReportProjections.Projection projection;
    private final FieldResolver fields;
    private final ParameterSubstitution substitution;
    private final ColumnSql columnSql;

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
            BiFunction<String, String, CompiledForm> forms) {
        this(def, form, grant, user, parameters, zone, now, forms, null);
    }

    /**
     * A compiler that reads the form's report projection instead of the record store when the
     * projection holds every field the report and the caller's row scope use, with the same kinds.
     */
    public ReportCompiler(ReportDefinition def, CompiledForm form, Grant grant, TradewindPrincipal user,
            Map<String, Object> parameters, ZoneId zone, Instant now,
            BiFunction<String, String, CompiledForm> forms,
            ReportProjections.Projection projection) {
        this.projection = covers(projection, def, form, grant) ? projection : null;
        this.def = def;
        this.form = form;
        this.grant = grant;
        this.user = user;
        this.now = now;
        this.fields = new FieldResolver(def, form, grant, user, now, params, forms, this.projection);
        this.substitution = new ParameterSubstitution(parameters, zone, fields::named);
        this.columnSql = new ColumnSql(form, fields, substitution, params, now, zone);
    }

    private static boolean covers(ReportProjections.Projection p, ReportDefinition def, CompiledForm form,
            Grant grant) {
        if (p == null || def.dataset().rows() != null) {
            return false;
        }
        Set<String> used = ProjectionPlan.fieldsOf(def);
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
            from = fields.rows(def.dataset().rows());
        }
        String tenant = params.add(user.tenantId());
        List<String> where = new ArrayList<>(List.of("tenant_id = " + tenant));
        if (projection == null) {
            // a projection holds one form's records only
            where.add("app_key = " + params.add(form.app()));
            where.add("form_key = " + params.add(form.key()));
        }
        String scope = ScopeCompiler.compile(grant.rows(PermissionAction.READ), user, fields.fields(), params, now);
        if (scope != null) {
            where.add(scope);
        }
        fields.read(form.app(), form.key(), grant);
        JsonNode filter = null;
        if (def.dataset().filter() != null && !def.dataset().filter().isNull()) {
            fields.hiddenFields(def.dataset().filter(), "/dataset/filter");
            filter = substitution.substitute(def.dataset().filter(), "/dataset/filter");
            if (filter != null) {
                where.add(new FilterCompiler(fields.visible(), params, now).compile(filter, "/dataset/filter"));
            }
        }
        List<String> select = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        List<DimensionSource> sources = new ArrayList<>();
        List<Dimension> dims = def.dimensions() == null ? List.of() : def.dimensions();
        for (int i = 0; i < dims.size(); i++) {
            dimension(dims.get(i), "/dimensions/" + i, select, columns, sources);
        }
        List<Measure> measures = def.measures() == null ? List.of() : def.measures();
        Map<String, String> plain = new LinkedHashMap<>();
        for (int i = 0; i < measures.size(); i++) {
            Measure m = measures.get(i);
            if (m.ratio() == null) {
                plain.put(m.key(), columnSql.aggregate(m, "/measures/" + i));
            }
        }
        for (int i = 0; i < measures.size(); i++) {
            Measure m = measures.get(i);
            select.add(m.ratio() != null ? ColumnSql.ratio(m, plain, i) : plain.get(m.key()));
            columns.add(new Column(m.key(), m.label(), "measure", columnSql.measureType(m)));
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
        return new Compiled(sql.toString(), params.values(), columns, sources, filter, n, fields.reads(),
                fields.readsOrg(), projection == null ? null : projection.table());
    }

    private void dimension(Dimension d, String p, List<String> select, List<Column> columns,
            List<DimensionSource> sources) {
        FieldRef f = fields.field(d.field(), p + "/field");
        if (f.kind() == SqlKind.ARRAY || f.kind() == SqlKind.OBJECT) {
            throw InvalidInput.of(p + "/field", "REPORT_FIELD_UNSUPPORTED", "'" + d.field()
                    + "' cannot be grouped by.");
        }
        String dataType = ColumnSql.dataType(f.kind());
        String expr = f.sql();
        if (d.bucket() != null) {
            expr = columnSql.bucket(f, d.bucket(), p);
            dataType = "date";
        }
        select.add(expr);
        columns.add(new Column(d.key(), d.label(), "dimension", dataType));
        sources.add(new DimensionSource(f.key(), f.kind(), f.isColumn(), d.bucket(), fields.overRows() || d.field()
                .contains(".")));
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
}
