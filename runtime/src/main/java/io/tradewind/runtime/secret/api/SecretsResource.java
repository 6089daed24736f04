package io.tradewind.runtime.secret.api;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.org.Actor;
import io.tradewind.runtime.secret.Secrets;
import io.tradewind.runtime.security.CurrentUser;
import io.vertx.core.http.HttpServerRequest;

/**
 * The tenant's secrets (admins only): names and times, never values; set (create or replace) and
 * delete, both audited.
 */
@io.quarkus.security.Authenticated
@Path("/api/admin/secrets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SecretsResource {
    @Inject
    SecurityIdentity identity;
    @Inject
    Secrets secrets;
    @Context
    HttpServerRequest request;

    @GET
    public Uni<Map<String, List<Secrets.Item>>> list() {
        return secrets.list(actor()).map(items -> Map.of("items", items));
    }

    /**
     * Sets the secret's value from {@code {"value": "..."}}, creating it or replacing the old value.
     */
    @PUT
    @Path("/{name}")
    public Uni<Response> put(@PathParam("name") String name, byte[] body) {
        return secrets.put(actor(), name, body).map(x -> Response.noContent().build());
    }

    @DELETE
    @Path("/{name}")
    public Uni<Response> delete(@PathParam("name") String name) {
        return secrets.delete(actor(), name).map(x -> Response.noContent().build());
    }

    private Actor actor() {
        var user = CurrentUser.admin(identity, "manage secrets");
        String ip = request == null || request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return new Actor(user, ip);
    }
}
