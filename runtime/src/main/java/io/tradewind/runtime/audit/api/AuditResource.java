package io.tradewind.runtime.audit.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.security.CurrentUser;
import io.tradewind.runtime.security.TradewindPrincipal;
import io.tradewind.runtime.tenant.TenantDb;
import io.tradewind.runtime.web.JsonBodies;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads the caller's tenant's audit log, newest first, a page at a time (keyset pagination on the
 * entries' sequence numbers). Admins only.
 */
@io.quarkus.security.Authenticated
@Path("/api/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    private static final String QUERY = "select seq, at, actor_id, actor_name, action, target_type, target_id,"
            + " source_ip, detail::text from audit_log where tenant_id = $1"
            + " and ($2::timestamptz is null or at >= $2) and ($3::timestamptz is null or at < $3)"
            + " and ($4::text is null or actor_name = $4 or actor_id::text = lower($4))"
            + " and ($5::text is null or action = $5 or ($6 and starts_with(action, $5)))"
            + " and ($7::bigint is null or seq < $7) order by seq desc limit $8";

    @Inject
    SecurityIdentity identity;
    @Inject
    TenantDb tenantDb;

    /**
     * Query parameters (all optional): {@code from}, {@code to} (ISO-8601 date-times), {@code actor}
     * (name or id), {@code action} (exact, or a prefix ending in a dot), {@code limit} (1–500, default
     * 50), {@code cursor} (the previous page's {@code nextCursor}).
     */
    @GET
    public Uni<Map<String, Object>> list(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("actor") String actor, @QueryParam("action") String action, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        TradewindPrincipal caller = CurrentUser.admin(identity, "read the audit log");
        AuditQuery q = AuditQuery.parse(from, to, actor, action, limit, cursor);
        return tenantDb.run(caller.tenantId(), c -> c.preparedQuery(QUERY)
                .execute(Tuple.from(new Object[]{caller.tenantId(), utc(q.from()), utc(q.to()), q.actor(), q.action(),
                        q.actionIsPrefix(), q.beforeSeq(), q.limit() + 1}))
                .map(rows -> {
                    List<Map<String, Object>> items = new ArrayList<>();
                    long last = 0;
                    for (Row r : rows) {
                        if (items.size() == q.limit()) {
                            break;
                        }
                        items.add(entry(r));
                        last = r.getLong(0);
                    }
                    Map<String, Object> page = new LinkedHashMap<>();
                    page.put("items", items);
                    page.put("nextCursor", rows.size() > q.limit() ? AuditQuery.cursorAfter(last) : null);
                    return page;
                }));
    }

    private static Map<String, Object> entry(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", r.getLong(0));
        m.put("at", r.getOffsetDateTime(1).toInstant().toString());
        UUID actorId = r.getUUID(2);
        m.put("actorId", actorId);
        m.put("actorName", r.getString(3));
        m.put("action", r.getString(4));
        m.put("targetType", r.getString(5));
        m.put("targetId", r.getString(6));
        m.put("sourceIp", r.getString(7));
        String detail = r.getString(8);
        try {
            m.put("detail", detail == null ? null : JsonBodies.mapper().readTree(detail));
        } catch (JsonProcessingException e) {
            m.put("detail", null);
        }
        return m;
    }

    private static Object utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
