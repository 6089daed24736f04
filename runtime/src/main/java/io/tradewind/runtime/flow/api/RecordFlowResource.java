package io.tradewind.runtime.flow.api;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.flow.FlowService;
import io.tradewind.runtime.security.CurrentUser;

/** The flow buttons of a record (manual triggers): list them, press one. */
@io.quarkus.security.Authenticated
@Path("/api/apps/{app}/forms/{form}/records/{id}/flows")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RecordFlowResource {
    @Inject
    SecurityIdentity identity;
    @Inject
    FlowService flows;

    /**
     * The buttons the caller may press on the record: {@code {items: [{flow, label}]}}; 404 when they
     * cannot see it.
     */
    @GET
    public Uni<Map<String, List<Map<String, Object>>>> buttons(@PathParam("app") String app,
            @PathParam("form") String form, @PathParam("id") String id) {
        return flows.buttons(CurrentUser.of(identity), app, form, id).map(items -> Map.of("items", items));
    }

    /**
     * Presses the button: 201 with the new instance (run until it waits or ends). Body
     * {@code {comment?}}.
     */
    @POST
    @Path("/{flow}")
    public Uni<Response> start(@PathParam("app") String app, @PathParam("form") String form,
            @PathParam("id") String id, @PathParam("flow") String flow, byte[] body) {
        var user = CurrentUser.of(identity);
        String comment = ActionBodies.comment(body);
        return flows.start(user, app, form, id, flow, comment).map(v -> Response.status(201).entity(v).build());
    }
}
