package io.tradewind.runtime.security;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Built-in accounts: password sign-in and the first-admin bootstrap. */
@ApplicationScoped
public class Accounts {
    /**
     * A hash of a random password, checked when the user does not exist so that timing does not reveal
     * it.
     */
    private static final String DUMMY_HASH = PasswordHasher.hash(UUID.randomUUID().toString());

    @Inject
    Pool pool;

    /** The user id for a correct username and password in an enabled tenant, or null. */
    public Uni<UUID> checkPassword(String tenantId, String username, String password) {
        return pool.preparedQuery("select u.id, u.password_hash from app_user u join tenant t using (tenant_id)"
                + " where u.tenant_id = $1 and lower(u.username) = lower($2) and not u.disabled and not t.disabled")
                .execute(Tuple.of(tenantId, username))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(rows -> {
                    Row r = rows.size() == 0 ? null : rows.iterator().next();
                    boolean ok = PasswordHasher.verify(password, r == null ? DUMMY_HASH : r.getString(1));
                    return ok && r != null ? r.getUUID(0) : null;
                });
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
}
