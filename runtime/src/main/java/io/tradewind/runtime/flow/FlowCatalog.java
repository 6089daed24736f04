package io.tradewind.runtime.flow;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.AppPackage;
import io.tradewind.model.flow.FlowDefinition;
import io.tradewind.model.flow.FlowTrigger;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.error.NotFound;
import io.tradewind.runtime.script.ScriptEngine;
import io.tradewind.runtime.support.Hashes;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The published flows of each tenant. App sync stores a new version of a flow in
 * {@code flow_definition} whenever its content changes and makes it the one new instances start on;
 * running instances keep the version they started with, found here by id (older versions are read
 * back from the database when first needed).
 */
@ApplicationScoped
public class FlowCatalog {
    private static final Logger LOG = Logger.getLogger(FlowCatalog.class);
    private static final Duration DB_WAIT = Duration.ofSeconds(60);

    @Inject
    Pool pool;
    @Inject
    ObjectMapper mapper;
    @Inject
    ScriptEngine scripts;
    @Inject
    TradewindClock clock;
    @Inject
    FlowSchedules schedules;

    /** tenant → app → flow key → latest version. */
    private final Map<String, Map<String, Map<String, CompiledFlow>>> latest = new ConcurrentHashMap<>();
    /** tenant + ":" + definition id → version. */
    private final Map<String, CompiledFlow> byId = new ConcurrentHashMap<>();
    /** tenant + ":" + app + ":" + form: forms whose writes a flow watches. */
    private final Set<String> watched = ConcurrentHashMap.newKeySet();

    /**
     * Stores changed flows of {@code pkg} as new versions in {@code tenant} and publishes them. Blocks.
     */
    public void install(String tenant, AppPackage pkg) {
        String app = pkg.app().key();
        Map<String, CompiledFlow> published = new ConcurrentHashMap<>();
        pool.withTransaction(c -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (FlowDefinition f : pkg.flows().values()) {
                chain = chain.flatMap(x -> store(c, tenant, app, f)).map(cf -> {
                    published.put(cf.key(), cf);
                    return null;
                });
            }
            return chain;
        }).await().atMost(DB_WAIT);
        publish(tenant, app, published);
        schedules.plan(tenant, app, published.values()).await().atMost(DB_WAIT);
    }

    /**
     * Publishes the latest stored versions of an app's flows (an app kept at its last good package).
     */
    public void installStored(String tenant, String app) {
        Map<String, CompiledFlow> published = new ConcurrentHashMap<>();
        pool.preparedQuery("select distinct on (flow_key) id, version, definition::text from flow_definition"
                + " where tenant_id = $1 and app_key = $2 order by flow_key, version desc")
                .execute(Tuple.of(tenant, app)).await().atMost(DB_WAIT).forEach(r -> {
                    CompiledFlow cf = compile(tenant, r.getUUID(0), r.getInteger(1), app, r.getString(2));
                    published.put(cf.key(), cf);
                });
        publish(tenant, app, published);
    }

    private Uni<CompiledFlow> store(SqlConnection c, String tenant, String app, FlowDefinition f) {
        String json = json(f);
        String hash = Hashes.sha256Hex(json, 32);
        return c.preparedQuery("select id, version, content_hash from flow_definition where tenant_id = $1 and"
                + " app_key = $2 and flow_key = $3 order by version desc limit 1 for update")
                .execute(Tuple.of(tenant, app, f.key())).flatMap(rows -> {
                    if (rows.size() == 1 && hash.equals(rows.iterator().next().getString(2))) {
                        var r = rows.iterator().next();
                        return Uni.createFrom().item(compiled(tenant, r.getUUID(0), r.getInteger(1), app, f));
                    }
                    int version = rows.size() == 1 ? rows.iterator().next().getInteger(1) + 1 : 1;
                    UUID id = UUID.randomUUID();
                    return c.preparedQuery("insert into flow_definition (tenant_id, id, app_key, flow_key, version,"
                            + " content_hash, definition, published_at) values ($1, $2, $3, $4, $5, $6,"
                            + " $7::text::jsonb, $8)")
                            .execute(Tuple.from(new Object[]{tenant, id, app, f.key(), version, hash, json,
                                    clock.instant().atOffset(ZoneOffset.UTC)}))
                            .map(x -> {
                                LOG.infof("TW-FLOW-001 published flow '%s/%s' version %d in tenant '%s'", app,
                                        f.key(), version, tenant);
                                return compiled(tenant, id, version, app, f);
                            });
                });
    }

    private CompiledFlow compiled(String tenant, UUID id, int version, String app, FlowDefinition f) {
        return byId.computeIfAbsent(tenant + ":" + id, k -> new CompiledFlow(id, version, app, f, scripts));
    }

    private CompiledFlow compile(String tenant, UUID id, int version, String app, String json) {
        return byId.computeIfAbsent(tenant + ":" + id, k -> new CompiledFlow(id, version, app, parse(json),
                scripts));
    }

    private void publish(String tenant, String app, Map<String, CompiledFlow> flows) {
        latest.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>()).put(app, Map.copyOf(flows));
        Set<String> forms = new HashSet<>();
        for (CompiledFlow f : flows.values()) {
            FlowTrigger t = f.definition().trigger();
            if (f.definition().form() != null && (t instanceof FlowTrigger.RecordCreated
                    || t instanceof FlowTrigger.RecordUpdated || t instanceof FlowTrigger.RecordDeleted
                    || t instanceof FlowTrigger.RelativeDate)) {
                forms.add(tenant + ":" + app + ":" + f.definition().form());
            }
        }
        watched.removeIf(k -> k.startsWith(tenant + ":" + app + ":") && !forms.contains(k));
        watched.addAll(forms);
    }

    /** Whether a flow of the app watches writes of the form. */
    public boolean watches(String tenant, String app, String form) {
        return watched.contains(tenant + ":" + app + ":" + form);
    }

    /** The latest versions of the app's flows, by key. */
    public Map<String, CompiledFlow> flows(String tenant, String app) {
        return latest.getOrDefault(tenant, Map.of()).getOrDefault(app, Map.of());
    }

    /** The latest version of a flow; 404 when the app has no such flow. */
    public CompiledFlow flow(String tenant, String app, String flow) {
        CompiledFlow f = flows(tenant, app).get(flow);
        if (f == null) {
            throw new NotFound("FLOW_NOT_FOUND", "The app '" + shorten(app) + "' has no flow '" + shorten(flow)
                    + "'.");
        }
        return f;
    }

    /** The version with this id, read from the database through {@code c} the first time. */
    public Uni<CompiledFlow> version(SqlConnection c, String tenant, UUID id) {
        CompiledFlow f = byId.get(tenant + ":" + id);
        if (f != null) {
            return Uni.createFrom().item(f);
        }
        return c.preparedQuery("select version, app_key, definition::text from flow_definition where tenant_id = $1"
                + " and id = $2").execute(Tuple.of(tenant, id)).map(rows -> {
                    if (rows.size() == 0) {
                        throw new IllegalStateException("TW-FLOW-003 no flow definition " + id);
                    }
                    var r = rows.iterator().next();
                    return compile(tenant, id, r.getInteger(0), r.getString(1), r.getString(2));
                });
    }

    /** Every stored version of a flow, newest first: version and id. */
    public Uni<List<Map.Entry<Integer, UUID>>> versions(SqlConnection c, String tenant, String app, String flow) {
        return c.preparedQuery("select version, id from flow_definition where tenant_id = $1 and app_key = $2 and"
                + " flow_key = $3 order by version desc").execute(Tuple.of(tenant, app, flow)).map(rows -> {
                    List<Map.Entry<Integer, UUID>> out = new ArrayList<>();
                    rows.forEach(r -> out.add(Map.entry(r.getInteger(0), r.getUUID(1))));
                    return out;
                });
    }

    private String json(FlowDefinition f) {
        try {
            return mapper.writeValueAsString(f);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private FlowDefinition parse(String json) {
        try {
            return mapper.readValue(json, FlowDefinition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("TW-FLOW-004 a stored flow definition cannot be read", e);
        }
    }

    static String shorten(String s) {
        return s == null ? "" : s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
