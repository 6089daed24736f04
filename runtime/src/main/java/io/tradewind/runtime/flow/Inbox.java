package io.tradewind.runtime.flow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.NotFound;
import io.tradewind.runtime.security.TradewindPrincipal;
import io.tradewind.runtime.tenant.TenantDb;
import io.vertx.mutiny.sqlclient.Tuple;

/** The caller's in-app notifications: newest first, unread count, mark read. */
@ApplicationScoped
public class Inbox {
    @Inject
    TenantDb db;
    @Inject
    TradewindClock clock;

    public Uni<Map<String, Object>> list(TradewindPrincipal user, boolean unreadOnly, String limitParam,
            String cursor) {
        int limit = FlowService.limit(limitParam);
        Instant beforeAt = null;
        UUID beforeId = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor)).split("\\|");
                beforeAt = Instant.parse(parts[0]);
                beforeId = UUID.fromString(parts[1]);
            } catch (RuntimeException e) {
                throw InvalidInput.of("/cursor", "CURSOR_INVALID", "'cursor' is not a cursor this list gave out.");
            }
        }
        Instant at = beforeAt;
        UUID id = beforeId;
        return db.run(user.tenantId(), c -> c.preparedQuery("select id, kind, title, link::text, created_at, read_at"
                + " from notification where tenant_id = $1 and user_id = $2 and (not $3 or read_at is null) and"
                + " ($4::timestamptz is null or (created_at, id) < ($4, $5)) order by created_at desc, id desc limit "
                + (limit + 1)).execute(Tuple.from(
                        new Object[]{user.tenantId(), user.userId(), unreadOnly,
                                FlowStore.utc(at), id}))
                .flatMap(rows -> c.preparedQuery("select count(*) from notification where tenant_id = $1 and user_id"
                        + " = $2 and read_at is null").execute(Tuple.of(user.tenantId(), user.userId())).map(
                                count -> {
                                    List<Map<String, Object>> items = new ArrayList<>();
                                    String next = null;
                                    for (var r : rows) {
                                        if (items.size() == limit) {
                                            var last = items.get(items.size() - 1);
                                            next = Base64.getUrlEncoder().withoutPadding().encodeToString((last.get(
                                                    "createdAt") + "|" + last.get("id")).getBytes());
                                            break;
                                        }
                                        Map<String, Object> m = new LinkedHashMap<>();
                                        m.put("id", r.getUUID(0));
                                        m.put("kind", r.getString(1));
                                        m.put("title", r.getString(2));
                                        m.put("link", r.getString(3) == null ? null : FlowStore.parse(r.getString(3)));
                                        m.put("createdAt", r.getOffsetDateTime(4).toInstant());
                                        m.put("readAt", r.getOffsetDateTime(5) == null
                                                ? null
                                                : r.getOffsetDateTime(5).toInstant());
                                        items.add(m);
                                    }
                                    Map<String, Object> body = new LinkedHashMap<>();
                                    body.put("items", items);
                                    body.put("unread", count.iterator().next().getLong(0));
                                    body.put("nextCursor", next);
                                    return body;
                                })));
    }

    /** Marks one of the caller's notifications read; 404 for anyone else's. */
    public Uni<Void> read(TradewindPrincipal user, String id) {
        UUID uuid = Assignees.uuidOrNull(id);
        if (uuid == null) {
            throw new NotFound("NOTIFICATION_NOT_FOUND", "There is no notification '" + FlowCatalog.shorten(id)
                    + "'.");
        }
        return db.run(user.tenantId(), c -> c.preparedQuery("update notification set read_at = coalesce(read_at, $4)"
                + " where tenant_id = $1 and id = $2 and user_id = $3").execute(Tuple.of(user.tenantId(), uuid,
                        user
                                .userId(),
                        FlowStore.utc(clock.instant()))))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new NotFound("NOTIFICATION_NOT_FOUND", "There is no notification '" + id
                                + "'.");
                    }
                    return null;
                });
    }

    /** Marks all of the caller's notifications read; answers how many were unread. */
    public Uni<Integer> readAll(TradewindPrincipal user) {
        return db.run(user.tenantId(), c -> c.preparedQuery("update notification set read_at = $3 where tenant_id ="
                + " $1 and user_id = $2 and read_at is null").execute(Tuple.of(user.tenantId(), user.userId(),
                        FlowStore.utc(clock.instant()))))
                .map(rows -> rows.rowCount());
    }
}
