package io.tradewind.runtime.flow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.audit.AuditLog;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.error.NotFound;
import io.tradewind.runtime.org.Actor;
import io.tradewind.runtime.tenant.TenantDb;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The flows of a tenant that {@link FlowBreaker} paused: list them, resume one (audited as
 * {@code flow.resume}). A resumed flow starts again at its next trigger.
 */
@ApplicationScoped
public class FlowPauses {
    /** App and flow keys as packages spell them; anything else cannot be paused. */
    private static final Pattern KEY = Pattern.compile("^[a-z][a-zA-Z0-9_-]{0,62}$");

    @Inject
    TenantDb db;
    @Inject
    AuditLog audit;
    @Inject
    TradewindClock clock;

    /** The paused flows of the actor's tenant, newest pause first. */
    public Uni<List<Map<String, Object>>> list(Actor actor) {
        return db.run(actor.tenant(), c -> c.preparedQuery("select app_key, flow_key, reason, paused_at from"
                + " flow_pause where tenant_id = $1 and resumed_at is null order by paused_at desc, app_key,"
                + " flow_key").execute(Tuple.of(actor.tenant())).map(rows -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    rows.forEach(r -> out.add(view(r)));
                    return out;
                }));
    }

    /** Resumes a paused flow; 404 {@code FLOW_NOT_PAUSED} when the tenant has no such paused flow. */
    public Uni<Map<String, Object>> resume(Actor actor, String app, String flow) {
        if (!KEY.matcher(app).matches() || !KEY.matcher(flow).matches()) {
            throw notPaused(app, flow);
        }
        Instant now = clock.instant();
        return db.run(actor.tenant(), c -> c.preparedQuery("update flow_pause set resumed_at = $4, resumed_by = $5"
                + " where tenant_id = $1 and app_key = $2 and flow_key = $3 and resumed_at is null returning"
                + " app_key, flow_key, reason, paused_at").execute(Tuple.from(
                        new Object[]{actor.tenant(), app, flow,
                                FlowStore.utc(now), actor.userId()}))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        throw notPaused(app, flow);
                    }
                    Map<String, Object> v = view(rows.iterator().next());
                    v.put("resumedAt", now);
                    Map<String, Object> detail = new LinkedHashMap<>();
                    detail.put("reason", v.get("reason"));
                    detail.put("pausedAt", v.get("pausedAt").toString());
                    return audit.write(c, actor.entry("flow.resume", "flow", app + "/" + flow, detail), now)
                            .replaceWith(v);
                }));
    }

    private static Map<String, Object> view(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("app", r.getString(0));
        m.put("flow", r.getString(1));
        m.put("reason", r.getString(2));
        m.put("pausedAt", r.getOffsetDateTime(3).toInstant());
        return m;
    }

    private static NotFound notPaused(String app, String flow) {
        return new NotFound("FLOW_NOT_PAUSED", "The flow '" + FlowCatalog.shorten(app) + "/" + FlowCatalog.shorten(
                flow) + "' is not paused.");
    }
}
