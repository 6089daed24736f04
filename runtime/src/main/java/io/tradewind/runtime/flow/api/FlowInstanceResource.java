package io.tradewind.runtime.flow.api;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.flow.FlowService;
import io.tradewind.runtime.security.CurrentUser;

/** A flow instance: its state, open tasks and full history; withdraw, urge, cancel, retry. */
@io.quarkus.security.Authenticated
@Path("/api/flow-instances")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FlowInstanceResource {
    @Inject
    SecurityIdentity identity;
    @Inject
    FlowService flows;

    @GET
    @Path("/{id}")
    public Uni<Map<String, Object>> get(@PathParam("id") String id) {
        return flows.instance(CurrentUser.of(identity), id);
    }

    /** withdraw, urge (the submitter); cancel, retry (administrators). Body {@code {comment?}}. */
    @POST
    @Path("/{id}/actions/{action}")
    public Uni<Map<String, Object>> act(@PathParam("id") String id, @PathParam("action") String action,
            byte[] body) {
        var user = CurrentUser.of(identity);
        return flows.instanceAction(user, id, action, ActionBodies.comment(body));
    }
}
