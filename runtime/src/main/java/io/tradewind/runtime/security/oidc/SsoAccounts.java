package io.tradewind.runtime.security.oidc;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.audit.AuditLog;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.security.TradewindPrincipal;
import io.tradewind.runtime.tenant.TenantDb;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Maps a verified SSO caller to a Tradewind user: the account linked to the token's subject
 * ({@code app_user.external_subject}), created on first sign-in, with its roles and department kept
 * in step with the token. Runs in one transaction scoped to the token's tenant (row-level
 * security).
 */
@ApplicationScoped
public class SsoAccounts {
    private static final Logger LOG = Logger.getLogger(SsoAccounts.class);

    @Inject
    TenantDb db;
    @Inject
    AuditLog audit;
    @Inject
    TradewindClock clock;

    /**
     * The principal for {@code claims}; fails with an authentication failure when it may not sign in.
     */
    public Uni<TradewindPrincipal> signIn(SsoClaims claims) {
        return db.run(claims.tenantId(), c -> c.preparedQuery("select disabled from tenant where tenant_id = $1")
                .execute(Tuple.of(claims.tenantId()))
                .flatMap(tenant -> {
                    if (tenant.size() == 0 || tenant.iterator().next().getBoolean(0)) {
                        throw SsoClaims.refused("tenant '" + claims.tenantId() + "' does not exist or is disabled");
                    }
                    return Uni.combine().all()
                            .unis(department(c, claims.department()), roles(c, claims.roles()), user(c, claims))
                            .asTuple();
                })
                .flatMap(t -> t.getItem3() == null
                        ? create(c, claims, t.getItem1(), t.getItem2())
                        : sync(c, claims, t.getItem3(), t.getItem1(), t.getItem2())));
    }

    private record Existing(UUID id, String username, boolean disabled, UUID departmentId, Set<String> roles) {
    }

    private static Uni<Existing> user(SqlConnection c, SsoClaims claims) {
        return c.preparedQuery("select u.id, u.username, u.disabled, u.department_id, array(select ur.role_key"
                + " from user_role ur where ur.tenant_id = u.tenant_id and ur.user_id = u.id) from app_user u"
                + " where u.tenant_id = $1 and u.external_subject = $2")
                .execute(Tuple.of(claims.tenantId(), claims.subject()))
                .map(rows -> rows.size() == 0 ? null : existing(rows.iterator().next()));
    }

    private static Existing existing(Row r) {
        return new Existing(r.getUUID(0), r.getString(1), r.getBoolean(2), r.getUUID(3),
                Set.of(r.getArrayOfStrings(4)));
    }

    /** The department named by id or name; null when none or more than one matches. */
    private static Uni<UUID> department(SqlConnection c, String department) {
        if (department == null) {
            return Uni.createFrom().nullItem();
        }
        return c.preparedQuery("select id from department where id::text = lower($1)"
                + " or lower(name) = lower($1) order by (id::text = lower($1)) desc limit 2")
                .execute(Tuple.of(department))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row first = rows.iterator().next();
                    if (rows.size() > 1 && !first.getUUID(0).toString().equals(department.toLowerCase())) {
                        LOG.warnf("TW-SEC-022 SSO department '%s' names more than one department; none assigned",
                                department);
                        return null;
                    }
                    return first.getUUID(0);
                });
    }

    /** The token's roles that the tenant defines. */
    private static Uni<Set<String>> roles(SqlConnection c, Set<String> wanted) {
        return c.preparedQuery("select key from role where key = any($1)")
                .execute(Tuple.of(wanted.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> keys = new TreeSet<>();
                    rows.forEach(r -> keys.add(r.getString(0)));
                    return keys;
                });
    }

    private Uni<TradewindPrincipal> create(SqlConnection c, SsoClaims claims, UUID department, Set<String> roles) {
        UUID id = UUID.randomUUID();
        return c.preparedQuery("insert into app_user (tenant_id, id, username, display_name, external_subject,"
                + " department_id) values ($1, $2, $3, $3, $4, $5) on conflict do nothing")
                .execute(Tuple.of(claims.tenantId(), id, claims.username(), claims.subject(), department))
                .flatMap(inserted -> {
                    if (inserted.rowCount() == 0) {
                        // A concurrent first sign-in won, or a built-in account holds the username.
                        return user(c, claims).flatMap(other -> {
                            if (other == null) {
                                throw SsoClaims.refused("username '" + claims.username()
                                        + "' belongs to another account in tenant '" + claims.tenantId() + "'");
                            }
                            return sync(c, claims, other, department, roles);
                        });
                    }
                    return addRoles(c, claims.tenantId(), id, roles)
                            .flatMap(x -> audit.write(c, new AuditLog.Entry(claims.tenantId(), id, claims.username(),
                                    "auth.sso-user-create", "user", id.toString(), null,
                                    Map.of("subject", claims.subject(), "roles", roles)), clock.instant()))
                            .invoke(() -> LOG.infof("TW-SEC-023 SSO user '%s' created in tenant '%s'",
                                    claims.username(), claims.tenantId()))
                            .replaceWith(new TradewindPrincipal(claims.tenantId(), id, claims.username(), roles,
                                    department));
                });
    }

    private Uni<TradewindPrincipal> sync(SqlConnection c, SsoClaims claims, Existing user, UUID department,
            Set<String> roles) {
        if (user.disabled()) {
            throw SsoClaims.refused("user '" + user.username() + "' is disabled");
        }
        Uni<?> work = Uni.createFrom().voidItem();
        if (!user.username().equals(claims.username()) || !Objects.equals(user.departmentId(), department)) {
            work = c.preparedQuery("update app_user set username = $3, department_id = $4, updated_at = now()"
                    + " where tenant_id = $1 and id = $2")
                    .execute(Tuple.of(claims.tenantId(), user.id(), claims.username(), department))
                    .onFailure(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState()))
                    .transform(e -> SsoClaims.refused("username '" + claims.username()
                            + "' belongs to another account in tenant '" + claims.tenantId() + "'"));
        }
        if (!user.roles().equals(roles)) {
            work = work.flatMap(x -> c.preparedQuery("delete from user_role where tenant_id = $1 and user_id = $2"
                    + " and role_key <> all($3)")
                    .execute(Tuple.of(claims.tenantId(), user.id(), roles.toArray(String[]::new))))
                    .flatMap(x -> addRoles(c, claims.tenantId(), user.id(), roles))
                    .flatMap(x -> audit.write(c, new AuditLog.Entry(claims.tenantId(), user.id(), claims.username(),
                            "auth.sso-roles-sync", "user", user.id().toString(), null,
                            Map.of("before", new TreeSet<>(user.roles()), "after", roles)), clock.instant()));
        }
        return work.replaceWith(new TradewindPrincipal(claims.tenantId(), user.id(), claims.username(), roles,
                department));
    }

    private static Uni<RowSet<Row>> addRoles(SqlConnection c, String tenant, UUID user, Set<String> roles) {
        return c.preparedQuery("insert into user_role (tenant_id, user_id, role_key) select $1, $2, unnest($3::text[])"
                + " on conflict do nothing")
                .execute(Tuple.of(tenant, user, roles.toArray(String[]::new)));
    }
}
