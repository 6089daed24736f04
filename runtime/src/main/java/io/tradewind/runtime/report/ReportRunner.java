package io.tradewind.runtime.report;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.form.PermissionAction;
import io.tradewind.model.report.ReportDefinition;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.NotFound;
import io.tradewind.runtime.form.AppRegistry;
import io.tradewind.runtime.form.CompiledForm;
import io.tradewind.runtime.form.access.Grant;
import io.tradewind.runtime.report.cache.ReportCache;
import io.tradewind.runtime.report.projection.ReportProjections;
import io.tradewind.runtime.security.TradewindPrincipal;
import io.tradewind.runtime.tenant.TenantDb;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Prepares and runs one report for a caller: finds the definition, checks READ (and EXPORT for an
 * export), resolves the parameters in the tenant's time zone, compiles the statement (over the
 * form's projection when it covers the report) and runs it through the result cache into a
 * {@link ReportService.Result} with drill-down links and funnel conversion.
 */
@ApplicationScoped
public class ReportRunner {
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
     * The report prepared in the tenant's time zone: for an {@code export} the caller also needs
     * EXPORT; {@code projected} false reads the record store even when the form has a projection; at
     * most {@code maxRows} rows, or the request's {@code limit} (1 to {@code maxRows}).
     */
    Uni<PreparedReport> prepare(TradewindPrincipal user, String app, String report, Map<String, List<String>> query,
            boolean export, boolean projected, int maxRows) {
        return zone(user).map(zone -> prepare(user, app, report, query, zone, export, projected, maxRows));
    }

    PreparedReport prepare(TradewindPrincipal user, String app, String report, Map<String, List<String>> query,
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
        return new PreparedReport(def, app, c, values, zone, a.contentHash() + "/" + zone.getId());
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

    /** The tenant's time zone (UTC when it has none or an unknown one). */
    Uni<ZoneId> zone(TradewindPrincipal user) {
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

    /** The result of a prepared report; with {@code refresh} the statement runs even on a cache hit. */
    Uni<ReportService.Result> execute(PreparedReport p, boolean refresh) {
        ReportCompiler.Compiled c = p.compiled();
        return cache.rows(tenantOf(c), p.version(), c, refresh,
                () -> db.single(tenantOf(c), conn -> conn.preparedQuery(c
                        .sql()).execute(Tuple.from(c.params())))
                        .map(rows -> {
                            List<List<Object>> out = new ArrayList<>();
                            for (Row r : rows) {
                                List<Object> row = new ArrayList<>(c.columns().size());
                                for (int i = 0; i < c.columns().size(); i++) {
                                    row.add(ReportCells.cell(r.getValue(i)));
                                }
                                out.add(row);
                            }
                            return out;
                        }))
                .map(cached -> {
                    List<List<Object>> out = cached.rows();
                    return new ReportService.Result(p.def().key(), c.columns(), out, p.def().chart(), p.parameters(),
                            DrillLinks.of(p,
                                    out),
                            FunnelConversion.of(p, out), cached);
                });
    }

    private static String tenantOf(ReportCompiler.Compiled c) {
        return (String) c.params().get(0);
    }

    static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
