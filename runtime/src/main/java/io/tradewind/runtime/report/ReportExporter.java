package io.tradewind.runtime.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.audit.AuditLog;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.security.TradewindPrincipal;
import io.tradewind.runtime.tenant.TenantDb;

/**
 * Streams a report's export as CSV or XLSX: up to {@link ReportExportConfig#maxRows()} rows, read
 * through a {@link ReportCursor} and written batch by batch, never held as a whole. Exports bypass
 * the result cache (they are one-off and may be far larger than a cached result). Every export that
 * passed the permission checks writes the audit entry {@code report.export} with the rows sent and
 * whether the file was complete; a complete export's entry is written before the response ends.
 */
@ApplicationScoped
public class ReportExporter {
    /** The most rows one XLSX sheet holds below its header row. */
    public static final int XLSX_ROWS = 1_048_575;
    private static final Logger LOG = Logger.getLogger(ReportExporter.class);

    @Inject
    ReportRunner runner;
    @Inject
    ReportCursor cursor;
    @Inject
    ReportExportConfig config;
    @Inject
    TenantDb db;
    @Inject
    AuditLog audit;
    @Inject
    TradewindClock clock;

    /**
     * The bytes of the export, in order. Needs READ and EXPORT on the dataset form; a refusal or an
     * invalid request fails the stream before its first item.
     *
     * @param format
     *            {@code csv} or {@code xlsx}
     */
    public Multi<byte[]> export(TradewindPrincipal user, String app, String report, Map<String, List<String>> query,
            String format, String sourceIp) {
        int max = Math.max(1, Math.min(config.maxRows(), XLSX_ROWS));
        return runner.prepare(user, app, report, query, true, true, max).onItem().transformToMulti(p -> {
            ReportCompiler.Compiled c = p.compiled();
            ReportExport.Writer w = format.equals("xlsx")
                    ? ReportExport.xlsx(p.def().key(), c.columns(), "en")
                    : ReportExport.csv(c.columns(), "en");
            AtomicLong sent = new AtomicLong();
            Multi<byte[]> rows = cursor.batches(c).map(batch -> {
                byte[] bytes = w.rows(batch);
                sent.addAndGet(batch.size());
                return bytes;
            });
            return Multi.createBy().concatenating().streams(rows, Multi.createFrom().item(w::end))
                    .filter(bytes -> bytes.length > 0)
                    .onCompletion().call(() -> audit(user, app, report, sourceIp, format, p, sent.get(), true))
                    // a broken or abandoned download is audited too, with the rows that went out
                    .onFailure().invoke(e -> LOG.warnf("TW-RPX-001 export of %s/%s broke off after %d rows: %s", app,
                            report, sent.get(), e.toString()))
                    .onFailure().call(e -> incomplete(user, app, report, sourceIp, format, p, sent.get()))
                    .onCancellation().call(() -> incomplete(user, app, report, sourceIp, format, p, sent.get()));
        });
    }

    private Uni<Void> incomplete(TradewindPrincipal user, String app, String report, String sourceIp,
            String format, PreparedReport p, long rows) {
        return audit(user, app, report, sourceIp, format, p, rows, false).onFailure().recoverWithUni(e -> {
            LOG.warnf(e, "TW-RPX-002 could not audit the incomplete export of %s/%s", app, report);
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> audit(TradewindPrincipal user, String app, String report, String sourceIp, String format,
            PreparedReport p, long rows, boolean complete) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("app", app);
        detail.put("format", format);
        detail.put("rows", rows);
        detail.put("complete", complete);
        detail.put("parameters", p.parameters());
        return db.run(user.tenantId(), conn -> audit.write(conn, new AuditLog.Entry(user.tenantId(), user.userId(),
                user.username(), "report.export", "report", app + "/" + report, sourceIp, detail), clock.instant()));
    }
}
