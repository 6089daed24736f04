package io.tradewind.runtime.report;

import java.time.ZoneId;
import java.util.Map;

import io.tradewind.model.report.ReportDefinition;

/**
 * A report compiled for one caller and request, with what its result needs besides the rows.
 *
 * @param parameters
 *            the effective parameter values
 * @param zone
 *            the tenant's time zone
 * @param version
 *            the app's content hash and the time zone, part of the result cache's key
 */
record PreparedReport(ReportDefinition def, String app, ReportCompiler.Compiled compiled,
        Map<String, Object> parameters, ZoneId zone, String version) {
}
