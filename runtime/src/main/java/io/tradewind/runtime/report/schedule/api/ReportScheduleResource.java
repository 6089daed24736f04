package io.tradewind.runtime.report.schedule.api;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.form.AppRegistry;
import io.tradewind.runtime.org.Actor;
import io.tradewind.runtime.org.Body;
import io.tradewind.runtime.report.schedule.ScheduleRunner;
import io.tradewind.runtime.report.schedule.Schedules;
import io.tradewind.runtime.security.CurrentUser;
import io.vertx.core.http.HttpServerRequest;

/**
 * Report schedules of an app: emailed reports and dashboards (admins of the tenant only; ADR 0012).
 */
@io.quarkus.security.Authenticated
@Path("/api/apps/{app}/report-schedules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ReportScheduleResource {
    @Inject
    SecurityIdentity identity;
    @Inject
    Schedules schedules;
    @Inject
    ScheduleRunner runner;
    @Inject
    AppRegistry registry;
    @Context
    HttpServerRequest request;

    @GET
    public Uni<Map<String, List<Map<String, Object>>>> list(@PathParam("app") String app) {
        return schedules.list(actor(), app).map(items -> Map.of("items", items));
    }

    @POST
    public Uni<Response> create(@PathParam("app") String app, byte[] body) {
        return schedules.create(actor(), app, body).map(s -> Response.created(URI.create("/api/apps/" + app
                + "/report-schedules/" + s.get("id"))).entity(s).build());
    }

    @GET
    @Path("/{id}")
    public Uni<Map<String, Object>> get(@PathParam("app") String app, @PathParam("id") String id) {
        return schedules.get(actor(), app, id);
    }

    @PATCH
    @Path("/{id}")
    public Uni<Map<String, Object>> update(@PathParam("app") String app, @PathParam("id") String id, byte[] body) {
        return schedules.update(actor(), app, id, body);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("app") String app, @PathParam("id") String id) {
        return schedules.delete(actor(), app, id).map(x -> Response.noContent().build());
    }

    /** Sends the schedule now to its recipients; takes no body (or an empty object). */
    @POST
    @Path("/{id}/run")
    public Uni<Map<String, Object>> run(@PathParam("app") String app, @PathParam("id") String id, byte[] body) {
        Actor actor = actor();
        if (body != null && body.length > 0) {
            Body.parse(body, java.util.Set.of()).check("BODY_INVALID", "request body");
        }
        registry.app(actor.tenant(), app);
        return runner.runNow(actor, app, id);
    }

    private Actor actor() {
        var user = CurrentUser.admin(identity, "manage report schedules");
        String ip = request == null || request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return new Actor(user, ip);
    }
}
