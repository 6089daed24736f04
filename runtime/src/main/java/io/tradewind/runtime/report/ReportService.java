package io.tradewind.runtime.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.form.PermissionAction;
import io.tradewind.model.report.ChartType;
import io.tradewind.model.report.DashboardDefinition;
import io.tradewind.model.report.DashboardItem;
import io.tradewind.model.report.DateBucket;
import io.tradewind.model.report.ReportDefinition;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.NotFound;
import io.tradewind.runtime.error.TradewindException;
import io.tradewind.runtime.form.AppRegistry;
import io.tradewind.runtime.form.CompiledForm;
import io.tradewind.runtime.form.access.Grant;
import io.tradewind.runtime.form.field.FieldCodec.SqlKind;
import io.tradewind.runtime.report.cache.ReportCache;
import io.tradewind.runtime.report.projection.ReportProjections;
import io.tradewind.runtime.security.TradewindPrincipal;
import io.tradewind.runtime.tenant.TenantDb;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Runs reports and dashboards for a caller: data, drill-down filters, funnel conversion, export.
 */
@ApplicationScoped
public class ReportService {
    /** Query keys of the data endpoint that are not report parameters. */
    static final Set<String> RESERVED = Set.of("limit");

    @Inject
    AppRegistry registry;
    @Inject
    TenantDb db;
    @Inject
    TradewindClock clock;
    @Inject
    ReportProjections projections;
    @Inject
    ReportCache cache;

    /**
     * A report's result, ready to be written as JSON.
     *
     * @param cache
     *            whether the rows came from the report cache and when they were computed (null when
     *            unknown)
     */
    public record Result(String report, List<ReportCompiler.Column> columns, List<List<Object>> rows,
            Object chart, Map<String, Object> parameters, List<Map<String, Object>> drill,
            List<Map<String, Object>> conversion, ReportCache.Rows cache) {

        /** A result that says nothing about the cache. */
        public Result(String report, List<ReportCompiler.Column> columns, List<List<Object>> rows, Object chart,
                Map<String, Object> parameters, List<Map<String, Object>> drill,
                List<Map<String, Object>> conversion) {
            this(report, columns, rows, chart, parameters, drill, conversion, null);
        }
    }

    /** The reports of an app the caller may read (READ on the dataset form). */
    public List<ReportDefinition> readableReports(TradewindPrincipal user, String app) {
        AppRegistry.InstalledApp a = registry.app(user.tenantId(), app);
        return a.reports().values().stream().filter(r -> canRead(user, a, r))
                .sorted(java.util.Comparator.comparing(ReportDefinition::key)).toList();
    }

    /** The dashboards of an app with at least one report the caller may read. */
    public List<DashboardDefinition> readableDashboards(TradewindPrincipal user, String app) {
        AppRegistry.InstalledApp a = registry.app(user.tenantId(), app);
        return a.dashboards().values().stream().filter(d -> d.items() != null && d.items().stream().anyMatch(
                i -> a.reports().containsKey(i.report()) && canRead(user, a, a.reports().get(i.report()))))
                .sorted(java.util.Comparator.comparing(DashboardDefinition::key)).toList();
    }

    private static boolean canRead(TradewindPrincipal user, AppRegistry.InstalledApp a, ReportDefinition r) {
        CompiledForm f = a.forms().get(r.dataset().form());
        return f != null && f.access().grant(user).allows(PermissionAction.READ);
    }

    /** A report's data for the query parameters of the request. */
    public Uni<Result> data(TradewindPrincipal user, String app, String report, Map<String, List<String>> query) {
        return data(user, app, report, query, false);
    }

    /**
     * A report's data; with {@code refresh} the statement runs even if the cache holds its rows (which
     * it then replaces).
     */
    public Uni<Result> data(TradewindPrincipal user, String app, String report, Map<String, List<String>> query,
            boolean refresh) {
        return zone(user).map(zone -> prepare(user, app, report, query, zone, false, true)).flatMap(p -> execute(p,
                refresh));
    }

    /**
     * A report's data, from the record store even when the form has a projection if {@code projected}
     * is false.
     */
    Uni<Result> dataFrom(TradewindPrincipal user, String app, String report, Map<String, List<String>> query,
            boolean projected) {
        return zone(user).map(zone -> prepare(user, app, report, query, zone, false, projected)).flatMap(p -> execute(
                p, true));
    }

    /**
     * The statement of a report's export, for a caller with READ and EXPORT on the dataset form: at
     * most {@code maxRows} rows, or the request's {@code limit} (1 to {@code maxRows}).
     */
    Uni<Prepared> prepareExport(TradewindPrincipal user, String app, String report, Map<String, List<String>> query,
            int maxRows) {
        return zone(user).map(zone -> prepare(user, app, report, query, zone, true, true, maxRows));
    }

    /** A dashboard and each item's data, in one call. */
    public Uni<Map<String, Object>> dashboard(TradewindPrincipal user, String app, String key,
            Map<String, List<String>> query) {
        return dashboard(user, app, key, query, false);
    }

    /** A dashboard and each item's data; with {@code refresh} no item's rows come from the cache. */
    public Uni<Map<String, Object>> dashboard(TradewindPrincipal user, String app, String key,
            Map<String, List<String>> query, boolean refresh) {
        AppRegistry.InstalledApp a = registry.app(user.tenantId(), app);
        DashboardDefinition d = a.dashboards().get(key);
        if (d == null) {
            throw new NotFound("DASHBOARD_NOT_FOUND", "The app '" + app + "' has no dashboard '" + shorten(key)
                    + "'.");
        }
        return zone(user).flatMap(zone -> {
            Map<String, Object> values = ReportParameters.resolve(d.parameters(), query, Set.of(), zone, clock
                    .instant(), user);
            List<Uni<Map<String, Object>>> items = new ArrayList<>();
            List<DashboardItem> list = d.items() == null ? List.of() : d.items();
            for (DashboardItem item : list) {
                items.add(item(user, app, a, item, values, zone, refresh));
            }
            Uni<List<Map<String, Object>>> all = items.isEmpty()
                    ? Uni.createFrom().item(List.of())
                    : Uni.join().all(items).andFailFast();
            return all.map(results -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("key", d.key());
                body.put("label", d.label());
                body.put("description", d.description());
                body.put("parameters", values);
                body.put("items", results);
                return body;
            });
        });
    }

    private Uni<Map<String, Object>> item(TradewindPrincipal user, String app, AppRegistry.InstalledApp a,
            DashboardItem item, Map<String, Object> dashboardValues, ZoneId zone, boolean refresh) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("report", item.report());
        out.put("title", item.title());
        out.put("width", item.width());
        ReportDefinition r = a.reports().get(item.report());
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (r != null && r.parameters() != null) {
            for (var p : r.parameters()) {
                // an item sets a report parameter to a literal or to "$param.<key>" of the dashboard; the
                // others keep the report's default
                JsonNode fixed = item.parameters() == null ? null : item.parameters().get(p.key());
                Object v = null;
                if (fixed != null && fixed.isTextual() && fixed.textValue().startsWith("$param.")) {
                    v = dashboardValues.get(fixed.textValue().substring("$param.".length()));
                } else if (fixed != null && !fixed.isNull()) {
                    v = fixed.asText();
                }
                if (v != null) {
                    query.put(p.key(), List.of(v.toString()));
                }
            }
        }
        try {
            return execute(prepare(user, app, item.report(), query, zone, false), refresh).map(res -> {
                out.put("data", res);
                return out;
            }).onFailure(TradewindException.class).recoverWithItem(e -> error(out, (TradewindException) e));
        } catch (TradewindException e) {
            return Uni.createFrom().item(error(out, e));
        }
    }

    private static Map<String, Object> error(Map<String, Object> out, TradewindException e) {
        out.put("error", Map.of("status", e.status(), "code", e.code(), "detail", e.getMessage()));
        return out;
    }

    /** A report's compiled statement with what its result needs besides the rows. */
    record Prepared(ReportDefinition def, String app, ReportCompiler.Compiled compiled,
            Map<String, Object> parameters, ZoneId zone, String version) {
    }

    /** The projection table a report's statement reads for this caller, null for the record store. */
    String projectionOf(TradewindPrincipal user, String app, String report, Map<String, List<String>> query) {
        return prepare(user, app, report, query, ZoneId.of("UTC"), false, true).compiled().projection();
    }

    private Prepared prepare(TradewindPrincipal user, String app, String report, Map<String, List<String>> query,
            ZoneId zone, boolean export) {
        return prepare(user, app, report, query, zone, export, true);
    }

    private Prepared prepare(TradewindPrincipal user, String app, String report, Map<String, List<String>> query,
            ZoneId zone, boolean export, boolean projected) {
        return prepare(user, app, report, query, zone, export, projected, ReportCompiler.MAX_ROWS);
    }

    private Prepared prepare(TradewindPrincipal user, String app, String report, Map<String, List<String>> query,
            ZoneId zone, boolean export, boolean projected, int maxRows) {
        AppRegistry.InstalledApp a = registry.app(user.tenantId(), app);
        ReportDefinition def = a.reports().get(report);
        if (def == null) {
            throw new NotFound("REPORT_NOT_FOUND", "The app '" + app + "' has no report '" + shorten(report) + "'.");
        }
        CompiledForm form = registry.form(user.tenantId(), app, def.dataset().form());
        Grant grant = form.access().grant(user).require(PermissionAction.READ);
        if (export) {
            grant.require(PermissionAction.EXPORT);
        }
        Instant now = clock.instant();
        Map<String, Object> values = ReportParameters.resolve(def.parameters(), query, RESERVED, zone, now,
                user);
        Integer limit = limit(query.get("limit"), maxRows);
        ReportCompiler.Compiled c = new ReportCompiler(def, form, grant, user, values, zone, now, (other,
                key) -> {
            AppRegistry.InstalledApp target = other.equals(app)
                    ? a
                    : registry.apps(user.tenantId()).stream()
                            .filter(x -> x.key().equals(other)).findFirst().orElse(null);
            return target == null ? null : target.forms().get(key);
        }, projected ? projections.find(form.app(), form.key()).orElse(null) : null).compile(limit, maxRows);
        return new Prepared(def, app, c, values, zone, a.contentHash() + "/" + zone.getId());
    }

    private static Integer limit(List<String> raw, int max) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            int n = Integer.parseInt(raw.get(0).strip());
            if (n < 1 || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw InvalidInput.of("/parameters/limit", "LIMIT_INVALID", "'limit' is a whole number from 1 to "
                    + max + ".");
        }
    }

    private Uni<ZoneId> zone(TradewindPrincipal user) {
        return db.single(user.tenantId(), c -> c.preparedQuery("select time_zone from tenant where tenant_id = $1")
                .execute(Tuple.of(user.tenantId()))).map(rows -> {
                    String tz = rows.size() == 0 ? null : rows.iterator().next().getString(0);
                    try {
                        return tz == null ? ZoneId.of("UTC") : ZoneId.of(tz);
                    } catch (java.time.DateTimeException e) {
                        return ZoneId.of("UTC");
                    }
                });
    }

    private Uni<Result> execute(Prepared p, boolean refresh) {
        ReportCompiler.Compiled c = p.compiled();
        return cache.rows(tenantOf(c), p.version(), c, refresh,
                () -> db.single(tenantOf(c), conn -> conn.preparedQuery(c
                        .sql()).execute(Tuple.from(c.params())))
                        .map(rows -> {
                            List<List<Object>> out = new ArrayList<>();
                            for (Row r : rows) {
                                List<Object> row = new ArrayList<>(c.columns().size());
                                for (int i = 0; i < c.columns().size(); i++) {
                                    row.add(cell(r.getValue(i)));
                                }
                                out.add(row);
                            }
                            return out;
                        }))
                .map(cached -> {
                    List<List<Object>> out = cached.rows();
                    return new Result(p.def().key(), c.columns(), out, p.def().chart(), p.parameters(), drill(p,
                            out), conversion(p, out), cached);
                });
    }

    private static String tenantOf(ReportCompiler.Compiled c) {
        return (String) c.params().get(0);
    }

    /** A database value as a report cell: numbers without trailing zeros, date-times as ISO text. */
    static Object cell(Object v) {
        if (v instanceof io.vertx.sqlclient.data.Numeric n) {
            BigDecimal d = n.bigDecimalValue();
            return d == null ? null : number(d);
        }
        if (v instanceof java.time.OffsetDateTime t) {
            return io.tradewind.runtime.form.field.DatetimeCodec.FORMAT.format(t.toInstant().truncatedTo(
                    ChronoUnit.MILLIS));
        }
        if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) {
            return v instanceof BigDecimal d ? number(d) : v;
        }
        return v.toString();
    }

    /** A decimal without trailing zeros, written as a whole number when it is one. */
    static Object number(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() <= 0 ? (Object) s.toBigIntegerExact() : s;
    }

    /** Per row: the record-list filter of the records behind it. */
    private static List<Map<String, Object>> drill(Prepared p, List<List<Object>> rows) {
        ReportCompiler.Compiled c = p.compiled();
        List<Map<String, Object>> out = new ArrayList<>();
        String base = "/api/apps/" + p.app() + "/forms/" + p.def().dataset().form() + "/records";
        for (List<Object> row : rows) {
            ArrayNode and = JsonNodeFactory.instance.arrayNode();
            if (c.filter() != null) {
                and.add(c.filter());
            }
            boolean drillable = c.dimensions().stream().noneMatch(ReportCompiler.DimensionSource::linked);
            for (int i = 0; drillable && i < c.dimensions().size(); i++) {
                ReportCompiler.DimensionSource d = c.dimensions().get(i);
                Object v = row.get(i);
                if (v == null) {
                    and.add(leaf(d.field(), "isNull", JsonNodeFactory.instance.booleanNode(true)));
                } else if (d.bucket() != null) {
                    LocalDate from = LocalDate.parse(v.toString());
                    LocalDate to = next(from, d.bucket());
                    and.add(leaf(d.field(), "gte", bound(d, from, p.zone())));
                    and.add(leaf(d.field(), "lt", bound(d, to, p.zone())));
                } else {
                    and.add(leaf(d.field(), "eq", io.tradewind.runtime.web.JsonBodies.mapper().valueToTree(v)));
                }
            }
            JsonNode filter = and.isEmpty()
                    ? null
                    : and.size() == 1
                            ? and.get(0)
                            : JsonNodeFactory.instance
                                    .objectNode().set("and", and);
            Map<String, Object> m = new LinkedHashMap<>();
            if (!drillable) {
                // the record list cannot filter on a linked record's field
                m.put("filter", null);
                m.put("href", null);
                out.add(m);
                continue;
            }
            m.put("filter", filter);
            m.put("href", filter == null
                    ? base
                    : base + "?filter=" + java.net.URLEncoder.encode(filter.toString(),
                            java.nio.charset.StandardCharsets.UTF_8));
            out.add(m);
        }
        return out;
    }

    private static LocalDate next(LocalDate from, DateBucket b) {
        return switch (b) {
            case DAY -> from.plusDays(1);
            case WEEK -> from.plusWeeks(1);
            case MONTH -> from.with(TemporalAdjusters.firstDayOfMonth()).plusMonths(1);
            case QUARTER -> from.plusMonths(3);
            case YEAR -> from.plus(1, ChronoUnit.YEARS);
        };
    }

    private static JsonNode bound(ReportCompiler.DimensionSource d, LocalDate day, ZoneId zone) {
        return JsonNodeFactory.instance.textNode(d.kind() == SqlKind.DATE
                ? day.toString()
                : day.atStartOfDay(zone).toOffsetDateTime().toString());
    }

    private static ObjectNode leaf(String field, String op, JsonNode value) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("field", field);
        n.put("op", op);
        n.set("value", value);
        return n;
    }

    /**
     * For funnel charts: each stage's value, the value that REACHED it (this stage and every later one:
     * a deal at "won" has passed "lead"), and the reached value's share of the previous stage's and of
     * the first stage's. The stages are the chart's {@code stages} (values of its x dimension) in
     * order, else the rows; values outside the stages (e.g. "lost") count for no stage.
     */
    private static List<Map<String, Object>> conversion(Prepared p, List<List<Object>> rows) {
        var chart = p.def().chart();
        if (chart == null || chart.type() != ChartType.FUNNEL) {
            return null;
        }
        List<ReportCompiler.Column> cols = p.compiled().columns();
        int x = index(cols, chart.x(), "dimension");
        int y = index(cols, chart.y() == null || chart.y().isEmpty() ? null : chart.y().get(0), "measure");
        if (x < 0 || y < 0) {
            return List.of();
        }
        List<String> stages = new ArrayList<>();
        if (chart.stages() != null && !chart.stages().isEmpty()) {
            stages.addAll(chart.stages());
        } else {
            rows.forEach(r -> stages.add(String.valueOf(r.get(x))));
        }
        List<BigDecimal> values = new ArrayList<>();
        for (String stage : stages) {
            BigDecimal v = BigDecimal.ZERO;
            for (List<Object> r : rows) {
                if (stage.equals(String.valueOf(r.get(x))) && r.get(y) instanceof Number n) {
                    v = new BigDecimal(n.toString());
                }
            }
            values.add(v);
        }
        BigDecimal[] reached = new BigDecimal[stages.size()];
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = stages.size() - 1; i >= 0; i--) {
            sum = sum.add(values.get(i));
            reached[i] = sum;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("stage", stages.get(i));
            m.put("value", number(values.get(i)));
            m.put("reached", number(reached[i]));
            m.put("ofPrevious", share(reached[i], i == 0 ? null : reached[i - 1]));
            m.put("ofFirst", share(reached[i], i == 0 ? null : reached[0]));
            out.add(m);
        }
        return out;
    }

    private static Object share(BigDecimal v, BigDecimal of) {
        if (of == null) {
            return 1;
        }
        return of.signum() == 0 ? null : number(v.divide(of, 4, java.math.RoundingMode.HALF_UP));
    }

    private static int index(List<ReportCompiler.Column> cols, String key, String type) {
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).key().equals(key) && cols.get(i).type().equals(type)) {
                return i;
            }
        }
        return -1;
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
