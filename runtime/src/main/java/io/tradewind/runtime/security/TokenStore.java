package io.tradewind.runtime.security;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Opaque bearer tokens. Only their SHA-256 hashes are stored, so a leaked table grants nothing.
 * Access tokens live {@link #ACCESS_TTL}; refresh tokens {@link #REFRESH_TTL} and rotate on use.
 * Validated tokens are cached for a few seconds to keep the database off the hot path; revocation
 * takes effect within that time.
 */
@ApplicationScoped
public class TokenStore {
    public static final Duration ACCESS_TTL = Duration.ofHours(1);
    public static final Duration REFRESH_TTL = Duration.ofDays(14);
    private static final Duration CACHE_TTL = Duration.ofSeconds(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Pool pool;
    /**
     * Token lifetimes run on real time, never on the shiftable test clock: moving the test clock must
     * neither expire sessions nor keep them alive.
     */
    private final java.time.Clock clock = java.time.Clock.systemUTC();

    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    /**
     * Counts {@link #evictUser} calls: a look-up that started before an eviction must not cache what it
     * read, since it may predate the change that caused the eviction.
     */
    private final java.util.concurrent.atomic.AtomicLong evictions = new java.util.concurrent.atomic.AtomicLong();

    private record Cached(TradewindPrincipal principal, Instant accessExpiry, Instant cachedUntil) {
    }

    /** Issued tokens, as returned to the client once. */
    public record Issued(String accessToken, String refreshToken, long expiresIn) {
    }

    /** Opens a session for a user and returns its tokens. */
    public Uni<Issued> issue(String tenantId, UUID userId) {
        String access = randomToken();
        String refresh = randomToken();
        Instant now = clock.instant();
        return pool.preparedQuery("insert into auth_session (tenant_id, id, user_id, access_hash, refresh_hash,"
                + " access_expires_at, refresh_expires_at, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.from(new Object[]{tenantId, UUID.randomUUID(), userId, hash(access), hash(refresh),
                        utc(now.plus(ACCESS_TTL)), utc(now.plus(REFRESH_TTL)), utc(now)}))
                .replaceWith(new Issued(access, refresh, ACCESS_TTL.toSeconds()));
    }

    /** The principal of a valid access token, or null. */
    public Uni<TradewindPrincipal> authenticate(String accessToken) {
        String key = Base64.getEncoder().encodeToString(hash(accessToken));
        Instant now = clock.instant();
        long epoch = evictions.get();
        Cached c = cache.get(key);
        if (c != null && now.isBefore(c.cachedUntil()) && now.isBefore(c.accessExpiry())) {
            return Uni.createFrom().item(c.principal());
        }
        return pool.preparedQuery("select s.tenant_id, u.id, u.username, array(select ur.role_key from user_role ur"
                + " where ur.tenant_id = u.tenant_id and ur.user_id = u.id order by 1), s.access_expires_at,"
                + " u.department_id"
                + " from auth_session s join app_user u on u.tenant_id = s.tenant_id and u.id = s.user_id"
                + " join tenant t on t.tenant_id = s.tenant_id"
                + " where s.access_hash = $1 and s.revoked_at is null and s.access_expires_at > $2"
                + " and not u.disabled and not t.disabled")
                .execute(Tuple.of(hash(accessToken), utc(now)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        cache.remove(key);
                        return null;
                    }
                    Row r = rows.iterator().next();
                    TradewindPrincipal p = principal(r);
                    if (cache.size() > 100_000) {
                        cache.clear();
                    }
                    if (epoch == evictions.get()) {
                        cache.put(key, new Cached(p, r.getOffsetDateTime(4).toInstant(), now.plus(CACHE_TTL)));
                    }
                    return p;
                });
    }

    /**
     * Rotates a refresh token: revokes its session and opens a new one. Null when the token is not
     * valid.
     */
    public Uni<Issued> refresh(String refreshToken) {
        Instant now = clock.instant();
        return pool.preparedQuery("update auth_session s set revoked_at = $2 from app_user u"
                + " where s.refresh_hash = $1 and s.revoked_at is null and s.refresh_expires_at > $2"
                + " and u.tenant_id = s.tenant_id and u.id = s.user_id and not u.disabled"
                + " returning s.tenant_id, s.user_id")
                .execute(Tuple.of(hash(refreshToken), utc(now)))
                .flatMap(rows -> rows.size() == 0
                        ? Uni.createFrom().nullItem()
                        : issue(rows.iterator().next().getString(0), rows.iterator().next().getUUID(1)));
    }

    /** Revokes the session of an access token (sign-out). */
    public Uni<Boolean> revoke(String accessToken) {
        cache.remove(Base64.getEncoder().encodeToString(hash(accessToken)));
        return pool
                .preparedQuery("update auth_session set revoked_at = $2 where access_hash = $1 and revoked_at is null")
                .execute(Tuple.of(hash(accessToken), utc(clock.instant())))
                .map(rows -> rows.rowCount() > 0);
    }

    /**
     * Forgets every cached session of a tenant (it was disabled), so its tokens stop on the next
     * request.
     */
    public void evictTenant(String tenantId) {
        evictions.incrementAndGet();
        cache.values().removeIf(c -> c.principal().tenantId().equals(tenantId));
    }

    /**
     * Drops every cached principal of a user, so that a change to them (disabled, deleted, password
     * reset, new roles or department) counts from their very next request. Call it after the change has
     * committed.
     */
    public void evictUser(String tenantId, UUID userId) {
        evictions.incrementAndGet();
        cache.values().removeIf(c -> c.principal().tenantId().equals(tenantId)
                && c.principal().userId().equals(userId));
    }

    private static TradewindPrincipal principal(Row r) {
        String[] roles = r.getArrayOfStrings(3);
        return new TradewindPrincipal(r.getString(0), r.getUUID(1), r.getString(2),
                roles == null ? Set.of() : Set.of(roles), r.getUUID(5));
    }

    static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private static String randomToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return "tw_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static byte[] hash(String token) {
        return io.tradewind.runtime.support.Hashes.sha256(token);
    }

}
