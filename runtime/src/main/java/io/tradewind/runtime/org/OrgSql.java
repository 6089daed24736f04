package io.tradewind.runtime.org;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.error.Conflict;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Statements shared by the organisation services; each runs inside the caller's tenant transaction.
 */
final class OrgSql {
    private OrgSql() {
    }

    /**
     * Serialises organisation changes of one tenant, so that cycle and last-admin checks see every
     * committed change before they decide.
     */
    static Uni<Void> lock(SqlClient c, String tenant) {
        return c.preparedQuery("select pg_advisory_xact_lock(hashtext('tw-org:' || $1))").execute(Tuple.of(tenant))
                .replaceWithVoid();
    }

    /** Fails with 409 {@code LAST_ADMIN} when the change left the tenant without an enabled admin. */
    static Uni<Void> requireAnAdmin(SqlClient c, String tenant) {
        return c.preparedQuery("select count(*) from app_user u join user_role r on r.tenant_id = u.tenant_id"
                + " and r.user_id = u.id and r.role_key = 'admin' where u.tenant_id = $1 and not u.disabled")
                .execute(Tuple.of(tenant))
                .map(rows -> {
                    if (rows.iterator().next().getLong(0) == 0) {
                        throw new Conflict("LAST_ADMIN", "This would leave the tenant without an enabled"
                                + " administrator; make another user an admin first.");
                    }
                    return null;
                });
    }

    /** Revokes every open session of a user (their tokens stop working once the change commits). */
    static Uni<Integer> revokeSessions(SqlClient c, String tenant, UUID userId, Instant at) {
        return c.preparedQuery("update auth_session set revoked_at = $3 where tenant_id = $1 and user_id = $2"
                + " and revoked_at is null")
                .execute(Tuple.of(tenant, userId, utc(at)))
                .map(rows -> rows.rowCount());
    }

    static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    /** True for a unique-index violation of the named index. */
    static boolean uniqueViolation(Throwable e, String index) {
        return e instanceof PgException pg && "23505".equals(pg.getSqlState()) && index.equals(pg.getConstraint());
    }
}
