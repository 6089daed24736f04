package io.tradewind.runtime.form.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.error.VersionConflict;
import io.tradewind.runtime.form.RecordEngine;
import io.tradewind.runtime.form.RecordRepresentation;
import io.tradewind.runtime.form.RecordRow;
import io.tradewind.runtime.form.query.ListRequest;
import io.tradewind.runtime.security.CurrentUser;
import io.tradewind.runtime.web.JsonBodies;

/** The records of a form: create, read, list, patch, delete and history (DESIGN section 8). */
@io.quarkus.security.Authenticated
@Path("/api/apps/{app}/forms/{form}/records")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RecordResource {
    @Inject
    RecordEngine engine;
    @Inject
    SecurityIdentity identity;

    @GET
    public Uni<Map<String, Object>> list(@PathParam("app") String app, @PathParam("form") String form,
            @QueryParam("filter") String filter, @QueryParam("sort") String sort, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor, @QueryParam("q") String q) {
        return engine.list(CurrentUser.of(identity), app, form, new ListRequest(filter, sort, limit, cursor, q))
                .map(page -> {
                    List<Map<String, Object>> items = new ArrayList<>(page.items().size());
                    page.items().forEach(r -> items.add(RecordRepresentation.of(r)));
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("items", items);
                    body.put("nextCursor", page.nextCursor());
                    return body;
                });
    }

    @POST
    public Uni<Response> create(@PathParam("app") String app, @PathParam("form") String form, byte[] body) {
        return engine.create(CurrentUser.of(identity), app, form, recordBody(body))
                .map(r -> Response.created(URI.create("/api/apps/" + app + "/forms/" + form + "/records/" + r.id()))
                        .tag(etag(r))
                        .entity(RecordRepresentation.of(r))
                        .build());
    }

    @GET
    @Path("/{id}")
    public Uni<Response> get(@PathParam("app") String app, @PathParam("form") String form, @PathParam("id") String id) {
        return engine.get(CurrentUser.of(identity), app, form, id).map(RecordResource::ok);
    }

    @PATCH
    @Path("/{id}")
    public Uni<Response> patch(@PathParam("app") String app, @PathParam("form") String form,
            @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, byte[] body) {
        Integer expected = version(ifMatch);
        return engine.update(CurrentUser.of(identity), app, form, id, recordBody(body), expected)
                .map(RecordResource::ok);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("app") String app, @PathParam("form") String form,
            @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        return engine.delete(CurrentUser.of(identity), app, form, id, version(ifMatch))
                .map(x -> Response.noContent().build());
    }

    @GET
    @Path("/{id}/history")
    public Uni<Map<String, Object>> history(@PathParam("app") String app, @PathParam("form") String form,
            @PathParam("id") String id) {
        return engine.history(CurrentUser.of(identity), app, form, id).map(entries -> {
            List<Map<String, Object>> items = new ArrayList<>();
            for (RecordEngine.HistoryEntry e : entries) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("version", e.version());
                m.put("action", e.action());
                m.put("before", e.before());
                m.put("after", e.after());
                m.put("actor", e.actor());
                m.put("at", e.at());
                items.add(m);
            }
            return Map.of("items", items);
        });
    }

    private static Response ok(RecordRow r) {
        return Response.ok(RecordRepresentation.of(r)).tag(etag(r)).build();
    }

    private static EntityTag etag(RecordRow r) {
        return new EntityTag(Integer.toString(r.version()));
    }

    /**
     * The version named by an If-Match header ({@code "3"}, {@code W/"3"} or {@code 3}); null when
     * absent.
     */
    static Integer version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String v = ifMatch.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new VersionConflict("If-Match must carry the record's version (its ETag), e.g. If-Match: \"3\".");
        }
    }

    /**
     * Reads a create/update body. The body is the flat {@code data} object, so the pointers of body
     * errors are given in the record's terms ({@code /data/name}) like every other record error.
     */
    private static com.fasterxml.jackson.databind.node.ObjectNode recordBody(byte[] body) {
        try {
            return JsonBodies.object(body);
        } catch (io.tradewind.runtime.error.InvalidInput e) {
            if (e.violations().stream().noneMatch(v -> !v.pointer().isEmpty())) {
                throw e;
            }
            var moved = e.violations().stream().map(v -> new io.tradewind.runtime.error.TradewindException.Violation(
                    v.pointer().isEmpty() ? "/data" : "/data" + v.pointer(), v.code(), v.message())).toList();
            throw new io.tradewind.runtime.error.InvalidInput(e.status(), e.code(), e.getMessage(), moved);
        }
    }
}
