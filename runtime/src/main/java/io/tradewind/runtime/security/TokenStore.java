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

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Opaque bearer tokens. Only their SHA-256 hashes are stored, so a leaked table grants nothing.
 * Access tokens live {@code tradewind.auth.access-ttl} (default one hour); refresh tokens
 * {@code tradewind.auth.refresh-ttl} (default 14 days) and rotate on use. Every session descends
 * from one sign-in (its family); reusing a rotated refresh token revokes the whole family, as OAuth
 * recommends for stolen refresh tokens. Validated tokens are cached for a few seconds to keep the
 * database off the hot path; revocations through this class evict them at once.
 */
@ApplicationScoped
public class TokenStore {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(TokenStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Pool pool;
    /** How long an access token is valid. */
    /** How long a validated token is trusted without asking the database again. */
    @ConfigProperty(name = "tradewind.auth.session-cache-ttl", defaultValue = "PT5S")
    Duration cacheTtl;
    @ConfigProperty(name = "tradewind.auth.access-ttl", defaultValue = "PT1H")
    Duration accessTtl;
    /** How long a refresh token is valid. */
    @ConfigProperty(name = "tradewind.auth.refresh-ttl", defaultValue = "P14D")
    Duration refreshTtl;
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

    /**
     * The outcome of presenting a refresh token that was once valid.
     *
     * @param tenantId
     *            the session's tenant
     * @param userId
     *            the session's user
     * @param issued
     *            the new tokens, or null when the token had already been rotated
     * @param revokedSessions
     *            how many sessions of the family a reuse revoked (0 on a normal rotation)
     */
    public record Rotation(String tenantId, UUID userId, Issued issued, long revokedSessions) {
        /** True when a rotated refresh token was presented again. */
        public boolean reused() {
            return issued == null;
        }
    }

    /** Whose session a revoked token belonged to. */
    public record SessionOwner(String tenantId, UUID userId) {
    }

    /** How long an access token is valid. */
    public Duration accessTtl() {
        return accessTtl;
    }

    /** Opens a session for a user and returns its tokens. */
    public Uni<Issued> issue(String tenantId, UUID userId) {
        return issue(pool, tenantId, userId, null);
    }

    /**
     * Opens a session through {@code client} (inside the caller's transaction); {@code familyId} null
     * starts a new family.
     */
    public Uni<Issued> issue(SqlClient client, String tenantId, UUID userId, UUID familyId) {
        String access = randomToken();
        String refresh = randomToken();
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        return client.preparedQuery("insert into auth_session (tenant_id, id, user_id, access_hash, refresh_hash,"
                + " access_expires_at, refresh_expires_at, created_at, family_id)"
                + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .execute(Tuple.from(new Object[]{tenantId, id, userId, hash(access), hash(refresh),
                        utc(now.plus(accessTtl)), utc(now.plus(refreshTtl)), utc(now),
                        familyId == null ? id : familyId}))
                .replaceWith(new Issued(access, refresh, accessTtl.toSeconds()));
    }

    /** The principal of a valid access token, or null. */
    public Uni<TradewindPrincipal> authenticate(String accessToken) {
        String key = cacheKey(accessToken);
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
                        cache.put(key, new Cached(p, r.getOffsetDateTime(4).toInstant(), now.plus(cacheTtl)));
                    }
                    return p;
                });
    }

    /**
     * Rotates a refresh token through {@code client} (inside the caller's transaction): revokes its
     * session and opens a new one of the same family. A token that was already rotated revokes every
     * live session of its family. Null when the token was never valid, expired, was revoked otherwise,
     * or its user or tenant is disabled.
     */
    public Uni<Rotation> rotate(SqlClient client, String refreshToken) {
        Instant now = clock.instant();
        byte[] h = hash(refreshToken);
        return client.preparedQuery("update auth_session s set revoked_at = $2, revoke_reason = 'rotated'"
                + " from app_user u, tenant t where s.refresh_hash = $1 and s.revoked_at is null"
                + " and s.refresh_expires_at > $2 and u.tenant_id = s.tenant_id and u.id = s.user_id"
                + " and not u.disabled and t.tenant_id = s.tenant_id and not t.disabled"
                + " returning s.tenant_id, s.user_id, coalesce(s.family_id, s.id)")
                .execute(Tuple.of(h, utc(now)))
                .flatMap(rows -> {
                    if (rows.size() > 0) {
                        Row r = rows.iterator().next();
                        return issue(client, r.getString(0), r.getUUID(1), r.getUUID(2))
                                .map(issued -> new Rotation(r.getString(0), r.getUUID(1), issued, 0));
                    }
                    return revokeFamilyOfRotated(client, h, now);
                });
    }

    private Uni<Rotation> revokeFamilyOfRotated(SqlClient client, byte[] refreshHash, Instant now) {
        return client.preparedQuery("select tenant_id, user_id, family_id from auth_session"
                + " where refresh_hash = $1 and revoke_reason = 'rotated'")
                .execute(Tuple.of(refreshHash))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    Row r = rows.iterator().next();
                    return client.preparedQuery("update auth_session set revoked_at = $2,"
                            + " revoke_reason = 'refresh-reused' where family_id = $1 and revoked_at is null")
                            .execute(Tuple.of(r.getUUID(2), utc(now)))
                            .map(done -> {
                                evictUser(r.getString(0), r.getUUID(1));
                                return new Rotation(r.getString(0), r.getUUID(1), null, done.rowCount());
                            });
                });
    }

    /**
     * Revokes the session of an access token (sign-out) through {@code client}; answers the session's
     * tenant and user, or null when there was no live session.
     */
    public Uni<SessionOwner> revoke(SqlClient client, String accessToken) {
        cache.remove(cacheKey(accessToken));
        return client.preparedQuery("update auth_session set revoked_at = $2, revoke_reason = 'sign-out'"
                + " where access_hash = $1 and revoked_at is null returning tenant_id, user_id")
                .execute(Tuple.of(hash(accessToken), utc(clock.instant())))
                .map(rows -> rows.size() == 0
                        ? null
                        : new SessionOwner(rows.iterator().next().getString(0), rows.iterator().next().getUUID(1)));
    }

    /** Revokes the session of an access token (sign-out). */
    public Uni<Boolean> revoke(String accessToken) {
        return revoke(pool, accessToken).map(r -> r != null);
    }

    /**
     * Revokes every live session of a user except the one of {@code keepAccessToken} (may be null),
     * through {@code client}; answers how many were revoked.
     */
    public Uni<Integer> revokeOthers(SqlClient client, String tenantId, UUID userId, String keepAccessToken,
            String reason) {
        evictUser(tenantId, userId);
        return client.preparedQuery("update auth_session set revoked_at = $3, revoke_reason = $5"
                + " where tenant_id = $1 and user_id = $2 and revoked_at is null"
                + " and access_hash is distinct from $4")
                .execute(Tuple.from(new Object[]{tenantId, userId, utc(clock.instant()),
                        keepAccessToken == null ? null : hash(keepAccessToken), reason}))
                .map(rows -> rows.rowCount());
    }

    /**
     * Forgets every cached session of a tenant (it was disabled), here and, through
     * {@link SessionEvents}, on every other replica, so its tokens stop on the next request. Call it
     * after the change has committed.
     */
    public void evictTenant(String tenantId) {
        evictTenantLocally(tenantId);
        announce("tenant " + tenantId);
    }

    /**
     * Drops every cached principal of a user, here and on every other replica, so that a change to them
     * (disabled, deleted, password reset, new roles or department) counts from their very next request.
     * Call it after the change has committed.
     */
    public void evictUser(String tenantId, UUID userId) {
        evictUserLocally(tenantId, userId);
        announce("user " + tenantId + " " + userId);
    }

    void evictTenantLocally(String tenantId) {
        evictions.incrementAndGet();
        cache.values().removeIf(c -> c.principal().tenantId().equals(tenantId));
    }

    void evictUserLocally(String tenantId, UUID userId) {
        evictions.incrementAndGet();
        cache.values().removeIf(c -> c.principal().tenantId().equals(tenantId)
                && c.principal().userId().equals(userId));
    }

    private void announce(String event) {
        pool.preparedQuery("select pg_notify($1, $2)").execute(Tuple.of(SessionEvents.CHANNEL, event))
                .subscribe().with(x -> {
                }, e -> LOG.warnf("TW-SEC-012 could not announce session event '%s': %s", event, e.getMessage()));
    }

    private static TradewindPrincipal principal(Row r) {
        String[] roles = r.getArrayOfStrings(3);
        return new TradewindPrincipal(r.getString(0), r.getUUID(1), r.getString(2),
                roles == null ? Set.of() : Set.of(roles), r.getUUID(5));
    }

    private static String cacheKey(String accessToken) {
        return Base64.getEncoder().encodeToString(hash(accessToken));
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
