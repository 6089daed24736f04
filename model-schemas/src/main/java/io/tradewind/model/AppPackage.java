package io.tradewind.model;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.tradewind.model.app.AppDefinition;
import io.tradewind.model.flow.FlowDefinition;
import io.tradewind.model.form.FormDefinition;
import io.tradewind.model.report.DashboardDefinition;
import io.tradewind.model.report.ReportDefinition;

/**
 * An app package that loaded without problems.
 *
 * @param app
 *            its app.json
 * @param forms
 *            its forms by key, in file-name order
 * @param contentHash
 *            SHA-256 (hex) over the sorted relative paths and bytes of every file of the package
 * @param seedDir
 *            the {@code seed/} folder, null when absent
 * @param seedFiles
 *            the seed files, sorted by name; empty when there are none
 * @param reports
 *            its reports by key, in file-name order; empty when there are none
 * @param dashboards
 *            its dashboards by key, in file-name order; empty when there are none
 * @param flows
 *            its flows by key, in file-name order; empty when there are none
 */
public record AppPackage(AppDefinition app, Map<String, FormDefinition> forms, String contentHash, Path seedDir,
        List<Path> seedFiles, Map<String, ReportDefinition> reports, Map<String, DashboardDefinition> dashboards,
        Map<String, FlowDefinition> flows) {

    /**
     * Rejects nulls; copies the collections keeping their order (null reports, dashboards and flows are
     * empty).
     */
    public AppPackage {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(contentHash, "contentHash");
        forms = Collections.unmodifiableMap(new LinkedHashMap<>(forms));
        seedFiles = List.copyOf(seedFiles);
        reports = reports == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(reports));
        dashboards = dashboards == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(dashboards));
        flows = flows == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(flows));
    }

    /** A package without reports, dashboards and flows. */
    public AppPackage(AppDefinition app, Map<String, FormDefinition> forms, String contentHash, Path seedDir,
            List<Path> seedFiles) {
        this(app, forms, contentHash, seedDir, seedFiles, Map.of(), Map.of(), Map.of());
    }
}
