package io.tradewind.runtime.job.api;

import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.job.Incidents;
import io.tradewind.runtime.org.Actor;
import io.tradewind.runtime.org.Body;
import io.tradewind.runtime.security.CurrentUser;
import io.vertx.core.http.HttpServerRequest;

/**
 * Jobs that failed their last attempt (incidents) of the caller's tenant: list, look at, retry,
 * cancel. Admins of the tenant only (ADR 0016).
 */
@io.quarkus.security.Authenticated
@Path("/api/admin/incidents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class IncidentResource {
    @Inject
    SecurityIdentity identity;
    @Inject
    Incidents incidents;
    @Context
    HttpServerRequest request;

    /**
     * Newest first; {@code limit} 1–200 (default 50), {@code cursor} the previous page's
     * {@code nextCursor}.
     */
    @GET
    public Uni<Map<String, Object>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return incidents.list(actor(), limit, cursor);
    }

    @GET
    @Path("/{id}")
    public Uni<Map<String, Object>> get(@PathParam("id") String id) {
        return incidents.get(actor(), id);
    }

    /** Gives the incident one more attempt, due now; takes no body (or an empty object). */
    @POST
    @Path("/{id}/retry")
    public Uni<Map<String, Object>> retry(@PathParam("id") String id, byte[] body) {
        Actor actor = actor();
        noBody(body);
        return incidents.retry(actor, id);
    }

    /** Cancels the incident (or a job still waiting to run); takes no body (or an empty object). */
    @POST
    @Path("/{id}/cancel")
    public Uni<Map<String, Object>> cancel(@PathParam("id") String id, byte[] body) {
        Actor actor = actor();
        noBody(body);
        return incidents.cancel(actor, id);
    }

    private static void noBody(byte[] body) {
        if (body != null && body.length > 0) {
            Body.parse(body, Set.of()).check("BODY_INVALID", "request body");
        }
    }

    private Actor actor() {
        var user = CurrentUser.admin(identity, "manage job incidents");
        String ip = request == null || request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return new Actor(user, ip);
    }
}
