package io.tradewind.runtime.flow.api;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.flow.Inbox;
import io.tradewind.runtime.org.Body;
import io.tradewind.runtime.security.CurrentUser;

/** The caller's in-app notifications. */
@io.quarkus.security.Authenticated
@Path("/api/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NotificationResource {
    @Inject
    SecurityIdentity identity;
    @Inject
    Inbox inbox;

    /** Newest first; {@code unread=true} for unread ones only: {@code {items, unread, nextCursor}}. */
    @GET
    public Uni<Map<String, Object>> list(@QueryParam("unread") String unread, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        if (unread != null && !unread.equals("true") && !unread.equals("false")) {
            throw InvalidInput.of("/unread", "WRONG_TYPE", "'unread' is true or false.");
        }
        return inbox.list(CurrentUser.of(identity), "true".equals(unread), limit, cursor);
    }

    @POST
    @Path("/{id}/read")
    public Uni<Response> read(@PathParam("id") String id, byte[] body) {
        noBody(body);
        return inbox.read(CurrentUser.of(identity), id).map(x -> Response.noContent().build());
    }

    @POST
    @Path("/read-all")
    public Uni<Map<String, Object>> readAll(byte[] body) {
        noBody(body);
        return inbox.readAll(CurrentUser.of(identity)).map(n -> Map.of("marked", n));
    }

    private static void noBody(byte[] body) {
        if (body != null && body.length > 0) {
            Body.parse(body, Set.of()).check("BODY_INVALID", "request body");
        }
    }
}
