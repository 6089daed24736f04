package io.tradewind.runtime.flow.api;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.flow.FlowPauses;
import io.tradewind.runtime.org.Actor;
import io.tradewind.runtime.org.Body;
import io.tradewind.runtime.security.CurrentUser;
import io.vertx.core.http.HttpServerRequest;

/**
 * Flows the circuit breaker paused in the caller's tenant: list them, resume one. Admins of the
 * tenant only; a resume is audited.
 */
@io.quarkus.security.Authenticated
@Path("/api/admin/flows")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PausedFlowResource {
    @Inject
    SecurityIdentity identity;
    @Inject
    FlowPauses pauses;
    @Context
    HttpServerRequest request;

    /** {@code {items: [{app, flow, reason, pausedAt}]}}, newest pause first. */
    @GET
    @Path("/paused")
    public Uni<Map<String, List<Map<String, Object>>>> paused() {
        return pauses.list(actor()).map(items -> Map.of("items", items));
    }

    /**
     * Resumes the flow: its next trigger starts it again. Takes no body (or an empty object); 404 when
     * the flow is not paused.
     */
    @POST
    @Path("/{app}/{flow}/resume")
    public Uni<Map<String, Object>> resume(@PathParam("app") String app, @PathParam("flow") String flow,
            byte[] body) {
        Actor actor = actor();
        if (body != null && body.length > 0) {
            Body.parse(body, Set.of()).check("BODY_INVALID", "request body");
        }
        return pauses.resume(actor, app, flow);
    }

    private Actor actor() {
        var user = CurrentUser.admin(identity, "resume paused flows");
        String ip = request == null || request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return new Actor(user, ip);
    }
}
