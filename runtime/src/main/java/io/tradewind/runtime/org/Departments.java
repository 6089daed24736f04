package io.tradewind.runtime.org;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.audit.AuditLog;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.error.Conflict;
import io.tradewind.runtime.error.NotFound;
import io.tradewind.runtime.error.TradewindException.Violation;
import io.tradewind.runtime.tenant.TenantDb;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Departments of a tenant: a tree (each has at most one parent) with an optional manager. Sibling
 * names are unique ignoring case; a department that still has sub-departments or members cannot be
 * deleted.
 */
@ApplicationScoped
public class Departments {
    private static final LinkedHashSet<String> FIELDS = new LinkedHashSet<>(List.of("name", "parentId",
            "managerId"));
    /** Every department of the tenant with its path of names from the root and its depth. */
    private static final String TREE = "with recursive t as ("
            + " select id, name, parent_id, manager_id, created_at, updated_at, array[name] as path,"
            + " array[id] as ids from department where tenant_id = $1 and parent_id is null"
            + " union all select d.id, d.name, d.parent_id, d.manager_id, d.created_at, d.updated_at,"
            + " t.path || d.name, t.ids || d.id from department d join t on d.parent_id = t.id"
            + " where d.tenant_id = $1 and not d.id = any(t.ids))"
            + " select id, name, parent_id, manager_id, path, created_at, updated_at from t";

    @Inject
    TenantDb db;
    @Inject
    AuditLog audit;
    @Inject
    TradewindClock clock;

    /**
     * One department as the API shows it.
     *
     * @param path
     *            the names from the root down to this department
     * @param depth
     *            0 for a root department
     */
    public record Department(UUID id, String name, UUID parentId, UUID managerId, List<String> path, int depth,
            Instant createdAt, Instant updatedAt) {
    }

    /** Every department of the actor's tenant, parents before children, siblings by name. */
    public Uni<List<Department>> list(Actor actor) {
        return db.run(actor.tenant(), c -> c.preparedQuery(TREE + " order by path").execute(Tuple.of(actor.tenant()))
                .map(rows -> {
                    List<Department> out = new ArrayList<>();
                    rows.forEach(r -> out.add(department(r)));
                    return out;
                }));
    }

    /** The departments as nested nodes ({@code children} lists), roots first. */
    public static List<Map<String, Object>> nest(List<Department> flat) {
        Map<UUID, Map<String, Object>> nodes = new LinkedHashMap<>();
        List<Map<String, Object>> roots = new ArrayList<>();
        for (Department d : flat) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("id", d.id());
            n.put("name", d.name());
            n.put("parentId", d.parentId());
            n.put("managerId", d.managerId());
            n.put("depth", d.depth());
            n.put("children", new ArrayList<Map<String, Object>>());
            nodes.put(d.id(), n);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> siblings = d.parentId() == null
                    ? roots
                    : (List<Map<String, Object>>) nodes.get(d.parentId()).get("children");
            siblings.add(n);
        }
        return roots;
    }

    /** One department; 404 for an unknown id or another tenant's. */
    public Uni<Department> get(Actor actor, String id) {
        UUID uuid = Ids.parse(id);
        if (uuid == null) {
            return Uni.createFrom().failure(notFound(id));
        }
        return db.run(actor.tenant(), c -> find(c, actor.tenant(), uuid)).map(d -> {
            if (d == null) {
                throw notFound(id);
            }
            return d;
        });
    }

    /** Creates a department from {@code {name, parentId?, managerId?}}. */
    public Uni<Department> create(Actor actor, byte[] bytes) {
        Body body = Body.parse(bytes, FIELDS);
        String name = body.text("name", 200, true);
        UUID parentId = body.uuid("parentId");
        UUID managerId = body.uuid("managerId");
        body.check("DEPARTMENT_INVALID", "department");
        UUID id = UUID.randomUUID();
        String t = actor.tenant();
        Instant now = clock.instant();
        return db.run(t, c -> OrgSql.lock(c, t)
                .flatMap(x -> checkReferences(c, t, body, parentId, managerId))
                .flatMap(x -> c.preparedQuery("insert into department (tenant_id, id, name, parent_id, manager_id,"
                        + " created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $6)")
                        .execute(Tuple.from(new Object[]{t, id, name, parentId, managerId, OrgSql.utc(now)})))
                .flatMap(x -> audit.write(c, actor.entry("department.create", "department", id, detail(name, parentId,
                        managerId)), now))
                .flatMap(x -> find(c, t, id)))
                .onFailure(e -> OrgSql.uniqueViolation(e, "department_name_uq"))
                .transform(e -> nameTaken());
    }

    /** Changes name, parent or manager; a parent that would make a cycle is refused. */
    public Uni<Department> update(Actor actor, String idText, byte[] bytes) {
        UUID id = Ids.parse(idText);
        if (id == null) {
            return Uni.createFrom().failure(notFound(idText));
        }
        Body body = Body.parse(bytes, FIELDS);
        String name = body.has("name") ? body.text("name", 200, true) : null;
        UUID parentId = body.uuid("parentId");
        UUID managerId = body.uuid("managerId");
        body.check("DEPARTMENT_INVALID", "department");
        String t = actor.tenant();
        Instant now = clock.instant();
        return db.run(t, c -> OrgSql.lock(c, t)
                .flatMap(x -> find(c, t, id))
                .flatMap(before -> {
                    if (before == null) {
                        throw notFound(idText);
                    }
                    return checkReferences(c, t, body, parentId, managerId)
                            .flatMap(x -> body.has("parentId") && parentId != null
                                    ? checkCycle(c, t, id, parentId)
                                    : Uni.createFrom().voidItem())
                            .flatMap(x -> {
                                String newName = name == null ? before.name() : name;
                                UUID newParent = body.has("parentId") ? parentId : before.parentId();
                                UUID newManager = body.has("managerId") ? managerId : before.managerId();
                                Map<String, Object> changes = new LinkedHashMap<>();
                                change(changes, "name", before.name(), newName);
                                change(changes, "parentId", before.parentId(), newParent);
                                change(changes, "managerId", before.managerId(), newManager);
                                if (changes.isEmpty()) {
                                    return Uni.createFrom().item(before);
                                }
                                return c.preparedQuery("update department set name = $3, parent_id = $4,"
                                        + " manager_id = $5, updated_at = $6 where tenant_id = $1 and id = $2")
                                        .execute(Tuple.from(new Object[]{t, id, newName, newParent, newManager,
                                                OrgSql.utc(now)}))
                                        .flatMap(r -> audit.write(c, actor.entry("department.update", "department",
                                                id, changes), now))
                                        .flatMap(r -> find(c, t, id));
                            });
                }))
                .onFailure(e -> OrgSql.uniqueViolation(e, "department_name_uq"))
                .transform(e -> nameTaken());
    }

    /** Deletes a department that has neither sub-departments nor members. */
    public Uni<Void> delete(Actor actor, String idText) {
        UUID id = Ids.parse(idText);
        if (id == null) {
            return Uni.createFrom().failure(notFound(idText));
        }
        String t = actor.tenant();
        Instant now = clock.instant();
        return db.run(t, c -> OrgSql.lock(c, t)
                .flatMap(x -> find(c, t, id))
                .flatMap(before -> {
                    if (before == null) {
                        throw notFound(idText);
                    }
                    return c.preparedQuery("select (select count(*) from department where tenant_id = $1"
                            + " and parent_id = $2), (select count(*) from app_user where tenant_id = $1"
                            + " and department_id = $2)").execute(Tuple.of(t, id))
                            .flatMap(rows -> {
                                Row r = rows.iterator().next();
                                if (r.getLong(0) > 0) {
                                    throw new Conflict("DEPARTMENT_HAS_CHILDREN", "'" + before.name() + "' still has "
                                            + r.getLong(0) + " sub-department(s); move or delete them first.");
                                }
                                if (r.getLong(1) > 0) {
                                    throw new Conflict("DEPARTMENT_HAS_MEMBERS", "'" + before.name() + "' still has "
                                            + r.getLong(1) + " member(s); move them to another department first.");
                                }
                                return c.preparedQuery("delete from department where tenant_id = $1 and id = $2")
                                        .execute(Tuple.of(t, id));
                            })
                            .flatMap(x -> audit.write(c, actor.entry("department.delete", "department", id,
                                    detail(before.name(), before.parentId(), before.managerId())), now));
                }));
    }

    static Uni<Department> find(SqlClient c, String tenant, UUID id) {
        return c.preparedQuery(TREE + " where id = $2").execute(Tuple.of(tenant, id))
                .map(rows -> rows.size() == 0 ? null : department(rows.iterator().next()));
    }

    /** Refuses an unknown parent or manager (including another tenant's) with pointers. */
    private static Uni<Void> checkReferences(SqlClient c, String t, Body body, UUID parentId, UUID managerId) {
        return c.preparedQuery("select ($2::uuid is null or exists (select 1 from department where tenant_id = $1"
                + " and id = $2)), ($3::uuid is null or exists (select 1 from app_user where tenant_id = $1"
                + " and id = $3))").execute(Tuple.of(t, parentId, managerId))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    if (!r.getBoolean(0)) {
                        body.problem("/parentId", "DEPARTMENT_NOT_FOUND", "There is no department with this id.");
                    }
                    if (!r.getBoolean(1)) {
                        body.problem("/managerId", "USER_NOT_FOUND", "There is no user with this id.");
                    }
                    body.check("DEPARTMENT_INVALID", "department");
                    return null;
                });
    }

    /** Refuses a parent that is the department itself or lies below it. */
    private static Uni<Void> checkCycle(SqlClient c, String t, UUID id, UUID parentId) {
        return c.preparedQuery("with recursive up as (select id, parent_id from department where tenant_id = $1"
                + " and id = $2 union select d.id, d.parent_id from department d join up on d.id = up.parent_id"
                + " where d.tenant_id = $1) select exists (select 1 from up where id = $3)")
                .execute(Tuple.of(t, parentId, id))
                .map(rows -> {
                    if (rows.iterator().next().getBoolean(0)) {
                        String m = "A department cannot be placed below itself or one of its sub-departments.";
                        throw new io.tradewind.runtime.error.InvalidInput(422, "DEPARTMENT_CYCLE", m, List.of(
                                new Violation("/parentId", "DEPARTMENT_CYCLE", m)));
                    }
                    return null;
                });
    }

    private static Department department(Row r) {
        List<String> path = List.of(r.getArrayOfStrings(4));
        return new Department(r.getUUID(0), r.getString(1), r.getUUID(2), r.getUUID(3), path, path.size() - 1,
                OrgSql.instant(r.getOffsetDateTime(5)), OrgSql.instant(r.getOffsetDateTime(6)));
    }

    private static void change(Map<String, Object> changes, String field, Object from, Object to) {
        if (!Objects.equals(from, to)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", from);
            m.put("to", to);
            changes.put(field, m);
        }
    }

    private static Map<String, Object> detail(String name, UUID parentId, UUID managerId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("parentId", parentId);
        m.put("managerId", managerId);
        return m;
    }

    private static NotFound notFound(String id) {
        return new NotFound("DEPARTMENT_NOT_FOUND", "There is no department with id '" + shorten(id) + "'.");
    }

    static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    private static Conflict nameTaken() {
        return new Conflict("DEPARTMENT_NAME_TAKEN", "A department with this name already exists under the same"
                + " parent.", List.of(new Violation("/name", "DEPARTMENT_NAME_TAKEN", "This name is taken.")));
    }
}
