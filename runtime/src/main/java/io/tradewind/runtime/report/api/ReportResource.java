package io.tradewind.runtime.report.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestMulti;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tradewind.model.report.Chart;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.report.ReportExporter;
import io.tradewind.runtime.report.ReportService;
import io.tradewind.runtime.security.CurrentUser;
import io.vertx.core.http.HttpServerRequest;

/** Report data and exports (DESIGN section 8). */
@io.quarkus.security.Authenticated
@Path("/api/apps/{app}/reports/{key}")
@Produces(MediaType.APPLICATION_JSON)
public class ReportResource {
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @Inject
    ReportService reports;
    @Inject
    ReportExporter exporter;
    @Inject
    SecurityIdentity identity;
    @Context
    UriInfo uri;
    @Context
    HttpServerRequest request;

    @GET
    @Path("/data")
    public Uni<Map<String, Object>> data(@PathParam("app") String app, @PathParam("key") String report) {
        return reports.data(CurrentUser.of(identity), app, report, query(), noCache(request)).map(
                ReportResource::body);
    }

    /**
     * The report's rows as a CSV or XLSX file, streamed as they are read; a refusal or an invalid
     * request is a problem response, since it fails before the first byte.
     */
    @GET
    @Path("/export")
    // a streamed body allows one declared type (a wildcard would mean server-sent events); an XLSX file
    // replaces it with its own Content-Type header below. Being no JSON type, it makes RESTEasy write the
    // items as they are, with no separators (a JSON-array setting only applies to JSON types).
    @Produces("text/csv")
    public RestMulti<byte[]> export(@PathParam("app") String app, @PathParam("key") String report) {
        Map<String, List<String>> query = query();
        List<String> f = query.remove("format");
        String format = f == null || f.isEmpty() ? "csv" : f.get(0).toLowerCase(Locale.ROOT);
        if (f != null && f.size() > 1 || !format.equals("csv") && !format.equals("xlsx")) {
            throw InvalidInput.of("/parameters/format", "EXPORT_FORMAT_INVALID", "'format' is csv or xlsx.");
        }
        String ip = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        boolean csv = format.equals("csv");
        String file = report.replaceAll("[^A-Za-z0-9_-]", "_") + "." + format;
        return RestMulti.fromMultiData(exporter.export(CurrentUser.of(identity), app, report, query, format, ip))
                .header("Content-Type", csv ? "text/csv; charset=UTF-8" : XLSX)
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                .build();
    }

    /**
     * True when the request asks for fresh rows ({@code Cache-Control: no-cache}, as a browser's reload
     * sends).
     */
    static boolean noCache(HttpServerRequest request) {
        String h = request == null ? null : request.getHeader("Cache-Control");
        return h != null && h.toLowerCase(Locale.ROOT).contains("no-cache");
    }

    private Map<String, List<String>> query() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        uri.getQueryParameters().forEach((k, v) -> out.put(k, new java.util.ArrayList<>(v)));
        return out;
    }

    /** The JSON body of a report result. */
    static Map<String, Object> body(ReportService.Result r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("report", r.report());
        body.put("columns", r.columns());
        body.put("rows", r.rows());
        body.put("chart", chart(r.chart()));
        body.put("parameters", r.parameters());
        body.put("drill", r.drill());
        if (r.conversion() != null) {
            body.put("conversion", r.conversion());
        }
        if (r.cache() != null) {
            Map<String, Object> cache = new LinkedHashMap<>();
            cache.put("hit", r.cache().hit());
            cache.put("computedAt", r.cache().computedAt().toString());
            body.put("cache", cache);
        }
        return body;
    }

    private static Map<String, Object> chart(Object o) {
        if (!(o instanceof Chart c)) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", c.type() == null ? null : c.type().name().toLowerCase(Locale.ROOT));
        m.put("x", c.x());
        m.put("y", c.y());
        m.put("series", c.series());
        m.put("stages", c.stages());
        m.put("rows", c.rows());
        m.put("columns", c.columns());
        m.values().removeIf(java.util.Objects::isNull);
        return m;
    }
}
