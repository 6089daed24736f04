package io.tradewind.runtime.report;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.report.DashboardDefinition;
import io.tradewind.model.report.DashboardItem;
import io.tradewind.model.report.ReportDefinition;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.error.NotFound;
import io.tradewind.runtime.error.TradewindException;
import io.tradewind.runtime.form.AppRegistry;
import io.tradewind.runtime.security.TradewindPrincipal;

/**
 * Assembles a dashboard for a caller: resolves the dashboard's parameters, passes them on to each
 * item's report (by key or as {@code "$param.<key>"}), runs the items together, and puts an item
 * the caller may not run as an {@code error} beside the others' data.
 */
@ApplicationScoped
public class ReportDashboards {
    @Inject
    AppRegistry registry;
    @Inject
    TradewindClock clock;
    @Inject
    ReportRunner runner;

    /** A dashboard and each item's data; with {@code refresh} no item's rows come from the cache. */
    public Uni<Map<String, Object>> dashboard(TradewindPrincipal user, String app, String key,
            Map<String, List<String>> query, boolean refresh) {
        AppRegistry.InstalledApp a = registry.app(user.tenantId(), app);
        DashboardDefinition d = a.dashboards().get(key);
        if (d == null) {
            throw new NotFound("DASHBOARD_NOT_FOUND",
                    "The app '" + app + "' has no dashboard '" + ReportRunner.shorten(key)
                            + "'.");
        }
        return runner.zone(user).flatMap(zone -> {
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
            return runner.execute(runner.prepare(user, app, item.report(), query, zone, false, true,
                    ReportCompiler.MAX_ROWS), refresh).map(res -> {
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
}
