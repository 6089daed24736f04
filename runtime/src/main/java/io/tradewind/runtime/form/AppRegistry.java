package io.tradewind.runtime.form;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.tradewind.runtime.error.NotFound;

/**
 * The published apps of each tenant, compiled and held in memory. Lookups never touch the database;
 * publishing swaps a whole app atomically, so a request sees one consistent version of it.
 */
@ApplicationScoped
public class AppRegistry {
    private final Map<String, Map<String, InstalledApp>> byTenant = new ConcurrentHashMap<>();

    /**
     * An app installed in a tenant: its app.json, content hash, compiled forms, reports and dashboards.
     */
    public record InstalledApp(String key, String version, String contentHash, JsonNode app,
            SortedMap<String, CompiledForm> forms,
            Map<String, io.tradewind.model.report.ReportDefinition> reports,
            Map<String, io.tradewind.model.report.DashboardDefinition> dashboards) {

        /** An app without reports and dashboards. */
        public InstalledApp(String key, String version, String contentHash, JsonNode app,
                SortedMap<String, CompiledForm> forms) {
            this(key, version, contentHash, app, forms, Map.of(), Map.of());
        }
    }

    public void publish(String tenant, InstalledApp app) {
        byTenant.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>()).put(app.key(), app);
    }

    public List<InstalledApp> apps(String tenant) {
        return byTenant.getOrDefault(tenant, Map.of()).values().stream()
                .sorted(Comparator.comparing(InstalledApp::key))
                .toList();
    }

    public InstalledApp app(String tenant, String app) {
        InstalledApp a = byTenant.getOrDefault(tenant, Map.of()).get(app);
        if (a == null) {
            throw new NotFound("APP_NOT_FOUND", "There is no app '" + shorten(app) + "' installed.");
        }
        return a;
    }

    public CompiledForm form(String tenant, String app, String form) {
        CompiledForm f = app(tenant, app).forms().get(form);
        if (f == null) {
            throw new NotFound("FORM_NOT_FOUND", "The app '" + app + "' has no form '" + shorten(form) + "'.");
        }
        return f;
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
