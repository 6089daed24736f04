package io.tradewind.runtime.report.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.report.ReportService;
import io.tradewind.runtime.security.CurrentUser;

/** A dashboard with its reports' data in one call (DESIGN section 8). */
@io.quarkus.security.Authenticated
@Path("/api/apps/{app}/dashboards/{key}")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {
    @Inject
    ReportService reports;
    @Inject
    SecurityIdentity identity;
    @Context
    UriInfo uri;
    @Context
    io.vertx.core.http.HttpServerRequest request;

    @GET
    public Uni<Map<String, Object>> get(@PathParam("app") String app, @PathParam("key") String key) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        uri.getQueryParameters().forEach((k, v) -> query.put(k, new java.util.ArrayList<>(v)));
        return reports.dashboard(CurrentUser.of(identity), app, key, query, ReportResource.noCache(request)).map(
                body -> {
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> items = (List<Map<String, Object>>) body.get("items");
                    for (Map<String, Object> item : items) {
                        if (item.get("data") instanceof ReportService.Result r) {
                            item.put("data", ReportResource.body(r));
                        }
                    }
                    return body;
                });
    }
}
