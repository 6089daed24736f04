package io.tradewind.runtime.flow.api;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.flow.FlowService;
import io.tradewind.runtime.security.CurrentUser;

/** My open tasks, and the actions on a task (DESIGN §8). */
@io.quarkus.security.Authenticated
@Path("/api/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TaskResource {
    @Inject
    SecurityIdentity identity;
    @Inject
    FlowService flows;

    /** The caller's open tasks, oldest first: {@code {items, nextCursor}}. */
    @GET
    public Uni<Map<String, Object>> mine(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return flows.myTasks(CurrentUser.of(identity), limit, cursor);
    }

    /**
     * approve, reject, return, transfer, addSignerBefore, addSignerAfter, cc (approvals); complete,
     * transfer (fill-in tasks); resubmit (a request returned to its submitter). Body {@code {comment?,
     * to?, returnTo?, data?}}.
     */
    @POST
    @Path("/{id}/actions/{action}")
    public Uni<Map<String, Object>> act(@PathParam("id") String id, @PathParam("action") String action,
            byte[] body) {
        var user = CurrentUser.of(identity);
        return flows.act(user, id, action, ActionBodies.task(body));
    }
}
