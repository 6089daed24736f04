package io.tradewind.runtime.secret;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.audit.AuditLog;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.error.NotFound;
import io.tradewind.runtime.org.Actor;
import io.tradewind.runtime.org.Body;
import io.tradewind.runtime.tenant.TenantDb;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The tenant's secrets: named values (1–4,096 characters) that flows use by name, e.g. an API token
 * in an HTTP header or a webhook signing secret. Admins list the names, set a value (create or
 * replace) and delete; every change is audited without the value. The engine reads values with
 * {@link #get}.
 */
@ApplicationScoped
public class Secrets {
    /** What a secret may be called. */
    public static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_.-]{0,62}");
    /** The longest value. */
    public static final int MAX_VALUE = 4096;
    private static final String GET = "select value from tenant_secret where tenant_id = $1 and name = $2";
    private static final String UPSERT = "insert into tenant_secret (tenant_id, name, value, created_at, updated_at)"
            + " values ($1, $2, $3, $4, $4) on conflict (tenant_id, name) do update set value = excluded.value,"
            + " updated_at = excluded.updated_at returning (created_at = updated_at)";

    @Inject
    TenantDb db;
    @Inject
    TradewindClock clock;
    @Inject
    AuditLog audit;

    /** A secret as the admin API shows it: never its value. */
    public record Item(String name, Instant createdAt, Instant updatedAt) {
    }

    /**
     * The value of {@code name} for {@code tenant}, or null when there is none; {@code c} is a
     * connection inside a {@code TenantDb.run} transaction of that tenant.
     */
    public Uni<String> get(SqlConnection c, String tenant, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Uni.createFrom().nullItem();
        }
        return c.preparedQuery(GET).execute(Tuple.of(tenant, name)).map(rows -> rows.size() == 0
                ? null
                : rows.iterator().next().getString(0));
    }

    /** The value of {@code name} for {@code tenant}, or null, read in a transaction of its own. */
    public Uni<String> get(String tenant, String name) {
        return db.run(tenant, c -> get(c, tenant, name));
    }

    /** The names of the tenant's secrets, in name order. */
    public Uni<List<Item>> list(Actor actor) {
        return db.run(actor.tenant(), c -> c.preparedQuery("select name, created_at, updated_at from tenant_secret"
                + " where tenant_id = $1 order by name").execute(Tuple.of(actor.tenant())).map(rows -> {
                    List<Item> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Item(r.getString(0), r.getOffsetDateTime(1).toInstant(), r.getOffsetDateTime(2)
                                .toInstant()));
                    }
                    return out;
                }));
    }

    /** Creates or replaces {@code name} with the body's {@code value}. */
    public Uni<Void> put(Actor actor, String name, byte[] body) {
        Body b = Body.parse(body, Set.of("value"));
        String value = b.secret("value", MAX_VALUE);
        if (value == null && !b.failed()) {
            b.problem("/value", "REQUIRED", "'value' is required.");
        } else if (value != null && value.isEmpty()) {
            b.problem("/value", "REQUIRED", "'value' may not be empty.");
        }
        if (!NAME.matcher(name).matches()) {
            b.problem("/name", "SECRET_NAME_INVALID", "A secret's name starts with a letter and has up to 63 letters,"
                    + " digits, '_', '.' or '-'.");
        }
        b.check("BODY_INVALID", "secret");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String t = actor.tenant();
        return db.run(t, c -> c.preparedQuery(UPSERT).execute(Tuple.of(t, name, value, now.atOffset(ZoneOffset.UTC)))
                .flatMap(rows -> {
                    boolean created = rows.iterator().next().getBoolean(0);
                    return audit.write(c, actor.entry(created ? "secret.create" : "secret.update", "secret", name,
                            Map.of("length", value.length())), now);
                }));
    }

    /** Deletes {@code name}; 404 when the tenant has no such secret. */
    public Uni<Void> delete(Actor actor, String name) {
        if (!NAME.matcher(name).matches()) {
            return Uni.createFrom().failure(notFound(name));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String t = actor.tenant();
        return db.run(t, c -> c.preparedQuery("delete from tenant_secret where tenant_id = $1 and name = $2")
                .execute(Tuple.of(t, name)).flatMap(rows -> {
                    if (rows.rowCount() == 0) {
                        throw notFound(name);
                    }
                    return audit.write(c, actor.entry("secret.delete", "secret", name, new LinkedHashMap<>()), now);
                }));
    }

    private static NotFound notFound(String name) {
        return new NotFound("SECRET_NOT_FOUND", "There is no secret " + (name.length() > 64
                ? name.substring(0, 64)
                        + "…"
                : name) + " in this tenant.");
    }
}
