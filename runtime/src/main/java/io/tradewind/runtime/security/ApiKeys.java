package io.tradewind.runtime.security;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.audit.AuditLog;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.NotFound;
import io.tradewind.runtime.error.TradewindException.Violation;
import io.tradewind.runtime.support.Hashes;
import io.tradewind.runtime.tenant.TenantDb;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * API keys for integrations: {@code twk_} followed by 32 random bytes in base64url, shown once at
 * creation and stored only as a SHA-256 hash. A key acts with the roles it was given, in its
 * tenant; revoking it takes effect on the next request. Its last use is recorded at most once a
 * minute.
 */
@ApplicationScoped
public class ApiKeys {
    /** How every API key starts; bearer tokens with this prefix are API keys. */
    public static final String PREFIX = "twk_";
    /** Characters of a key shown as its non-secret prefix. */
    static final int SHOWN_PREFIX_LENGTH = 12;
    private static final Pattern FORMAT = Pattern.compile("twk_[A-Za-z0-9_-]{43}");
    private static final Duration LAST_USE_GRANULARITY = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = Logger.getLogger(ApiKeys.class);
    private static final String COLUMNS = "id, name, prefix, roles, created_at, created_by, expires_at, revoked_at,"
            + " last_used_at";

    @Inject
    Pool pool;
    @Inject
    TenantDb tenantDb;
    @Inject
    AuditLog audit;
    @Inject
    TradewindClock clock;

    /** An API key as listed: never its secret. */
    public record ApiKey(UUID id, String name, String prefix, List<String> roles, Instant createdAt, UUID createdBy,
            Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {
        /** The JSON representation. */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("name", name);
            m.put("prefix", prefix);
            m.put("roles", roles);
            m.put("createdAt", text(createdAt));
            m.put("createdBy", createdBy);
            m.put("expiresAt", text(expiresAt));
            m.put("revokedAt", text(revokedAt));
            m.put("lastUsedAt", text(lastUsedAt));
            return m;
        }

        private static String text(Instant i) {
            return i == null ? null : i.toString();
        }
    }

    /** A new key with its secret, which is answered this once and never again. */
    public record Created(ApiKey key, String secret) {
    }

    /**
     * Creates a key in the caller's tenant. Every role must exist in the tenant (422
     * {@code ROLE_UNKNOWN} pointing at {@code /roles/i}).
     */
    public Uni<Created> create(TradewindPrincipal caller, String name, List<String> roles, Instant expiresAt,
            String sourceIp) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String[] roleArray = roles.toArray(new String[0]);
        return tenantDb.run(caller.tenantId(), c -> c
                .preparedQuery("select key from role where tenant_id = $1 and key = any($2)")
                .execute(Tuple.of(caller.tenantId(), roleArray))
                .flatMap(found -> {
                    Set<String> known = new HashSet<>();
                    found.forEach(r -> known.add(r.getString(0)));
                    for (int i = 0; i < roles.size(); i++) {
                        if (!known.contains(roles.get(i))) {
                            String msg = "There is no role '" + roles.get(i) + "' in this tenant.";
                            throw new InvalidInput(422, "ROLE_UNKNOWN", msg,
                                    List.of(new Violation("/roles/" + i, "ROLE_UNKNOWN", msg)));
                        }
                    }
                    return c.preparedQuery("insert into api_key (tenant_id, id, name, prefix, key_hash, roles,"
                            + " created_by, created_at, expires_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
                            + " returning " + COLUMNS)
                            .execute(Tuple.from(new Object[]{caller.tenantId(), id, name,
                                    secret.substring(0, SHOWN_PREFIX_LENGTH), Hashes.sha256(secret), roleArray,
                                    caller.userId(), TokenStore.utc(now),
                                    expiresAt == null ? null : TokenStore.utc(expiresAt)}));
                })
                .map(rows -> read(rows.iterator().next()))
                .call(key -> audit.write(c, entry(caller, "api-key.create", key, sourceIp,
                        Map.of("name", name, "roles", roles)), now)))
                .map(key -> new Created(key, secret));
    }

    /** The caller's tenant's keys, newest first. */
    public Uni<List<ApiKey>> list(TradewindPrincipal caller) {
        return tenantDb.run(caller.tenantId(), c -> c
                .preparedQuery("select " + COLUMNS + " from api_key where tenant_id = $1 order by created_at desc, id")
                .execute(Tuple.of(caller.tenantId()))
                .map(rows -> {
                    List<ApiKey> out = new ArrayList<>();
                    rows.forEach(r -> out.add(read(r)));
                    return out;
                }));
    }

    /** One key of the caller's tenant; 404 {@code API_KEY_NOT_FOUND} otherwise. */
    public Uni<ApiKey> get(TradewindPrincipal caller, UUID id) {
        return tenantDb.run(caller.tenantId(), c -> find(c, caller.tenantId(), id));
    }

    /** Revokes a key; it stops working on the next request. Revoking a revoked key changes nothing. */
    public Uni<ApiKey> revoke(TradewindPrincipal caller, UUID id, String sourceIp) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return tenantDb.run(caller.tenantId(), c -> c
                .preparedQuery("update api_key set revoked_at = $3 where tenant_id = $1 and id = $2"
                        + " and revoked_at is null returning " + COLUMNS)
                .execute(Tuple.of(caller.tenantId(), id, TokenStore.utc(now)))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return find(c, caller.tenantId(), id);
                    }
                    ApiKey key = read(rows.iterator().next());
                    return audit.write(c, entry(caller, "api-key.revoke", key, sourceIp, Map.of("name", key.name())),
                            now).replaceWith(key);
                }));
    }

    /**
     * The principal of a valid API key, or null. Presenting a revoked or expired key is audited as
     * {@code api-key.use-failed}.
     */
    public Uni<TradewindPrincipal> authenticate(String token, String sourceIp) {
        if (token == null || !FORMAT.matcher(token).matches()) {
            return Uni.createFrom().nullItem();
        }
        Instant now = clock.instant();
        // Only roles that still exist in the tenant count: deleting a role takes it from its keys too.
        return pool.preparedQuery("select k.tenant_id, k.id, k.name, array(select r.key from role r"
                + " where r.tenant_id = k.tenant_id and r.key = any(k.roles) order by 1), k.expires_at, k.revoked_at,"
                + " k.last_used_at from api_key k join tenant t on t.tenant_id = k.tenant_id"
                + " where k.key_hash = $1 and not t.disabled")
                .execute(Tuple.of(Hashes.sha256(token)))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    Row r = rows.iterator().next();
                    String tenant = r.getString(0);
                    UUID id = r.getUUID(1);
                    String name = r.getString(2);
                    Instant expires = instant(r.getOffsetDateTime(4));
                    String reason = r.getOffsetDateTime(5) != null
                            ? "revoked"
                            : expires != null && !now.isBefore(expires) ? "expired" : null;
                    if (reason != null) {
                        return pool.withTransaction(c -> audit.write(c, new AuditLog.Entry(tenant, id,
                                "api-key:" + name, "api-key.use-failed", "api-key", id.toString(), sourceIp,
                                Map.of("reason", reason)), now))
                                .replaceWith(Uni.createFrom().<TradewindPrincipal>nullItem());
                    }
                    TradewindPrincipal p = new TradewindPrincipal(tenant, id, "api-key:" + name,
                            Set.copyOf(Arrays.asList(r.getArrayOfStrings(3))), null);
                    Instant lastUsed = instant(r.getOffsetDateTime(6));
                    if (lastUsed != null && lastUsed.isAfter(now.minus(LAST_USE_GRANULARITY))) {
                        return Uni.createFrom().item(p);
                    }
                    return pool.preparedQuery("update api_key set last_used_at = $3 where tenant_id = $1"
                            + " and id = $2 and (last_used_at is null or last_used_at < $4)")
                            .execute(Tuple.of(tenant, id, TokenStore.utc(now),
                                    TokenStore.utc(now.minus(LAST_USE_GRANULARITY))))
                            .onFailure().invoke(e -> LOG.warnf(e, "TW-SEC-020 could not record the use of API key %s",
                                    id))
                            .onFailure().recoverWithNull()
                            .replaceWith(p);
                });
    }

    private static Uni<ApiKey> find(SqlClient c, String tenantId, UUID id) {
        return c.preparedQuery("select " + COLUMNS + " from api_key where tenant_id = $1 and id = $2")
                .execute(Tuple.of(tenantId, id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new NotFound("API_KEY_NOT_FOUND", "There is no API key " + id + ".");
                    }
                    return read(rows.iterator().next());
                });
    }

    private static AuditLog.Entry entry(TradewindPrincipal caller, String action, ApiKey key, String ip,
            Map<String, ?> detail) {
        return new AuditLog.Entry(caller.tenantId(), caller.userId(), caller.username(), action, "api-key",
                key.id().toString(), ip, detail);
    }

    private static ApiKey read(Row r) {
        String[] roles = r.getArrayOfStrings(3);
        return new ApiKey(r.getUUID(0), r.getString(1), r.getString(2), roles == null
                ? List.of()
                : Arrays.asList(roles), instant(r.getOffsetDateTime(4)), r.getUUID(5), instant(r.getOffsetDateTime(6)),
                instant(r.getOffsetDateTime(7)), instant(r.getOffsetDateTime(8)));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
