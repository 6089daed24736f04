package io.tradewind.runtime.report;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.form.PermissionAction;
import io.tradewind.model.report.DashboardDefinition;
import io.tradewind.model.report.ReportDefinition;
import io.tradewind.runtime.form.AppRegistry;
import io.tradewind.runtime.form.CompiledForm;
import io.tradewind.runtime.report.cache.ReportCache;
import io.tradewind.runtime.security.TradewindPrincipal;

/**
 * Runs reports and dashboards for a caller: which ones they may read, a report's data (with
 * drill-down filters and funnel conversion), a dashboard with its items' data. Running a report is
 * {@link ReportRunner}'s, assembling a dashboard {@link ReportDashboards}'; exports are
 * {@link ReportExporter}'s.
 */
@ApplicationScoped
public class ReportService {
    @Inject
    AppRegistry registry;
    @Inject
    ReportRunner runner;
    @Inject
    ReportDashboards dashboards;

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
        return runner.prepare(user, app, report, query, false, true, ReportCompiler.MAX_ROWS).flatMap(p -> runner
                .execute(p, refresh));
    }

    /**
     * A report's data, from the record store even when the form has a projection if {@code projected}
     * is false.
     */
    Uni<Result> dataFrom(TradewindPrincipal user, String app, String report, Map<String, List<String>> query,
            boolean projected) {
        return runner.prepare(user, app, report, query, false, projected, ReportCompiler.MAX_ROWS).flatMap(
                p -> runner.execute(p, true));
    }

    /** A dashboard and each item's data, in one call. */
    public Uni<Map<String, Object>> dashboard(TradewindPrincipal user, String app, String key,
            Map<String, List<String>> query) {
        return dashboards.dashboard(user, app, key, query, false);
    }

    /** A dashboard and each item's data; with {@code refresh} no item's rows come from the cache. */
    public Uni<Map<String, Object>> dashboard(TradewindPrincipal user, String app, String key,
            Map<String, List<String>> query, boolean refresh) {
        return dashboards.dashboard(user, app, key, query, refresh);
    }

    /** The projection table a report's statement reads for this caller, null for the record store. */
    String projectionOf(TradewindPrincipal user, String app, String report, Map<String, List<String>> query) {
        return runner.prepare(user, app, report, query, ZoneId.of("UTC"), false, true, ReportCompiler.MAX_ROWS)
                .compiled().projection();
    }
}
