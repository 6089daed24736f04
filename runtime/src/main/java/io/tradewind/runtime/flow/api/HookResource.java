package io.tradewind.runtime.flow.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.flow.Hooks;

/** Inbound webhooks (DESIGN §8): signed, no sign-in; 202 with the instance started. */
@Path("/api/hooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class HookResource {
    @Inject
    Hooks hooks;

    @POST
    @Path("/{app}/{hook}")
    public Uni<Response> receive(@PathParam("app") String app, @PathParam("hook") String hook,
            @HeaderParam("X-Tradewind-Tenant") String tenant, @HeaderParam("X-Tradewind-Signature") String signature,
            @HeaderParam("Idempotency-Key") String idempotencyKey, byte[] body) {
        return hooks.receive(tenant, app, hook, signature, idempotencyKey, body).map(r -> Response.status(202)
                .entity(r).build());
    }
}
