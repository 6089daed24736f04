package io.tradewind.runtime.tenant;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.audit.AuditLog;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.error.Conflict;
import io.tradewind.runtime.error.NotFound;
import io.tradewind.runtime.security.TradewindPrincipal;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The tenants of an install. The {@link #SYSTEM} tenant exists from the first start; its
 * administrators manage the others. Tenant rows are read and written with the owner's pool: this is
 * the one place that works across tenants.
 */
@ApplicationScoped
public class Tenants {
    /** The tenant created at the first start, whose administrators manage all tenants. */
    public static final String SYSTEM = "default";

    private static final String COLUMNS = "tenant_id, name, time_zone, disabled, created_at, updated_at";

    @Inject
    Pool pool;
    @Inject
    AuditLog audit;
    @Inject
    TradewindClock clock;

    /** A tenant as the admin API shows it. */
    public record Tenant(String id, String name, String timeZone, boolean disabled, OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {
    }

    /** What a tenant change may set; null members stay as they are. */
    public record Change(String name, String timeZone, Boolean disabled) {
    }

    public Uni<List<Tenant>> list() {
        return pool.query("select " + COLUMNS + " from tenant order by tenant_id").execute().map(rows -> {
            List<Tenant> out = new ArrayList<>();
            rows.forEach(r -> out.add(tenant(r)));
            return out;
        });
    }

    public Uni<Tenant> get(String id) {
        return pool.preparedQuery("select " + COLUMNS + " from tenant where tenant_id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw notFound(id);
                    }
                    return tenant(rows.iterator().next());
                });
    }

    /** Creates a tenant with its built-in admin role; the audit entry commits with it. */
    public Uni<Tenant> create(TradewindPrincipal actor, String sourceIp, String id, String name, String timeZone) {
        Instant now = clock.instant();
        return pool.withTransaction(c -> c.preparedQuery("insert into tenant (tenant_id, name, time_zone) values"
                + " ($1, $2, $3) on conflict do nothing returning " + COLUMNS)
                .execute(Tuple.of(id, name, timeZone))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        throw new Conflict("TENANT_EXISTS", "A tenant with the id '" + id + "' exists already.");
                    }
                    Tenant t = tenant(rows.iterator().next());
                    return c.preparedQuery("insert into role (tenant_id, key, name, built_in) values"
                            + " ($1, 'admin', 'Administrator', true)").execute(Tuple.of(id))
                            .flatMap(x -> audit.write(c, entry(actor, sourceIp, "tenant.create", id,
                                    Map.of("name", name, "timeZone", timeZone)), now))
                            .replaceWith(t);
                }));
    }

    /** Changes a tenant's name, time zone or disabled flag; the system tenant cannot be disabled. */
    public Uni<Tenant> change(TradewindPrincipal actor, String sourceIp, String id, Change change) {
        if (SYSTEM.equals(id) && Boolean.TRUE.equals(change.disabled())) {
            throw new Conflict("TENANT_SYSTEM", "The tenant '" + SYSTEM + "' administers the install and cannot be"
                    + " disabled.");
        }
        Instant now = clock.instant();
        String action = change.disabled() == null
                ? "tenant.update"
                : change.disabled() ? "tenant.disable" : "tenant.enable";
        Map<String, Object> detail = new java.util.LinkedHashMap<>();
        if (change.name() != null) {
            detail.put("name", change.name());
        }
        if (change.timeZone() != null) {
            detail.put("timeZone", change.timeZone());
        }
        if (change.disabled() != null) {
            detail.put("disabled", change.disabled());
        }
        return pool.withTransaction(c -> c.preparedQuery("update tenant set name = coalesce($2, name),"
                + " time_zone = coalesce($3, time_zone), disabled = coalesce($4, disabled), updated_at = $5"
                + " where tenant_id = $1 returning " + COLUMNS)
                .execute(Tuple.from(new Object[]{id, change.name(), change.timeZone(), change.disabled(),
                        now.atOffset(java.time.ZoneOffset.UTC)}))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        throw notFound(id);
                    }
                    Tenant t = tenant(rows.iterator().next());
                    return audit.write(c, entry(actor, sourceIp, action, id, detail), now).replaceWith(t);
                }));
    }

    private static AuditLog.Entry entry(TradewindPrincipal actor, String ip, String action, String target,
            Map<String, ?> detail) {
        return new AuditLog.Entry(actor.tenantId(), actor.userId(), actor.username(), action, "tenant", target, ip,
                detail);
    }

    private static NotFound notFound(String id) {
        return new NotFound("TENANT_NOT_FOUND", "There is no tenant '" + (id.length() > 40
                ? id.substring(0, 40)
                        + "…"
                : id) + "'.");
    }

    private static Tenant tenant(Row r) {
        return new Tenant(r.getString(0), r.getString(1), r.getString(2), r.getBoolean(3), r.getOffsetDateTime(4),
                r.getOffsetDateTime(5));
    }
}
