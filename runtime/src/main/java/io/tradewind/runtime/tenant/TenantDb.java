package io.tradewind.runtime.tenant;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Database work on behalf of one tenant. Each unit runs in one transaction as the role
 * {@code tradewind_tenant} with {@code tradewind.tenant} set to the tenant, so PostgreSQL's
 * row-level security policies (changelog 0.2.0) hide every other tenant's rows even from a query
 * that forgets its own tenant condition. Both settings are transaction-local: a pooled connection
 * never carries them into the next unit of work.
 */
@ApplicationScoped
public class TenantDb {
    /** The role tenant work runs as; it has no BYPASSRLS and owns nothing. */
    public static final String ROLE = "tradewind_tenant";
    private static final String ENTER = "select set_config('role', '" + ROLE + "', true),"
            + " set_config('tradewind.tenant', $1, true)";

    @Inject
    Pool pool;

    /** Runs {@code work} in one transaction that sees only {@code tenant}'s rows. */
    public <T> Uni<T> run(String tenant, Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(c -> enter(c, tenant).flatMap(x -> work.apply(c)));
    }

    /** Scopes an open transaction to {@code tenant} (for work that manages its own transaction). */
    public static Uni<Void> enter(SqlConnection c, String tenant) {
        return c.preparedQuery(ENTER).execute(Tuple.of(tenant)).replaceWithVoid();
    }
}
