package io.tradewind.runtime.org;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.tenant.TenantDb;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Facts about a tenant's organisation that other engines need: the departments below a department
 * (row scope "department tree") and a user's manager (approval flows).
 */
@ApplicationScoped
public class Organisation {
    @Inject
    TenantDb db;

    /**
     * The department and every department below it, at any depth; empty when the department does not
     * exist in the tenant.
     */
    public Uni<List<UUID>> departmentTree(SqlClient c, String tenant, UUID departmentId) {
        return c.preparedQuery("with recursive down as (select id from department where tenant_id = $1 and id = $2"
                + " union select d.id from department d join down on d.parent_id = down.id where d.tenant_id = $1)"
                + " select id from down").execute(Tuple.of(tenant, departmentId))
                .map(rows -> {
                    List<UUID> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getUUID(0)));
                    return out;
                });
    }

    /** {@link #managerOf(SqlClient, String, UUID)} in its own tenant transaction. */
    public Uni<UUID> managerOf(String tenant, UUID userId) {
        return db.run(tenant, c -> managerOf(c, tenant, userId));
    }

    /**
     * A user's manager: the one set on the user, else the manager of the nearest department up from the
     * user's own that has a manager other than the user. Null when there is none.
     */
    public Uni<UUID> managerOf(SqlClient c, String tenant, UUID userId) {
        return c.preparedQuery(
                "with recursive up as (select d.id, d.parent_id, d.manager_id, 0 as lvl from department d"
                        + " join app_user u on u.tenant_id = d.tenant_id and u.department_id = d.id"
                        + " where d.tenant_id = $1 and u.id = $2"
                        + " union all select d.id, d.parent_id, d.manager_id, up.lvl + 1 from department d"
                        + " join up on d.id = up.parent_id where d.tenant_id = $1 and up.lvl < 100)"
                        + " select coalesce((select manager_id from app_user where tenant_id = $1 and id = $2),"
                        + " (select manager_id from up where manager_id is not null and manager_id <> $2 order by lvl limit 1))")
                .execute(Tuple.of(tenant, userId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID(0));
    }
}
