package io.tradewind.runtime.apps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.AppPackage;
import io.tradewind.model.AppPackageLoader;
import io.tradewind.runtime.error.Conflict;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.NotFound;
import io.tradewind.runtime.error.TradewindException;
import io.tradewind.runtime.form.RecordEngine;
import io.tradewind.runtime.security.TradewindPrincipal;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Loads an app package's demo data ({@code seed/NN-<form>.json}) into a tenant on request. Records
 * go through the form engine like any API write (validation, formulas, autonumbers, links); a seed
 * object's {@code "$ref"} names it so later objects can link to it with {@code {"$ref": name}}. The
 * load is all or nothing: when a record is refused, the records created before it are deleted
 * again.
 */
@ApplicationScoped
public class SeedLoader {

    @Inject
    AppSync sync;
    @Inject
    RecordEngine engine;
    @Inject
    ObjectMapper mapper;
    @Inject
    Pool pool;
    @Inject
    io.tradewind.runtime.audit.AuditLog audit;
    @Inject
    io.tradewind.runtime.clock.TradewindClock clock;

    /** How many records of each form a seed load created. */
    public record Result(Map<String, Integer> created) {
    }

    private record Item(String form, String file, int index, ObjectNode values) {
    }

    private record Created(String form, String id) {
    }

    public Uni<Result> load(TradewindPrincipal user, String app) {
        AppPackage pkg = sync.loadedPackage(app);
        if (pkg == null) {
            throw new NotFound("APP_NOT_FOUND", "There is no app package '" + app + "' to take demo data from.");
        }
        if (pkg.seedFiles().isEmpty()) {
            throw new NotFound("SEED_NOT_FOUND", "The app '" + app + "' has no demo data.");
        }
        List<Item> items = read(pkg);
        return pool.preparedQuery("select exists (select 1 from record where tenant_id = $1 and app_key = $2)")
                .execute(Tuple.of(user.tenantId(), app)).flatMap(rows -> {
                    if (rows.iterator().next().getBoolean(0)) {
                        throw new Conflict("SEED_NOT_EMPTY", "The app '" + app
                                + "' already holds records; demo data is only loaded into an empty app.");
                    }
                    List<Created> created = new ArrayList<>();
                    Map<String, String> refs = new HashMap<>();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Item item : items) {
                        chain = chain.flatMap(x -> create(user, app, item, refs, created));
                    }
                    return chain.map(x -> {
                        Map<String, Integer> counts = new LinkedHashMap<>();
                        created.forEach(c -> counts.merge(c.form(), 1, Integer::sum));
                        return new Result(counts);
                    }).call(result -> audit.write(pool, new io.tradewind.runtime.audit.AuditLog.Entry(
                            user.tenantId(), user.userId(), user.username(), "app.seed", "app", app, null,
                            Map.of("created", result.created())), clock.instant())).onFailure()
                            .recoverWithUni(e -> undo(user, app, created).map(x -> {
                                throw e instanceof TradewindException t ? t : new IllegalStateException(e);
                            }));
                });
    }

    private Uni<Void> create(TradewindPrincipal user, String app, Item item, Map<String, String> refs,
            List<Created> created) {
        ObjectNode values = item.values().deepCopy();
        JsonNode name = values.remove("$ref");
        resolve(values, refs, item);
        return engine.create(user, app, item.form(), values, false).onFailure(TradewindException.class)
                .transform(e -> new InvalidInput(422, "SEED_INVALID", "Demo record " + item.index() + " of "
                        + item.file() + " was refused: " + e.getMessage(), ((TradewindException) e).violations()))
                .map(row -> {
                    created.add(new Created(item.form(), row.id().toString()));
                    if (name != null) {
                        refs.put(name.asText(), row.id().toString());
                    }
                    return null;
                });
    }

    /** Replaces {@code {"$ref": name}} values, top level and in subtable rows, by record ids. */
    private static void resolve(ObjectNode values, Map<String, String> refs, Item item) {
        for (var it = values.properties().iterator(); it.hasNext();) {
            var e = it.next();
            JsonNode v = e.getValue();
            if (v.isObject() && v.has("$ref")) {
                String id = refs.get(v.get("$ref").asText());
                if (id == null) {
                    throw new InvalidInput(422, "SEED_INVALID", "Demo record " + item.index() + " of " + item.file()
                            + " refers to an unknown $ref '" + v.get("$ref").asText() + "'.", List.of());
                }
                e.setValue(com.fasterxml.jackson.databind.node.TextNode.valueOf(id));
            } else if (v.isArray()) {
                for (JsonNode row : v) {
                    if (row.isObject()) {
                        resolve((ObjectNode) row, refs, item);
                    }
                }
            }
        }
    }

    private Uni<Void> undo(TradewindPrincipal user, String app, List<Created> created) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = created.size() - 1; i >= 0; i--) {
            Created c = created.get(i);
            chain = chain.flatMap(x -> engine.delete(user, app, c.form(), c.id(), null).onFailure().recoverWithNull()
                    .replaceWithVoid());
        }
        return chain;
    }

    private List<Item> read(AppPackage pkg) {
        List<Item> out = new ArrayList<>();
        for (Path file : pkg.seedFiles()) {
            String name = file.getFileName().toString();
            var form = AppPackageLoader.seedForm(name);
            if (form.isEmpty()) {
                continue;
            }
            JsonNode array;
            try {
                array = mapper.readTree(Files.readString(file));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read seed file " + file, e);
            }
            if (!(array instanceof ArrayNode)) {
                continue;
            }
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i) instanceof ObjectNode o) {
                    out.add(new Item(form.get(), "seed/" + name, i, o));
                }
            }
        }
        return out;
    }
}
