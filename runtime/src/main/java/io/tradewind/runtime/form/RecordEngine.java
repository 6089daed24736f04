package io.tradewind.runtime.form;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.form.FieldAccess;
import io.tradewind.model.form.PermissionAction;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.error.AccessDenied;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.NotFound;
import io.tradewind.runtime.error.TradewindException.Violation;
import io.tradewind.runtime.error.VersionConflict;
import io.tradewind.runtime.form.access.Grant;
import io.tradewind.runtime.form.query.ListRequest;
import io.tradewind.runtime.form.query.RecordQuery;
import io.tradewind.runtime.form.query.ScopeCompiler;
import io.tradewind.runtime.security.TradewindPrincipal;

/**
 * The form engine: the one code path through which records are created, changed and deleted,
 * whatever the caller (API, import, flow). Input is normalized, formulas computed, rules checked;
 * only then is the record written, in one statement with its links and history.
 */
@ApplicationScoped
public class RecordEngine {
    private static final ZoneId DEFAULT_ZONE = ZoneOffset.UTC;
    /** An owner of {@code null} in a body: the record is left without owner (the public pool). */
    static final UUID NO_OWNER = new UUID(0, 0);

    @Inject
    AppRegistry registry;
    @Inject
    RecordStore store;
    @Inject
    Autonumbers autonumbers;
    @Inject
    RecordErrors errors;
    @Inject
    TradewindClock clock;
    @Inject
    RecordTriggers triggers;
    @Inject
    io.tradewind.runtime.tenant.TenantDb db;

    /**
     * A view of the engine whose reads and writes run on {@code c}, inside the caller's transaction
     * (already scoped to the tenant): a flow step's record changes commit with the step.
     */
    public RecordEngine bound(io.vertx.mutiny.sqlclient.SqlConnection c) {
        RecordEngine view = new RecordEngine();
        view.registry = registry;
        view.store = store.bound(c);
        view.autonumbers = autonumbers;
        view.errors = errors;
        view.clock = clock;
        view.triggers = triggers;
        view.db = db;
        return view;
    }

    /** Whether this write must tell the flow engine, and so run in one transaction with that. */
    private boolean needsTx(TradewindPrincipal user, String app, String form, boolean fire) {
        return fire && store.connection() == null && triggers.watches(user.tenantId(), app, form);
    }

    private <T> Uni<T> tell(boolean fire, TradewindPrincipal user, String app, String form, UUID id, int version,
            String action, T result) {
        if (!fire || store.connection() == null || !triggers.watches(user.tenantId(), app, form)) {
            return Uni.createFrom().item(result);
        }
        return triggers.written(store.connection(), user.tenantId(), app, form, id, version, action, user.userId())
                .replaceWith(result);
    }

    public Uni<RecordRow> create(TradewindPrincipal user, String app, String formKey, ObjectNode input) {
        return create(user, app, formKey, input, true);
    }

    /**
     * Creates a record; {@code fire} false writes it without starting flows (demo data loaded as a
     * snapshot).
     */
    public Uni<RecordRow> create(TradewindPrincipal user, String app, String formKey, ObjectNode input,
            boolean fire) {
        if (needsTx(user, app, formKey, fire)) {
            return db.run(user.tenantId(), c -> bound(c).create(user, app, formKey, input, fire));
        }
        CompiledForm form = registry.form(user.tenantId(), app, formKey);
        Grant grant = form.access().grant(user).require(PermissionAction.CREATE);
        List<Violation> refused = new ArrayList<>();
        UUID owner = takeOwner(grant, input, refused);
        checkWritable(grant, form, input, refused);
        Instant now = clock.instant();
        CompiledForm.EvalEnv env = new CompiledForm.EvalEnv(now, DEFAULT_ZONE, Set.of(), "en");
        ObjectNode data = prepare(form, input, null, env);
        LocalDate today = LocalDate.ofInstant(now, DEFAULT_ZONE);
        Uni<ObjectNode> numbered = Uni.createFrom().item(data);
        for (CompiledForm.Autonumber a : form.autonumbers()) {
            numbered = numbered.flatMap(d -> autonumbers.next(user.tenantId(), form, a, today).map(n -> {
                d.put(a.field(), n);
                return d;
            }));
        }
        UUID id = UUID.randomUUID();
        Uni<ObjectNode> toWrite = numbered;
        return checkOwner(user, owner).flatMap(o -> toWrite).flatMap(d -> {
            List<LinkRef> links = form.links(d);
            return store.insert(user.tenantId(), app, formKey, id, d, user.userId(), owner == null
                    ? user.userId()
                    : NO_OWNER.equals(owner) ? null : owner, now, links)
                    .onFailure().recoverWithUni(e -> errors.explain(e, user.tenantId(), form, links));
        }).flatMap(r -> tell(fire, user, app, formKey, r.id(), r.version(), "create", r)).map(r -> visible(grant, r));
    }

    public Uni<RecordRow> get(TradewindPrincipal user, String app, String formKey, String id) {
        CompiledForm form = registry.form(user.tenantId(), app, formKey);
        Grant grant = form.access().grant(user).require(PermissionAction.READ);
        return find(user, form, grant, id, List.of(PermissionAction.READ)).map(r -> visible(grant, r));
    }

    /**
     * The history of a record the caller may read, oldest first, without the fields hidden from them.
     */
    public Uni<List<HistoryEntry>> history(TradewindPrincipal user, String app, String formKey, String id) {
        CompiledForm form = registry.form(user.tenantId(), app, formKey);
        Grant grant = form.access().grant(user).require(PermissionAction.READ);
        return find(user, form, grant, id, List.of(PermissionAction.READ))
                .flatMap(r -> store.history(user.tenantId(), app, formKey, r.id()))
                .map(rows -> {
                    List<HistoryEntry> out = new ArrayList<>();
                    rows.forEach(row -> out.add(new HistoryEntry(row.getInteger(0), row.getString(1),
                            visible(grant, parse(row.getString(2))), visible(grant, parse(row.getString(3))),
                            row.getUUID(4), row.getOffsetDateTime(5).toInstant())));
                    return out;
                });
    }

    /** One change of a record: its version, action, data before and after, actor and time. */
    public record HistoryEntry(int version, String action, ObjectNode before, ObjectNode after, UUID actor,
            Instant at) {
    }

    /** The record if it exists and every one of the actions' row scopes reaches it; else 404. */
    private Uni<RecordRow> find(TradewindPrincipal user, CompiledForm form, Grant grant, String id,
            List<PermissionAction> actions) {
        UUID uuid = recordId(id);
        return store.find(user.tenantId(), form.app(), form.key(), uuid, scope(user, form, grant, actions))
                .map(r -> {
                    if (r == null) {
                        throw notFound(form.key(), id);
                    }
                    return r;
                });
    }

    private RecordStore.Scope scope(TradewindPrincipal user, CompiledForm form, Grant grant,
            List<PermissionAction> actions) {
        return params -> {
            List<String> all = new ArrayList<>();
            for (PermissionAction a : actions) {
                String c = ScopeCompiler.compile(grant.rows(a), user, form.queryFields(), params, clock.instant());
                if (c != null) {
                    all.add(c);
                }
            }
            return all.isEmpty() ? null : String.join(" and ", all);
        };
    }

    /** A page of records and the cursor of the next page (null on the last page). */
    public record Page(List<RecordRow> items, String nextCursor) {
    }

    public Uni<Page> list(TradewindPrincipal user, String app, String formKey, ListRequest req) {
        CompiledForm form = registry.form(user.tenantId(), app, formKey);
        Grant grant = form.access().grant(user).require(PermissionAction.READ);
        RecordQuery.Page page = form.query().page(user.tenantId(), app, formKey, req, clock.instant(),
                key -> !form.fields().containsKey(key) || grant.canRead(key),
                scope(user, form, grant, List.of(PermissionAction.READ))::condition);
        return store.list(user.tenantId(), page.sql(), page.params()).map(rows -> {
            List<RecordRow> items = rows.size() > page.limit() ? rows.subList(0, page.limit()) : rows;
            String next = rows.size() > page.limit() ? page.cursorAfter(items.get(items.size() - 1)) : null;
            return new Page(items.stream().map(r -> visible(grant, r)).toList(), next);
        });
    }

    /**
     * Applies a patch. With {@code expectedVersion} the write only happens at that version (else 412);
     * without it, the patch is applied to the latest version, retrying if another write slips in
     * between.
     */
    public Uni<RecordRow> update(TradewindPrincipal user, String app, String formKey, String id, ObjectNode patch,
            Integer expectedVersion) {
        return update(user, app, formKey, id, patch, expectedVersion, 3);
    }

    private Uni<RecordRow> update(TradewindPrincipal user, String app, String formKey, String id, ObjectNode patch,
            Integer expectedVersion, int attempts) {
        if (needsTx(user, app, formKey, true)) {
            return db.run(user.tenantId(), c -> bound(c).update(user, app, formKey, id, patch, expectedVersion,
                    attempts));
        }
        CompiledForm form = registry.form(user.tenantId(), app, formKey);
        Grant grant = form.access().grant(user);
        ObjectNode fields = patch.deepCopy();
        List<Violation> refused = new ArrayList<>();
        UUID newOwner = takeOwner(grant, fields, refused);
        List<PermissionAction> actions = new ArrayList<>();
        if (newOwner != null) {
            actions.add(PermissionAction.TRANSFER);
        }
        if (newOwner == null || fields.size() > 0) {
            grant.require(PermissionAction.UPDATE);
            actions.add(PermissionAction.UPDATE);
        }
        checkWritable(grant, form, fields, refused);
        return checkOwner(user, newOwner).flatMap(ok -> find(user, form, grant, id, actions)).flatMap(current -> {
            if (expectedVersion != null && current.version() != expectedVersion) {
                throw stale(current.version(), expectedVersion);
            }
            Instant now = clock.instant();
            Set<String> changed = new HashSet<>();
            fields.fieldNames().forEachRemaining(changed::add);
            CompiledForm.EvalEnv env = new CompiledForm.EvalEnv(now, DEFAULT_ZONE, changed, "en");
            ObjectNode data = prepare(form, fields, current.data(), env);
            List<LinkRef> links = form.links(data);
            return store.update(user.tenantId(), app, formKey, current.id(), current.version(), current.data(), data,
                    user.userId(), newOwner, now, links)
                    .onFailure().recoverWithUni(e -> errors.explain(e, user.tenantId(), form, links))
                    .flatMap(updated -> {
                        if (updated != null) {
                            return tell(true, user, app, formKey, updated.id(), updated.version(), "update",
                                    visible(grant, updated));
                        }
                        if (expectedVersion != null || attempts <= 1) {
                            return get(user, app, formKey, id).map(now2 -> {
                                throw stale(now2.version(),
                                        expectedVersion == null ? current.version() : expectedVersion);
                            });
                        }
                        return update(user, app, formKey, id, patch, null, attempts - 1);
                    });
        });
    }

    public Uni<Void> delete(TradewindPrincipal user, String app, String formKey, String id, Integer expectedVersion) {
        if (needsTx(user, app, formKey, true)) {
            return db.run(user.tenantId(), c -> bound(c).delete(user, app, formKey, id, expectedVersion));
        }
        CompiledForm form = registry.form(user.tenantId(), app, formKey);
        Grant grant = form.access().grant(user).require(PermissionAction.DELETE);
        UUID uuid = recordId(id);
        RecordStore.Scope scope = scope(user, form, grant, List.of(PermissionAction.DELETE));
        return store.delete(user.tenantId(), app, formKey, uuid, expectedVersion, user.userId(), clock.instant(),
                scope)
                .onFailure().recoverWithUni(e -> errors.explainDelete(e, user.tenantId(), uuid))
                .flatMap(deleted -> {
                    if (deleted) {
                        return tell(true, user, app, formKey, uuid, -1, "delete", (Void) null);
                    }
                    return find(user, form, grant, id, List.of(PermissionAction.DELETE)).map(r -> {
                        throw stale(r.version(), expectedVersion);
                    });
                });
    }

    /**
     * Takes {@code owner} out of a create or patch body: only a caller who may transfer records sets it
     * (no mass assignment). Null when the body does not name an owner.
     */
    private static UUID takeOwner(Grant grant, ObjectNode input, List<Violation> refused) {
        JsonNode owner = input.get("owner");
        if (owner == null) {
            return null;
        }
        if (!grant.allows(PermissionAction.TRANSFER)) {
            refused.add(new Violation("/data/owner", "OWNER_TRANSFER_NOT_ALLOWED", "Changing the owner needs the"
                    + " transfer permission."));
            input.remove("owner");
            return null;
        }
        if (owner.isNull()) {
            input.remove("owner");
            return NO_OWNER; // the record goes back to the pool
        }
        UUID id = owner.isTextual() ? io.tradewind.runtime.form.field.IdCodec.parse(owner.textValue()) : null;
        if (id == null) {
            throw invalid(List.of(new Violation("/data/owner", "WRONG_TYPE", "'owner' is a user id.")));
        }
        input.remove("owner");
        return id;
    }

    /** A new owner must be an active user of the tenant. */
    private Uni<Boolean> checkOwner(TradewindPrincipal user, UUID owner) {
        if (owner == null || NO_OWNER.equals(owner)) {
            return Uni.createFrom().item(true);
        }
        return store.activeUser(user.tenantId(), owner).map(ok -> {
            if (!ok) {
                throw invalid(List.of(new Violation("/data/owner", "OWNER_UNKNOWN", "There is no active user with"
                        + " the id " + owner + ".")));
            }
            return true;
        });
    }

    /**
     * Refuses (403) a body that sets fields the caller may only read, or may not see, together with the
     * problems found before ({@code refused}, e.g. an owner change without the permission).
     */
    private static void checkWritable(Grant grant, CompiledForm form, ObjectNode input, List<Violation> refused) {
        input.fieldNames().forEachRemaining(k -> {
            if (grant.isAdmin() || !form.fields().containsKey(k)) {
                return; // unknown and system keys are refused by the normalizer
            }
            FieldAccess a = grant.access(k);
            if (a == FieldAccess.HIDDEN) {
                refused.add(new Violation("/data/" + k, "FIELD_HIDDEN", "You may not see or set '" + k + "'."));
            } else if (a == FieldAccess.READ) {
                refused.add(new Violation("/data/" + k, "FIELD_READ_ONLY", "'" + k + "' is read-only for you."));
            }
        });
        if (!refused.isEmpty()) {
            throw new AccessDenied("FIELD_NOT_WRITABLE", refused.size() == 1
                    ? refused.get(0).message()
                    : "You may not set " + refused.size() + " of these fields; see errors.", refused);
        }
    }

    /** The record as the caller may see it: hidden fields removed. */
    private static RecordRow visible(Grant grant, RecordRow r) {
        ObjectNode data = visible(grant, r.data());
        return data == r.data()
                ? r
                : new RecordRow(r.id(), r.version(), data, r.owner(), r.createdAt(),
                        r.createdBy(), r.updatedAt(), r.updatedBy());
    }

    private static ObjectNode visible(Grant grant, ObjectNode data) {
        if (grant.isAdmin() || data == null) {
            return data;
        }
        ObjectNode copy = null;
        for (var it = data.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!grant.canRead(k)) {
                copy = copy == null ? data.deepCopy() : copy;
                copy.remove(k);
            }
        }
        return copy == null ? data : copy;
    }

    private static ObjectNode parse(String json) {
        return json == null ? null : RecordStore.parse(json);
    }

    private ObjectNode prepare(CompiledForm form, ObjectNode input, ObjectNode current, CompiledForm.EvalEnv env) {
        List<Violation> violations = new ArrayList<>();
        ObjectNode data = new RecordNormalizer(env.now(), env.zone(), violations).normalize(form.fields(), input,
                current);
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        if (form.formulas() != null) {
            form.formulas().compute(data, env);
        }
        if (form.rules() != null) {
            violations.addAll(form.rules().check(data, env));
        }
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        return data;
    }

    static InvalidInput invalid(List<Violation> violations) {
        String detail = violations.size() == 1
                ? violations.get(0).message()
                : violations.size() + " problems in the record; see errors.";
        return new InvalidInput(422, "RECORD_INVALID", detail, violations);
    }

    static UUID recordId(String id) {
        UUID uuid = io.tradewind.runtime.form.field.IdCodec.parse(id);
        if (uuid == null) {
            throw new NotFound("RECORD_NOT_FOUND", "There is no record with id '" + (id.length() > 40
                    ? id.substring(
                            0, 40) + "…"
                    : id) + "'.");
        }
        return uuid;
    }

    private static NotFound notFound(String form, String id) {
        return new NotFound("RECORD_NOT_FOUND", "There is no " + form + " record with id " + id + ".");
    }

    private static VersionConflict stale(int current, Integer expected) {
        return new VersionConflict("The record is at version " + current + ", not " + expected + "; reload it and"
                + " apply your change again.");
    }

}
