package io.tradewind.runtime.flow;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.flow.Assignment;
import io.tradewind.runtime.support.Hashes;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Who an assignment names, read from the tenant's users, roles, departments and reporting lines in
 * the run's transaction. Disabled users are never assigned. Groups come back in a stable order (by
 * username), so round robin takes turns in the same order on every replica.
 */
@ApplicationScoped
class Assignees {

    /** Every user the assignments name, in order, without repeats. */
    Uni<List<UUID>> all(FlowRun run, List<Assignment> list, String node) {
        Uni<List<UUID>> acc = Uni.createFrom().item(new ArrayList<>());
        for (Assignment a : list) {
            acc = acc.flatMap(out -> resolve(run, a, node).map(more -> {
                out.addAll(more);
                return out;
            }));
        }
        return acc.map(out -> new ArrayList<>(new LinkedHashSet<>(out)));
    }

    /** One user (the first the assignment names), or null. */
    Uni<UUID> one(FlowRun run, Assignment a, String node) {
        return resolve(run, a, node).map(l -> l.isEmpty() ? null : l.get(0));
    }

    Uni<List<UUID>> resolve(FlowRun run, Assignment a, String node) {
        SqlConnection c = run.c;
        String t = run.inst.tenant;
        return switch (a) {
            case Assignment.Submitter s -> active(c, t, run.inst.submitter == null
                    ? List.<UUID>of()
                    : List.of(run.inst.submitter));
            case Assignment.User u -> ids(c, "select id from app_user where tenant_id = $1 and lower(username) ="
                    + " lower($2) and not disabled", Tuple.of(t, u.user()));
            case Assignment.Role r -> ids(c, "select u.id from user_role ur join app_user u on u.tenant_id ="
                    + " ur.tenant_id and u.id = ur.user_id where ur.tenant_id = $1 and ur.role_key = $2 and not"
                    + " u.disabled order by lower(u.username)", Tuple.of(t, r.role()));
            case Assignment.Department d -> {
                String ref = d.field() != null ? text(run, d.field()) : d.department();
                yield ref == null ? Uni.createFrom().item(List.<UUID>of()) : department(c, t, ref);
            }
            case Assignment.Manager m -> user(run, m.of()).flatMap(u -> manager(c, t, u, m.levels()))
                    .map(u -> u == null ? List.<UUID>of() : List.of(u));
            case Assignment.Field f -> {
                String id = text(run, f.field());
                yield id == null ? Uni.createFrom().item(List.<UUID>of()) : active(c, t, List.of(uuid(id)));
            }
            case Assignment.Mapping m -> mapping(run, m);
            case Assignment.RoundRobin rr -> resolve(run, rr.among(), node).flatMap(group -> turn(run, node, group));
            case Assignment.LeastOpenTasks l -> resolve(run, l.among(), node).flatMap(group -> leastLoaded(c, t,
                    group));
        };
    }

    /** The manager chain of a user reference, {@code levels} long (shorter when the line ends). */
    Uni<List<UUID>> chain(FlowRun run, String of, int levels) {
        return user(run, of).flatMap(u -> chainFrom(run.c, run.inst.tenant, u, levels, new ArrayList<>()));
    }

    private Uni<List<UUID>> chainFrom(SqlConnection c, String t, UUID u, int levels, List<UUID> acc) {
        if (u == null || levels == 0) {
            return Uni.createFrom().item(acc);
        }
        return manager(c, t, u, 1).flatMap(m -> {
            if (m == null || acc.contains(m)) {
                return Uni.createFrom().item(acc);
            }
            acc.add(m);
            return chainFrom(c, t, m, levels - 1, acc);
        });
    }

    /** The user a reference names: submitter, owner or a user field of the record. */
    private Uni<UUID> user(FlowRun run, String of) {
        if (of == null || of.equals(Assignment.SUBMITTER)) {
            return Uni.createFrom().item(run.inst.submitter);
        }
        String id = text(run, of);
        return Uni.createFrom().item(id == null ? null : uuid(id));
    }

    /**
     * {@code levels} steps up the reporting line: the user's manager, else their department's manager.
     */
    private Uni<UUID> manager(SqlConnection c, String t, UUID u, int levels) {
        if (u == null || levels == 0) {
            return Uni.createFrom().item(u);
        }
        return c.preparedQuery("select coalesce(u.manager_id, (select d.manager_id from department d where"
                + " d.tenant_id = u.tenant_id and d.id = u.department_id and d.manager_id <> u.id)) from app_user u"
                + " where u.tenant_id = $1 and u.id = $2").execute(Tuple.of(t, u)).flatMap(rows -> {
                    UUID m = rows.size() == 0 ? null : rows.iterator().next().getUUID(0);
                    if (m == null) {
                        return Uni.createFrom().item((UUID) null);
                    }
                    return manager(c, t, m, levels - 1);
                }).flatMap(m -> m == null
                        ? Uni.createFrom().item((UUID) null)
                        : active(c, t, List.of(m)).map(l -> l.isEmpty() ? null : l.get(0)));
    }

    /** The members of a department given by id or name. */
    private Uni<List<UUID>> department(SqlConnection c, String t, String ref) {
        UUID id = uuidOrNull(ref);
        return ids(c, "select u.id from app_user u join department d on d.tenant_id = u.tenant_id and d.id ="
                + " u.department_id where u.tenant_id = $1 and (d.id = $2 or ($2 is null and lower(d.name) ="
                + " lower($3))) and not u.disabled order by lower(u.username)", Tuple.of(t, id, ref));
    }

    private Uni<List<UUID>> mapping(FlowRun run, Assignment.Mapping m) {
        JsonNode key = run.eval(m.key(), "/mapping/" + m.form() + "/key");
        if (key == null || key.isNull()) {
            return Uni.createFrom().item(List.of());
        }
        return run.c.preparedQuery("select data ->> $4 from record where tenant_id = $1 and app_key = $2 and"
                + " form_key = $3 and data ->> $5 = $6 order by created_at desc limit 1")
                .execute(Tuple.from(new Object[]{run.inst.tenant, run.inst.app, m.form(), m.valueField(),
                        m.keyField(), key.asText()}))
                .flatMap(rows -> {
                    String v = rows.size() == 0 ? null : rows.iterator().next().getString(0);
                    if (v == null || uuidOrNull(v) == null) {
                        return Uni.createFrom().item(List.<UUID>of());
                    }
                    // a user, or else a department whose members are meant
                    return active(run.c, run.inst.tenant, List.of(uuid(v))).flatMap(
                            users -> users.isEmpty()
                                    ? department(run.c, run.inst.tenant, v)
                                    : Uni.createFrom().item(users));
                });
    }

    /** The next user of the group after the one picked last time for this flow node and group. */
    private Uni<List<UUID>> turn(FlowRun run, String node, List<UUID> group) {
        if (group.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> sorted = group.stream().map(UUID::toString).sorted().toList();
        String key = run.inst.app + ":" + run.inst.flowKey + ":" + node + ":" + Hashes.sha256Hex(String.join(",",
                sorted), 8);
        return run.c.preparedQuery("select last_user from flow_turn where tenant_id = $1 and turn_key = $2 for"
                + " update").execute(Tuple.of(run.inst.tenant, key)).flatMap(rows -> {
                    UUID last = rows.size() == 0 ? null : rows.iterator().next().getUUID(0);
                    int i = last == null ? -1 : group.indexOf(last);
                    UUID next = group.get((i + 1) % group.size());
                    return run.c.preparedQuery("insert into flow_turn (tenant_id, turn_key, last_user) values ($1,"
                            + " $2, $3) on conflict (tenant_id, turn_key) do update set last_user ="
                            + " excluded.last_user").execute(Tuple.of(run.inst.tenant, key, next))
                            .map(x -> List.of(next));
                });
    }

    private Uni<List<UUID>> leastLoaded(SqlConnection c, String t, List<UUID> group) {
        if (group.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return c.preparedQuery("select g.id from unnest($2::uuid[]) with ordinality as g(id, n) left join flow_task"
                + " k on k.tenant_id = $1 and k.assignee = g.id and k.status = 'open' group by g.id, g.n order by"
                + " count(k.id), g.n limit 1").execute(Tuple.of(t, group.toArray(new UUID[0])))
                .map(rows -> List.of(rows.iterator().next().getUUID(0)));
    }

    /** The given users that exist in the tenant and are not disabled, in the given order. */
    static Uni<List<UUID>> active(SqlConnection c, String t, List<UUID> users) {
        if (users.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return c.preparedQuery("select g.id from unnest($2::uuid[]) with ordinality as g(id, n) join app_user u on"
                + " u.tenant_id = $1 and u.id = g.id and not u.disabled order by g.n")
                .execute(Tuple.of(t, users.toArray(new UUID[0]))).map(rows -> {
                    List<UUID> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getUUID(0)));
                    return out;
                });
    }

    /** The tenant's administrators, the fallback when an approval would have nobody to decide. */
    static Uni<List<UUID>> admins(SqlConnection c, String t) {
        return ids(c, "select u.id from user_role ur join app_user u on u.tenant_id = ur.tenant_id and u.id ="
                + " ur.user_id where ur.tenant_id = $1 and ur.role_key = 'admin' and not u.disabled order by"
                + " lower(u.username)", Tuple.of(t));
    }

    private static Uni<List<UUID>> ids(SqlConnection c, String sql, Tuple args) {
        return c.preparedQuery(sql).execute(args).map(rows -> {
            List<UUID> out = new ArrayList<>();
            rows.forEach(r -> out.add(r.getUUID(0)));
            return out;
        });
    }

    /** A field of the flow's record (or owner, createdBy, updatedBy) as text, null when empty. */
    private static String text(FlowRun run, String field) {
        JsonNode v = run.bindings().get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static UUID uuid(String s) {
        UUID u = uuidOrNull(s);
        if (u == null) {
            throw new IllegalArgumentException("'" + s + "' is not a user id");
        }
        return u;
    }

    static UUID uuidOrNull(String s) {
        try {
            return s == null ? null : UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
