package io.tradewind.runtime.org;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.audit.AuditLog;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.error.Conflict;
import io.tradewind.runtime.error.NotFound;
import io.tradewind.runtime.error.TradewindException.Violation;
import io.tradewind.runtime.security.TokenStore;
import io.tradewind.runtime.security.TradewindPrincipal;
import io.tradewind.runtime.tenant.TenantDb;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Tenant-wide roles and their members. The built-in {@code admin} role can be neither deleted nor
 * renamed, and always keeps an enabled member. Roles declared by installed apps are created with
 * {@link #ensureRoles}.
 */
@ApplicationScoped
public class Roles {
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final LinkedHashSet<String> CREATE = new LinkedHashSet<>(List.of("key", "name", "description"));
    private static final LinkedHashSet<String> UPDATE = new LinkedHashSet<>(List.of("name", "description"));
    private static final String SELECT = "select r.key, r.name, r.description, r.built_in, (select count(*)"
            + " from user_role m where m.tenant_id = r.tenant_id and m.role_key = r.key), r.created_at from role r"
            + " where r.tenant_id = $1";

    @Inject
    TenantDb db;
    @Inject
    AuditLog audit;
    @Inject
    TradewindClock clock;
    @Inject
    TokenStore tokens;

    /** A role as the API shows it, with its number of members. */
    public record Role(String key, String name, String description, boolean builtIn, long memberCount,
            Instant createdAt) {
    }

    /** A role an installed app declares: its key and display name. */
    public record Declared(String key, String name) {
    }

    /** A member of a role. */
    public record Member(UUID id, String username, String displayName, boolean disabled) {
    }

    /**
     * Creates the roles an app declares in a tenant, leaving existing roles (and their names) as they
     * are. Runs on the caller's connection, e.g. inside the app sync's transaction.
     */
    public static Uni<Void> ensureRoles(SqlClient c, String tenantId, List<Declared> roles) {
        if (roles.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("insert into role (tenant_id, key, name) select $1::text, k, n from unnest($2::text[],"
                + " $3::text[]) as x(k, n) on conflict do nothing")
                .execute(Tuple.of(tenantId, roles.stream().map(Declared::key).toArray(String[]::new), roles.stream()
                        .map(Declared::name).toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** Every role of the tenant by key. */
    public Uni<List<Role>> list(Actor actor) {
        return db.run(actor.tenant(), c -> c.preparedQuery(SELECT + " order by r.key").execute(Tuple.of(actor
                .tenant())).map(rows -> {
                    List<Role> out = new ArrayList<>();
                    rows.forEach(r -> out.add(role(r)));
                    return out;
                }));
    }

    /** One role; 404 for an unknown key. */
    public Uni<Role> get(Actor actor, String key) {
        return db.run(actor.tenant(), c -> existing(c, actor.tenant(), key));
    }

    /** Creates a role from {@code {key, name, description?}}. */
    public Uni<Role> create(Actor actor, byte[] bytes) {
        Body b = Body.parse(bytes, CREATE);
        String key = b.text("key", 63, true);
        if (key != null && !KEY.matcher(key).matches()) {
            b.problem("/key", "ROLE_KEY_INVALID", "A role key starts with a-z and holds a-z, 0-9 and _ only.");
        }
        String name = b.text("name", 200, true);
        String description = b.text("description", 2000, false);
        b.check("ROLE_INVALID", "role");
        String t = actor.tenant();
        Instant now = clock.instant();
        return db.run(t, c -> c.preparedQuery("insert into role (tenant_id, key, name, description, created_at)"
                + " values ($1, $2, $3, $4, $5)").execute(Tuple.of(t, key, name, description, OrgSql.utc(now)))
                .flatMap(x -> audit.write(c, actor.entry("role.create", "role", key, detail(name, description)), now))
                .flatMap(x -> existing(c, t, key)))
                .onFailure(e -> OrgSql.uniqueViolation(e, "role_pkey"))
                .transform(e -> new Conflict("ROLE_KEY_TAKEN", "A role with this key exists already.", List.of(
                        new Violation("/key", "ROLE_KEY_TAKEN", "This key is taken."))));
    }

    /** Changes a role's name or description; the built-in admin role keeps its name. */
    public Uni<Role> update(Actor actor, String key, byte[] bytes) {
        Body b = Body.parse(bytes, UPDATE);
        String name = b.has("name") ? b.text("name", 200, true) : null;
        String description = b.text("description", 2000, false);
        b.check("ROLE_INVALID", "role");
        String t = actor.tenant();
        Instant now = clock.instant();
        return db.run(t, c -> existing(c, t, key).flatMap(before -> {
            String newName = name == null ? before.name() : name;
            String newDescription = b.has("description") ? description : before.description();
            if (before.builtIn() && !newName.equals(before.name())) {
                throw new Conflict("ROLE_BUILT_IN", "The built-in role '" + key + "' cannot be renamed.", List.of(
                        new Violation("/name", "ROLE_BUILT_IN", "A built-in role keeps its name.")));
            }
            Map<String, Object> changes = new LinkedHashMap<>();
            if (!newName.equals(before.name())) {
                changes.put("name", fromTo(before.name(), newName));
            }
            if (!Objects.equals(newDescription, before.description())) {
                changes.put("description", fromTo(before.description(), newDescription));
            }
            if (changes.isEmpty()) {
                return Uni.createFrom().item(before);
            }
            return c.preparedQuery("update role set name = $3, description = $4 where tenant_id = $1 and key = $2")
                    .execute(Tuple.of(t, key, newName, newDescription))
                    .flatMap(x -> audit.write(c, actor.entry("role.update", "role", key, changes), now))
                    .flatMap(x -> existing(c, t, key));
        }));
    }

    /** Deletes a role that is not built in; its members lose it. */
    public Uni<Void> delete(Actor actor, String key) {
        String t = actor.tenant();
        Instant now = clock.instant();
        return db.run(t, c -> existing(c, t, key).flatMap(before -> {
            if (before.builtIn()) {
                throw new Conflict("ROLE_BUILT_IN", "The built-in role '" + key + "' cannot be deleted.");
            }
            return members(c, t, key).flatMap(members -> c.preparedQuery(
                    "delete from role where tenant_id = $1 and key = $2").execute(Tuple.of(t, key))
                    .flatMap(x -> audit.write(c, actor.entry("role.delete", "role", key, Map.of("name", before.name(),
                            "members", members.stream().map(m -> m.id().toString()).toList())), now))
                    .map(x -> members));
        })).invoke(members -> members.forEach(m -> tokens.evictUser(t, m.id()))).replaceWithVoid();
    }

    /** The members of a role, by username. */
    public Uni<List<Member>> members(Actor actor, String key) {
        String t = actor.tenant();
        return db.run(t, c -> existing(c, t, key).flatMap(r -> members(c, t, key)));
    }

    /**
     * Replaces the members of a role with {@code {userIds: [...]}}; the admin role keeps at least one
     * enabled member.
     */
    public Uni<List<Member>> setMembers(Actor actor, String key, byte[] bytes) {
        Body b = Body.parse(bytes, new LinkedHashSet<>(List.of("userIds")));
        List<UUID> ids = b.uuids("userIds", 10_000);
        b.check("ROLE_MEMBERS_INVALID", "member list");
        String t = actor.tenant();
        Instant now = clock.instant();
        Set<UUID> changed = new HashSet<>();
        return db.run(t, c -> OrgSql.lock(c, t)
                .flatMap(x -> existing(c, t, key))
                .flatMap(role -> c.preparedQuery("select array(select id from app_user where tenant_id = $1 and id ="
                        + " any($2))").execute(Tuple.of(t, ids.toArray(UUID[]::new))))
                .flatMap(rows -> {
                    Set<UUID> known = Set.of(rows.iterator().next().getArrayOfUUIDs(0));
                    for (int i = 0; i < ids.size(); i++) {
                        if (!known.contains(ids.get(i))) {
                            b.problem("/userIds/" + i, "USER_NOT_FOUND", "There is no user with this id.");
                        }
                    }
                    b.check("ROLE_MEMBERS_INVALID", "member list");
                    return members(c, t, key);
                })
                .flatMap(before -> {
                    Set<UUID> old = new LinkedHashSet<>(before.stream().map(Member::id).toList());
                    Set<UUID> now2 = new LinkedHashSet<>(ids);
                    List<String> added = now2.stream().filter(id -> !old.contains(id)).map(UUID::toString).toList();
                    List<String> removed = old.stream().filter(id -> !now2.contains(id)).map(UUID::toString).toList();
                    if (added.isEmpty() && removed.isEmpty()) {
                        return Uni.createFrom().item(before);
                    }
                    added.forEach(s -> changed.add(UUID.fromString(s)));
                    removed.forEach(s -> changed.add(UUID.fromString(s)));
                    Uni<?> work = c.preparedQuery("delete from user_role where tenant_id = $1 and role_key = $2"
                            + " and not user_id = any($3)").execute(Tuple.of(t, key, ids.toArray(UUID[]::new)))
                            .flatMap(x -> c.preparedQuery("insert into user_role (tenant_id, user_id, role_key)"
                                    + " select distinct $1::text, u, $2::text from unnest($3::uuid[]) u on conflict do nothing")
                                    .execute(Tuple.of(t, key, ids.toArray(UUID[]::new))));
                    if (TradewindPrincipal.ADMIN.equals(key)) {
                        work = work.flatMap(x -> OrgSql.requireAnAdmin(c, t));
                    }
                    return work.flatMap(x -> audit.write(c, actor.entry("role.members", "role", key, Map.of("added",
                            added, "removed", removed)), now))
                            .flatMap(x -> members(c, t, key));
                }))
                .invoke(x -> changed.forEach(id -> tokens.evictUser(t, id)));
    }

    private static Uni<List<Member>> members(SqlClient c, String t, String key) {
        return c.preparedQuery("select u.id, u.username, u.display_name, u.disabled from user_role m join app_user u"
                + " on u.tenant_id = m.tenant_id and u.id = m.user_id where m.tenant_id = $1 and m.role_key = $2"
                + " order by lower(u.username)").execute(Tuple.of(t, key))
                .map(rows -> {
                    List<Member> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Member(r.getUUID(0), r.getString(1), r.getString(2), r.getBoolean(
                            3))));
                    return out;
                });
    }

    private static Uni<Role> existing(SqlClient c, String t, String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            return Uni.createFrom().failure(notFound(key));
        }
        return c.preparedQuery(SELECT + " and r.key = $2").execute(Tuple.of(t, key)).map(rows -> {
            if (rows.size() == 0) {
                throw notFound(key);
            }
            return role(rows.iterator().next());
        });
    }

    private static Role role(Row r) {
        return new Role(r.getString(0), r.getString(1), r.getString(2), r.getBoolean(3), r.getLong(4), OrgSql.instant(
                r.getOffsetDateTime(5)));
    }

    private static Map<String, Object> fromTo(Object from, Object to) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", from);
        m.put("to", to);
        return m;
    }

    private static Map<String, Object> detail(String name, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("description", description);
        return m;
    }

    private static NotFound notFound(String key) {
        return new NotFound("ROLE_NOT_FOUND", "There is no role '" + Departments.shorten(String.valueOf(key)) + "'.");
    }
}
