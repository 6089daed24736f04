package io.tradewind.runtime.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tradewind.runtime.audit.AuditLog;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.error.AccessDenied;
import io.tradewind.runtime.error.Conflict;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.TradewindException.Violation;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Built-in accounts: password sign-in with lock-out, token refresh and sign-out with their audit
 * trail, password change, and the first-admin bootstrap. Each state change and its audit entry
 * commit in one transaction.
 */
@ApplicationScoped
public class Accounts {
    private static final Logger LOG = Logger.getLogger(Accounts.class);
    /**
     * A hash of a random password, checked when the user does not exist so that timing does not reveal
     * it.
     */
    private static final String DUMMY_HASH = PasswordHasher.hash(UUID.randomUUID().toString());
    /** Shortest password the policy accepts. */
    public static final int MIN_PASSWORD_LENGTH = 12;

    @Inject
    Pool pool;
    @Inject
    TokenStore tokens;
    @Inject
    AuditLog audit;
    @Inject
    TradewindClock clock;
    /** Consecutive failed sign-ins after which an account is locked. */
    @ConfigProperty(name = "tradewind.auth.lockout.max-failures", defaultValue = "5")
    int maxFailures;
    /** How long a locked account stays locked. */
    @ConfigProperty(name = "tradewind.auth.lockout.duration", defaultValue = "PT15M")
    Duration lockDuration;

    private record Attempt(boolean tenantExists, UUID userId, boolean passwordOk, boolean locked) {
    }

    /**
     * Signs in with a username and password: tokens for a correct password of an enabled, unlocked
     * account in an enabled tenant, else null. Unknown users, wrong passwords and locked accounts take
     * the same time and give the same answer; only the audit log tells them apart. Each failure counts
     * towards the lock-out; a success resets the count.
     */
    public Uni<TokenStore.Issued> signIn(String tenantId, String username, String password, String sourceIp) {
        Instant now = clock.instant();
        return pool.preparedQuery("select u.id, u.password_hash, u.locked_until > $3 from tenant t"
                + " left join app_user u on u.tenant_id = t.tenant_id and lower(u.username) = lower($2)"
                + " and not u.disabled where t.tenant_id = $1 and not t.disabled")
                .execute(Tuple.of(tenantId, username, TokenStore.utc(now)))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(rows -> {
                    Row r = rows.size() == 0 ? null : rows.iterator().next();
                    UUID userId = r == null ? null : r.getUUID(0);
                    String stored = userId == null ? null : r.getString(1);
                    boolean ok = PasswordHasher.verify(password, stored == null ? DUMMY_HASH : stored);
                    return new Attempt(r != null, userId, ok && stored != null,
                            userId != null && Boolean.TRUE.equals(r.getBoolean(2)));
                })
                .flatMap(a -> {
                    if (!a.tenantExists()) {
                        return Uni.createFrom().nullItem();
                    }
                    if (a.userId() == null) {
                        return failed(tenantId, null, username, sourceIp, "unknown-user", now);
                    }
                    if (a.locked()) {
                        return failed(tenantId, a.userId(), username, sourceIp, "locked", now);
                    }
                    return a.passwordOk()
                            ? succeeded(tenantId, a.userId(), username, sourceIp, now)
                            : countFailure(tenantId, a.userId(), username, sourceIp, now);
                });
    }

    private Uni<TokenStore.Issued> succeeded(String tenantId, UUID userId, String username, String ip, Instant now) {
        return pool.withTransaction(c -> c
                .preparedQuery("update app_user set failed_logins = 0, locked_until = null where tenant_id = $1"
                        + " and id = $2 and not disabled and (locked_until is null or locked_until <= $3)")
                .execute(Tuple.of(tenantId, userId, TokenStore.utc(now)))
                .flatMap(rows -> rows.rowCount() == 0
                        ? Uni.createFrom().<TokenStore.Issued>nullItem() // locked meanwhile
                        : tokens.issue(c, tenantId, userId, null)
                                .call(x -> audit.write(c, entry(tenantId, userId, username, "auth.sign-in", userId,
                                        ip, null), now))))
                .flatMap(issued -> issued == null
                        ? failed(tenantId, userId, username, ip, "locked", now)
                        : Uni.createFrom().item(issued));
    }

    private Uni<TokenStore.Issued> countFailure(String tenantId, UUID userId, String username, String ip,
            Instant now) {
        return countFailure(tenantId, null, userId, username, "auth.sign-in-failed", ip, now)
                .replaceWith(Uni.createFrom().nullItem());
    }

    /**
     * Counts a wrong password of {@code userId} and audits it as {@code action}; the attempt that
     * reaches the limit locks the account. A locked account is not counted further.
     */
    private Uni<Void> countFailure(String tenantId, UUID actorId, UUID userId, String username, String action,
            String ip, Instant now) {
        Instant until = now.plus(lockDuration);
        return pool.withTransaction(c -> c
                .preparedQuery("update app_user set"
                        + " failed_logins = case when failed_logins + 1 >= $3 then 0 else failed_logins + 1 end,"
                        + " locked_until = case when failed_logins + 1 >= $3 then $4::timestamptz else null end"
                        + " where tenant_id = $1 and id = $2 and (locked_until is null or locked_until <= $5)"
                        + " returning locked_until is not null")
                .execute(Tuple.from(new Object[]{tenantId, userId, maxFailures, TokenStore.utc(until),
                        TokenStore.utc(now)}))
                .flatMap(rows -> {
                    boolean alreadyLocked = rows.size() == 0;
                    boolean lockedNow = !alreadyLocked && rows.iterator().next().getBoolean(0);
                    Uni<Void> w = audit.write(c, entry(tenantId, actorId, username, action, userId, ip,
                            Map.of("reason", alreadyLocked ? "locked" : "bad-password")), now);
                    if (lockedNow) {
                        LOG.warnf("TW-SEC-010 account %s of tenant %s locked until %s after %d failed sign-ins",
                                userId, tenantId, until, maxFailures);
                        w = w.call(x -> audit.write(c, entry(tenantId, null, username, "auth.locked", userId, ip,
                                Map.of("lockedUntil", until.toString(), "failures", maxFailures)), now));
                    }
                    return w;
                }));
    }

    private Uni<TokenStore.Issued> failed(String tenantId, UUID userId, String username, String ip, String reason,
            Instant now) {
        return pool.withTransaction(c -> audit.write(c, entry(tenantId, null, username, "auth.sign-in-failed",
                userId, ip, Map.of("reason", reason)), now))
                .replaceWith(Uni.createFrom().nullItem());
    }

    /**
     * Rotates a refresh token (see {@link TokenStore#rotate}) and audits it; null when refused. A
     * reused token revokes its family and is audited as {@code auth.refresh-reused}.
     */
    public Uni<TokenStore.Issued> refresh(String refreshToken, String sourceIp) {
        Instant now = clock.instant();
        return pool.withTransaction(c -> tokens.rotate(c, refreshToken).call(rot -> {
            if (rot == null) {
                return Uni.createFrom().voidItem();
            }
            if (rot.reused()) {
                LOG.warnf("TW-SEC-011 a rotated refresh token of user %s (tenant %s) was presented again;"
                        + " %d sessions revoked", rot.userId(), rot.tenantId(), rot.revokedSessions());
            }
            return audit.write(c, entry(rot.tenantId(), rot.userId(), null,
                    rot.reused() ? "auth.refresh-reused" : "auth.refresh", rot.userId(), sourceIp,
                    rot.reused() ? Map.of("revokedSessions", rot.revokedSessions()) : null), now);
        })).map(rot -> {
            if (rot != null && rot.reused()) {
                tokens.evictUser(rot.tenantId(), rot.userId()); // again after commit: no stale cache entry
            }
            return rot == null ? null : rot.issued();
        });
    }

    /** Signs out: revokes the session of {@code accessToken}; false when it was not live. */
    public Uni<Boolean> signOut(TradewindPrincipal caller, String accessToken, String sourceIp) {
        Instant now = clock.instant();
        return pool.withTransaction(c -> tokens.revoke(c, accessToken).call(owner -> owner == null
                ? Uni.createFrom().voidItem()
                : audit.write(c, entry(owner.tenantId(), owner.userId(), caller.username(), "auth.sign-out",
                        owner.userId(), sourceIp, null), now)))
                .map(owner -> {
                    if (owner != null) {
                        tokens.evictUser(owner.tenantId(), owner.userId()); // after commit: no stale cache entry
                    }
                    return owner != null;
                });
    }

    /**
     * Changes the password of the signed-in built-in user. The new password must have at least
     * {@link #MIN_PASSWORD_LENGTH} characters and differ from the username (422
     * {@code PASSWORD_TOO_WEAK}); a wrong current password is refused (403
     * {@code CURRENT_PASSWORD_WRONG}) and counts towards the lock-out. On success every other session
     * of the user is revoked; the one of {@code currentAccessToken} stays.
     */
    public Uni<Integer> changePassword(TradewindPrincipal caller, String currentAccessToken, String currentPassword,
            String newPassword, String sourceIp) {
        if (newPassword.length() < MIN_PASSWORD_LENGTH || newPassword.equalsIgnoreCase(caller.username())) {
            throw new InvalidInput(422, "PASSWORD_TOO_WEAK", "The new password is too weak.",
                    List.of(new Violation("/newPassword", "PASSWORD_TOO_WEAK", "Use at least "
                            + MIN_PASSWORD_LENGTH + " characters, and not your username.")));
        }
        Instant now = clock.instant();
        // A wrong current password counts towards the lock-out like a failed sign-in, so a stolen
        // session cannot be used to guess the password; a locked account refuses even the right one.
        return pool.preparedQuery("select password_hash, coalesce(locked_until > $3, false) from app_user"
                + " where tenant_id = $1 and id = $2 and not disabled and password_hash is not null")
                .execute(Tuple.of(caller.tenantId(), caller.userId(), TokenStore.utc(now)))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new AccessDenied("PASSWORD_NOT_MANAGED_HERE", "This account has no password"
                                + " of its own here (API keys and single sign-on accounts cannot change one).");
                    }
                    Row r = rows.iterator().next();
                    String stored = r.getString(0);
                    boolean ok = PasswordHasher.verify(currentPassword, stored) && !r.getBoolean(1);
                    return ok ? new String[]{stored, PasswordHasher.hash(newPassword)} : new String[]{stored, null};
                })
                .flatMap(hashes -> hashes[1] == null
                        ? countFailure(caller.tenantId(), caller.userId(), caller.userId(), caller.username(),
                                "auth.password-change-failed", sourceIp, now)
                                .flatMap(x -> Uni.createFrom().<Integer>failure(new AccessDenied(
                                        "CURRENT_PASSWORD_WRONG", "The current password is not correct.")))
                        : pool.withTransaction(c -> c
                                .preparedQuery("update app_user set password_hash = $3, password_changed_at = $4,"
                                        + " updated_at = $4 where tenant_id = $1 and id = $2 and password_hash = $5")
                                .execute(Tuple.from(new Object[]{caller.tenantId(), caller.userId(), hashes[1],
                                        TokenStore.utc(now), hashes[0]}))
                                .flatMap(rows -> {
                                    if (rows.rowCount() == 0) {
                                        throw new Conflict("PASSWORD_CHANGED_MEANWHILE", "The password was"
                                                + " changed by another request; sign in again.");
                                    }
                                    return tokens.revokeOthers(c, caller.tenantId(), caller.userId(),
                                            currentAccessToken, "password-change");
                                })
                                .call(revoked -> audit.write(c, entry(caller.tenantId(), caller.userId(),
                                        caller.username(), "auth.password-change", caller.userId(), sourceIp,
                                        Map.of("otherSessionsRevoked", revoked)), now)))
                                .invoke(x -> tokens.evictUser(caller.tenantId(), caller.userId())));
    }

    /**
     * Creates the first admin of a tenant unless the tenant has users already. Atomic across concurrent
     * starts: the insert only happens when no user exists, and the unique username index stops a second
     * one. True when this call created it.
     */
    public Uni<Boolean> bootstrapAdmin(String tenantId, String password) {
        String hash = PasswordHasher.hash(password);
        return pool.withTransaction(c -> c
                .preparedQuery("select pg_advisory_xact_lock(hashtext('tw-bootstrap:' || $1))")
                .execute(Tuple.of(tenantId))
                .flatMap(x -> c
                        .preparedQuery("with u as (insert into app_user (tenant_id, id, username, display_name,"
                                + " password_hash) select $1, $2, 'admin', 'Administrator', $3"
                                + " where not exists (select 1 from app_user where tenant_id = $1)"
                                + " on conflict do nothing returning tenant_id, id),"
                                + " r as (insert into role (tenant_id, key, name, built_in)"
                                + " select $1, 'admin', 'Administrator', true from u on conflict do nothing)"
                                + " insert into user_role (tenant_id, user_id, role_key) select tenant_id, id, 'admin'"
                                + " from u")
                        .execute(Tuple.of(tenantId, UUID.randomUUID(), hash)))
                .map(rows -> rows.rowCount() == 1));
    }

    static AuditLog.Entry entry(String tenantId, UUID actorId, String actorName, String action, UUID userId,
            String ip, Map<String, ?> detail) {
        return new AuditLog.Entry(tenantId, actorId, actorName, action, "user", userId == null
                ? null
                : userId.toString(), ip, detail);
    }
}
