package io.tradewind.runtime.report;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Report exports ({@code GET /api/apps/{app}/reports/{key}/export}); nothing needs configuring.
 */
@ConfigMapping(prefix = "tradewind.reports.export")
public interface ReportExportConfig {

    /**
     * Most rows an export holds, and the highest {@code limit} an export request may give (the data
     * endpoint keeps its own cap of {@value ReportCompiler#MAX_ROWS}). Rows are streamed, so memory
     * does not grow with it; values above {@value ReportExporter#XLSX_ROWS} (what one XLSX sheet holds
     * below its header) are lowered to that.
     */
    @WithDefault("100000")
    int maxRows();
}
