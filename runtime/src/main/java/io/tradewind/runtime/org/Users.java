package io.tradewind.runtime.org;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tradewind.runtime.audit.AuditLog;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.error.Conflict;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.NotFound;
import io.tradewind.runtime.error.TradewindException.Violation;
import io.tradewind.runtime.security.PasswordHasher;
import io.tradewind.runtime.security.TokenStore;
import io.tradewind.runtime.tenant.TenantDb;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Built-in user accounts of a tenant: create, list, change, disable and delete. Disabling a user or
 * resetting their password revokes their sessions in the same transaction and evicts them from the
 * token cache, so their token fails on its very next use. A tenant always keeps at least one
 * enabled administrator ({@code LAST_ADMIN}).
 */
@ApplicationScoped
public class Users {
    /** Shortest password an administrator may set. */
    public static final int MIN_PASSWORD = 12;
    private static final int MAX_LIMIT = 200;
    private static final String ADMIN = io.tradewind.runtime.security.TradewindPrincipal.ADMIN;
    private static final LinkedHashSet<String> FIELDS = new LinkedHashSet<>(List.of("username", "displayName",
            "email", "password", "departmentId", "managerId", "roles", "disabled"));
    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}._@+-]{1,100}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final String SELECT = "select u.id, u.username, u.display_name, u.email, u.department_id,"
            + " u.manager_id, u.disabled, u.password_hash is not null, u.created_at, u.updated_at,"
            + " array(select r.role_key from user_role r where r.tenant_id = u.tenant_id and r.user_id = u.id"
            + " order by 1) from app_user u where u.tenant_id = $1";

    @Inject
    TenantDb db;
    @Inject
    AuditLog audit;
    @Inject
    TradewindClock clock;
    @Inject
    TokenStore tokens;

    /** A user as the API shows it; never a password hash. */
    public record User(UUID id, String username, String displayName, String email, UUID departmentId,
            UUID managerId, List<String> roles, boolean disabled, boolean hasPassword, Instant createdAt,
            Instant updatedAt) {
    }

    /** One page of users and the cursor of the next, or null. */
    public record Page(List<User> items, String nextCursor) {
    }

    private record Input(Body body, String username, String displayName, String email, String password,
            UUID departmentId, UUID managerId, List<String> roles, Boolean disabled) {
    }

    /** Users ordered by username, filtered by search text, department or role. */
    public Uni<Page> list(Actor actor, String q, String departmentId, String role, String limitText,
            String cursor) {
        List<Violation> problems = new ArrayList<>();
        for (String[] p : new String[][]{{"q", q}, {"departmentId", departmentId}, {"role", role}, {"limit",
                limitText}, {"cursor", cursor}}) {
            if (p[1] != null && (p[1].indexOf('\0') >= 0 || p[1].length() > 1000)) {
                problems.add(new Violation("/" + p[0], "PARAMETER_INVALID", "'" + p[0] + "' is too long or holds"
                        + " a NUL character."));
            }
        }
        if (!problems.isEmpty()) {
            return Uni.createFrom().failure(new InvalidInput(problems.get(0).code(), problems.get(0).message(),
                    problems));
        }
        UUID dept = departmentId == null ? null : Ids.parse(departmentId);
        if (departmentId != null && dept == null) {
            problems.add(new Violation("/departmentId", "NOT_AN_ID", "'departmentId' must be a UUID."));
        }
        if (q != null && q.length() > 200) {
            problems.add(new Violation("/q", "SEARCH_TOO_LONG", "Search text is limited to 200 characters."));
        }
        int limit = 50;
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                problems.add(new Violation("/limit", "LIMIT_INVALID", "'limit' is a whole number from 1 to "
                        + MAX_LIMIT + "."));
            }
        }
        String after = null;
        if (cursor != null) {
            try {
                after = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                if (after.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("NUL in cursor");
                }
            } catch (IllegalArgumentException e) {
                problems.add(new Violation("/cursor", "CURSOR_INVALID", "The cursor is not valid; use the"
                        + " nextCursor of the previous page."));
            }
        }
        if (!problems.isEmpty()) {
            return Uni.createFrom().failure(new InvalidInput(problems.get(0).code(), problems.get(0).message(),
                    problems));
        }
        String pattern = q == null || q.isBlank()
                ? null
                : "%" + q.strip().replace("!", "!!").replace("%", "!%")
                        .replace("_", "!_") + "%";
        int n = limit;
        String t = actor.tenant();
        Tuple args = Tuple.from(new Object[]{t, pattern, dept, role, after, n + 1});
        return db.run(t, c -> c.preparedQuery(SELECT
                + " and ($2::text is null or u.username ilike $2 escape '!' or u.display_name ilike $2 escape '!'"
                + " or u.email ilike $2 escape '!')"
                + " and ($3::uuid is null or u.department_id = $3)"
                + " and ($4::text is null or exists (select 1 from user_role r where r.tenant_id = u.tenant_id"
                + " and r.user_id = u.id and r.role_key = $4))"
                + " and ($5::text is null or lower(u.username) > $5)"
                + " order by lower(u.username) limit $6").execute(args)
                .map(rows -> {
                    List<User> items = new ArrayList<>();
                    rows.forEach(r -> items.add(user(r)));
                    String next = null;
                    if (items.size() > n) {
                        items.remove(n);
                        next = Base64.getUrlEncoder().withoutPadding().encodeToString(items.get(n - 1).username()
                                .toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
                    }
                    return new Page(items, next);
                }));
    }

    /** One user; 404 for an unknown id or another tenant's. */
    public Uni<User> get(Actor actor, String idText) {
        UUID id = Ids.parse(idText);
        if (id == null) {
            return Uni.createFrom().failure(notFound(idText));
        }
        return db.run(actor.tenant(), c -> find(c, actor.tenant(), id)).map(u -> {
            if (u == null) {
                throw notFound(idText);
            }
            return u;
        });
    }

    /** Creates a user; the password, if any, is hashed off the event loop. */
    public Uni<User> create(Actor actor, byte[] bytes) {
        Input in = input(bytes, true);
        if (in.password() != null) {
            passwordPolicy(in.body(), in.password(), in.username());
        }
        in.body().check("USER_INVALID", "user");
        UUID id = UUID.randomUUID();
        String t = actor.tenant();
        return hash(in.password()).flatMap(hash -> {
            Instant now = clock.instant();
            return db.run(t, c -> OrgSql.lock(c, t)
                    .flatMap(x -> checkReferences(c, t, in))
                    .flatMap(x -> c.preparedQuery("insert into app_user (tenant_id, id, username, display_name, email,"
                            + " password_hash, department_id, manager_id, disabled, password_changed_at, created_at,"
                            + " updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)")
                            .execute(Tuple.from(new Object[]{t, id, in.username(), in.displayName(), in.email(), hash,
                                    in.departmentId(), in.managerId(), Boolean.TRUE.equals(in.disabled()),
                                    hash == null ? null : OrgSql.utc(now), OrgSql.utc(now)})))
                    .flatMap(x -> setRoles(c, t, id, in.roles() == null ? List.of() : in.roles()))
                    .flatMap(x -> find(c, t, id))
                    .call(u -> audit.write(c, actor.entry("user.create", "user", id, createDetail(u)), now)));
        }).onFailure(e -> OrgSql.uniqueViolation(e, "app_user_username_uq")).transform(e -> usernameTaken());
    }

    /**
     * Changes a user. {@code disabled: true} or a new password also revokes the user's sessions; the
     * last enabled administrator cannot be disabled or lose the admin role.
     */
    public Uni<User> update(Actor actor, String idText, byte[] bytes) {
        UUID id = Ids.parse(idText);
        if (id == null) {
            return Uni.createFrom().failure(notFound(idText));
        }
        Input in = input(bytes, false);
        if (in.password() != null) {
            passwordPolicy(in.body(), in.password(), in.username());
        }
        if (id.equals(in.managerId())) {
            in.body().problem("/managerId", "MANAGER_CYCLE", "A user cannot be their own manager.");
        }
        in.body().check("USER_INVALID", "user");
        String t = actor.tenant();
        return hash(in.password()).flatMap(hash -> {
            Instant now = clock.instant();
            return db.run(t, c -> OrgSql.lock(c, t)
                    .flatMap(x -> find(c, t, id))
                    .flatMap(before -> {
                        if (before == null) {
                            throw notFound(idText);
                        }
                        if (in.password() != null && in.username() == null) {
                            passwordPolicy(in.body(), in.password(), before.username());
                            in.body().check("USER_INVALID", "user");
                        }
                        return checkReferences(c, t, in)
                                .flatMap(x -> in.managerId() != null
                                        ? checkManagerCycle(c, t, id, in.managerId())
                                        : Uni.createFrom().voidItem())
                                .flatMap(x -> apply(c, actor, before, in, hash, now));
                    }))
                    .invoke(u -> tokens.evictUser(t, id));
        }).onFailure(e -> OrgSql.uniqueViolation(e, "app_user_username_uq")).transform(e -> usernameTaken());
    }

    private Uni<User> apply(SqlClient c, Actor actor, User before, Input in, String hash, Instant now) {
        String t = actor.tenant();
        UUID id = before.id();
        Map<String, Object> changes = new LinkedHashMap<>();
        StringBuilder set = new StringBuilder("updated_at = $3");
        List<Object> args = new ArrayList<>(List.of(t, id, OrgSql.utc(now)));
        column(set, args, changes, "username", "username", before.username(), in.body().has("username"), in.username());
        column(set, args, changes, "display_name", "displayName", before.displayName(), in.body().has("displayName"),
                in.displayName());
        column(set, args, changes, "email", "email", before.email(), in.body().has("email"), in.email());
        column(set, args, changes, "department_id", "departmentId", before.departmentId(), in.body().has(
                "departmentId"), in.departmentId());
        column(set, args, changes, "manager_id", "managerId", before.managerId(), in.body().has("managerId"),
                in.managerId());
        column(set, args, changes, "disabled", "disabled", before.disabled(), in.disabled() != null, in.disabled());
        if (hash != null) {
            args.add(hash);
            set.append(", password_hash = $").append(args.size()).append(", password_changed_at = $3");
        }
        Map<String, Object> roleChange = roleChange(before.roles(), in.roles());
        boolean disabling = Boolean.TRUE.equals(in.disabled()) && !before.disabled();
        boolean adminAffected = changes.containsKey("disabled") || ((List<?>) roleChange.getOrDefault("removed", List
                .of())).contains(ADMIN);
        if (changes.isEmpty() && hash == null && roleChange.isEmpty()) {
            return Uni.createFrom().item(before);
        }
        Uni<?> work = c.preparedQuery("update app_user set " + set + " where tenant_id = $1 and id = $2")
                .execute(Tuple.from(args));
        if (!roleChange.isEmpty()) {
            changes.put("roles", roleChange);
            work = work.flatMap(x -> setRoles(c, t, id, in.roles()));
        }
        if (adminAffected) {
            work = work.flatMap(x -> OrgSql.requireAnAdmin(c, t));
        }
        if (disabling || hash != null) {
            work = work.flatMap(x -> OrgSql.revokeSessions(c, t, id, now));
        }
        if (hash != null) {
            work = work.flatMap(x -> audit.write(c, actor.entry("user.password-reset", "user", id, Map.of("username",
                    before.username())), now));
        }
        if (disabling) {
            changes.remove("disabled");
            work = work.flatMap(x -> audit.write(c, actor.entry("user.disable", "user", id, Map.of("username", before
                    .username())), now));
        }
        if (!changes.isEmpty()) {
            work = work.flatMap(x -> audit.write(c, actor.entry("user.update", "user", id, changes), now));
        }
        return work.flatMap(x -> find(c, t, id));
    }

    /** Deletes a user for good (sessions and role memberships go with them). */
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
                            + " and manager_id = $2), (select count(*) from app_user where tenant_id = $1"
                            + " and manager_id = $2)").execute(Tuple.of(t, id))
                            .flatMap(rows -> {
                                Row r = rows.iterator().next();
                                if (r.getLong(0) > 0 || r.getLong(1) > 0) {
                                    throw new Conflict("USER_IN_USE", "'" + before.username() + "' manages "
                                            + r.getLong(0) + " department(s) and " + r.getLong(1) + " user(s);"
                                            + " give them another manager first (or disable this user instead).");
                                }
                                return c.preparedQuery("delete from app_user where tenant_id = $1 and id = $2")
                                        .execute(Tuple.of(t, id));
                            })
                            .flatMap(x -> OrgSql.requireAnAdmin(c, t))
                            .flatMap(x -> audit.write(c, actor.entry("user.delete", "user", id, createDetail(
                                    before)), now));
                }))
                .invoke(() -> tokens.evictUser(t, id));
    }

    static Uni<User> find(SqlClient c, String tenant, UUID id) {
        return c.preparedQuery(SELECT + " and u.id = $2").execute(Tuple.of(tenant, id))
                .map(rows -> rows.size() == 0 ? null : user(rows.iterator().next()));
    }

    private Input input(byte[] bytes, boolean create) {
        Body b = Body.parse(bytes, FIELDS);
        String username = create || b.has("username") ? b.text("username", 100, true) : null;
        if (username != null && !USERNAME.matcher(username).matches()) {
            b.problem("/username", "USERNAME_INVALID", "A username holds letters, digits and . _ @ + - only.");
        }
        String displayName = create || b.has("displayName") ? b.text("displayName", 200, true) : null;
        String email = b.text("email", 254, false);
        if (email != null && !EMAIL.matcher(email).matches()) {
            b.problem("/email", "EMAIL_INVALID", "This is not an email address.");
        }
        String password = b.secret("password", 1000);
        if (b.has("password") && password == null && !b.failed()) {
            b.problem("/password", "WRONG_TYPE", "'password' must be a string.");
        }
        return new Input(b, username, displayName, email, password, b.uuid("departmentId"), b.uuid("managerId"),
                b.strings("roles", 100, 63), b.bool("disabled"));
    }

    private static void passwordPolicy(Body b, String password, String username) {
        if (password.codePointCount(0, password.length()) < MIN_PASSWORD) {
            b.problem("/password", "PASSWORD_TOO_WEAK", "A password needs at least " + MIN_PASSWORD + " characters.");
        } else if (username != null && password.strip().equalsIgnoreCase(username)) {
            b.problem("/password", "PASSWORD_TOO_WEAK", "The password may not be the username.");
        }
    }

    private static Uni<String> hash(String password) {
        if (password == null) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(() -> PasswordHasher.hash(password))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Refuses an unknown department, manager or role (including another tenant's) with pointers. */
    private static Uni<Void> checkReferences(SqlClient c, String t, Input in) {
        List<String> roles = in.roles() == null ? List.of() : in.roles();
        return c.preparedQuery("select ($2::uuid is null or exists (select 1 from department where tenant_id = $1"
                + " and id = $2)), ($3::uuid is null or exists (select 1 from app_user where tenant_id = $1"
                + " and id = $3)), array(select key from role where tenant_id = $1 and key = any($4))")
                .execute(Tuple.of(t, in.departmentId(), in.managerId(), roles.toArray(String[]::new)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    Body b = in.body();
                    if (!r.getBoolean(0)) {
                        b.problem("/departmentId", "DEPARTMENT_NOT_FOUND", "There is no department with this id.");
                    }
                    if (!r.getBoolean(1)) {
                        b.problem("/managerId", "USER_NOT_FOUND", "There is no user with this id.");
                    }
                    List<String> known = List.of(r.getArrayOfStrings(2));
                    for (int i = 0; i < roles.size(); i++) {
                        if (!known.contains(roles.get(i))) {
                            b.problem("/roles/" + i, "ROLE_NOT_FOUND", "There is no role '" + Departments.shorten(
                                    roles.get(i)) + "'.");
                        }
                    }
                    b.check("USER_INVALID", "user");
                    return null;
                });
    }

    /** Refuses a manager whose own chain of managers leads back to the user. */
    private static Uni<Void> checkManagerCycle(SqlClient c, String t, UUID id, UUID managerId) {
        return c.preparedQuery("with recursive up as (select id, manager_id from app_user where tenant_id = $1"
                + " and id = $2 union select u.id, u.manager_id from app_user u join up on u.id = up.manager_id"
                + " where u.tenant_id = $1) select exists (select 1 from up where id = $3)")
                .execute(Tuple.of(t, managerId, id))
                .map(rows -> {
                    if (rows.iterator().next().getBoolean(0)) {
                        String m = "This manager reports to the user, directly or through their managers.";
                        throw new InvalidInput(422, "MANAGER_CYCLE", m, List.of(new Violation("/managerId",
                                "MANAGER_CYCLE", m)));
                    }
                    return null;
                });
    }

    static Uni<Void> setRoles(SqlClient c, String t, UUID id, List<String> roles) {
        return c.preparedQuery("delete from user_role where tenant_id = $1 and user_id = $2").execute(Tuple.of(t, id))
                .flatMap(x -> c.preparedQuery("insert into user_role (tenant_id, user_id, role_key) select distinct"
                        + " $1::text, $2::uuid, k from unnest($3::text[]) k on conflict do nothing")
                        .execute(Tuple.of(t, id, roles.toArray(String[]::new))))
                .replaceWithVoid();
    }

    private static Map<String, Object> roleChange(List<String> before, List<String> after) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (after == null) {
            return m;
        }
        List<String> added = after.stream().distinct().filter(r -> !before.contains(r)).sorted().toList();
        List<String> removed = before.stream().filter(r -> !after.contains(r)).toList();
        if (!added.isEmpty()) {
            m.put("added", added);
        }
        if (!removed.isEmpty()) {
            m.put("removed", removed);
        }
        return m;
    }

    private static void column(StringBuilder set, List<Object> args, Map<String, Object> changes, String column,
            String field, Object before, boolean present, Object after) {
        if (present && !Objects.equals(before, after)) {
            args.add(after);
            set.append(", ").append(column).append(" = $").append(args.size());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", before);
            m.put("to", after);
            changes.put(field, m);
        }
    }

    private static Map<String, Object> createDetail(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", u.username());
        m.put("displayName", u.displayName());
        m.put("email", u.email());
        m.put("departmentId", u.departmentId());
        m.put("managerId", u.managerId());
        m.put("roles", u.roles());
        m.put("disabled", u.disabled());
        return m;
    }

    private static User user(Row r) {
        return new User(r.getUUID(0), r.getString(1), r.getString(2), r.getString(3), r.getUUID(4), r.getUUID(5),
                List.of(r.getArrayOfStrings(10)), r.getBoolean(6), r.getBoolean(7), OrgSql.instant(r
                        .getOffsetDateTime(8)),
                OrgSql.instant(r.getOffsetDateTime(9)));
    }

    private static NotFound notFound(String id) {
        return new NotFound("USER_NOT_FOUND", "There is no user with id '" + Departments.shorten(id) + "'.");
    }

    private static Conflict usernameTaken() {
        return new Conflict("USERNAME_TAKEN", "Another user already has this username.", List.of(new Violation(
                "/username", "USERNAME_TAKEN", "This username is taken (usernames ignore case).")));
    }
}
