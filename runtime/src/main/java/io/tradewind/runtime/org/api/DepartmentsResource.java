package io.tradewind.runtime.org.api;

import java.net.URI;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.org.Actor;
import io.tradewind.runtime.org.Departments;
import io.vertx.core.http.HttpServerRequest;

/** Administration of the tenant's department tree (admins only). */
@io.quarkus.security.Authenticated
@Path("/api/admin/departments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DepartmentsResource {
    @Inject
    SecurityIdentity identity;
    @Inject
    Departments departments;
    @Context
    HttpServerRequest request;

    /** Every department with parentId, managerId, path and depth; {@code ?tree=true} nests them. */
    @GET
    public Uni<Map<String, Object>> list(@QueryParam("tree") boolean tree) {
        return departments.list(actor()).map(all -> Map.of("items", tree ? Departments.nest(all) : all));
    }

    @POST
    public Uni<Response> create(byte[] body) {
        return departments.create(actor(), body).map(d -> Response.created(URI.create("/api/admin/departments/" + d
                .id())).entity(d).build());
    }

    @GET
    @Path("/{id}")
    public Uni<Departments.Department> get(@PathParam("id") String id) {
        return departments.get(actor(), id);
    }

    @PATCH
    @Path("/{id}")
    public Uni<Departments.Department> update(@PathParam("id") String id, byte[] body) {
        return departments.update(actor(), id, body);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return departments.delete(actor(), id).map(x -> Response.noContent().build());
    }

    private Actor actor() {
        return Callers.admin(identity, request, "manage departments");
    }
}
