package io.tradewind.runtime.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.tradewind.model.report.DashboardDefinition;
import io.tradewind.model.report.ReportDefinition;

/**
 * Reads the {@code reports/*.report.json} and {@code dashboards/*.dashboard.json} files of an app
 * package folder. A file that does not read is logged ({@code TW-REP-001}) and left out.
 */
public final class ReportFiles {
    private static final Logger LOG = Logger.getLogger(ReportFiles.class);
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ReportFiles() {
    }

    /** The reports and dashboards of a package folder (empty when it has none or is null). */
    public record Catalog(Map<String, ReportDefinition> reports, Map<String, DashboardDefinition> dashboards) {
        public static final Catalog EMPTY = new Catalog(Map.of(), Map.of());
    }

    public static Catalog read(Path packageDir) {
        if (packageDir == null) {
            return Catalog.EMPTY;
        }
        Map<String, ReportDefinition> reports = new LinkedHashMap<>();
        for (Path f : files(packageDir.resolve("reports"), ".report.json")) {
            ReportDefinition r = parse(f, ReportDefinition.class);
            if (r != null && r.key() != null && r.dataset() != null) {
                reports.put(r.key(), r);
            }
        }
        Map<String, DashboardDefinition> dashboards = new LinkedHashMap<>();
        for (Path f : files(packageDir.resolve("dashboards"), ".dashboard.json")) {
            DashboardDefinition d = parse(f, DashboardDefinition.class);
            if (d != null && d.key() != null) {
                dashboards.put(d.key(), d);
            }
        }
        return new Catalog(Map.copyOf(reports), Map.copyOf(dashboards));
    }

    private static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            LOG.errorf("TW-REP-001 cannot list %s: %s", dir, e.getMessage());
            return List.of();
        }
    }

    private static <T> T parse(Path f, Class<T> type) {
        try {
            return MAPPER.readValue(f.toFile(), type);
        } catch (IOException | RuntimeException e) {
            LOG.errorf("TW-REP-001 %s does not read: %s", f, e.getMessage());
            return null;
        }
    }
}
