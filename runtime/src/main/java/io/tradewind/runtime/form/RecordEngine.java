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

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.clock.TradewindClock;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.NotFound;
import io.tradewind.runtime.error.TradewindException.Violation;
import io.tradewind.runtime.error.VersionConflict;
import io.tradewind.runtime.form.query.ListRequest;
import io.tradewind.runtime.form.query.RecordQuery;
import io.tradewind.runtime.security.TradewindPrincipal;

/**
 * The form engine: the one code path through which records are created, changed and deleted,
 * whatever the caller (API, import, flow). Input is normalized, formulas computed, rules checked;
 * only then is the record written, in one statement with its links and history.
 */
@ApplicationScoped
public class RecordEngine {
    private static final ZoneId DEFAULT_ZONE = ZoneOffset.UTC;

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

    public Uni<RecordRow> create(TradewindPrincipal user, String app, String formKey, ObjectNode input) {
        CompiledForm form = registry.form(user.tenantId(), app, formKey);
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
        return numbered.flatMap(d -> {
            List<LinkRef> links = form.links(d);
            return store.insert(user.tenantId(), app, formKey, id, d, user.userId(), now, links)
                    .onFailure().recoverWithUni(e -> errors.explain(e, user.tenantId(), form, links));
        });
    }

    public Uni<RecordRow> get(TradewindPrincipal user, String app, String formKey, String id) {
        registry.form(user.tenantId(), app, formKey);
        UUID uuid = recordId(id);
        return store.find(user.tenantId(), app, formKey, uuid).map(r -> {
            if (r == null) {
                throw notFound(formKey, id);
            }
            return r;
        });
    }

    /** A page of records and the cursor of the next page (null on the last page). */
    public record Page(List<RecordRow> items, String nextCursor) {
    }

    public Uni<Page> list(TradewindPrincipal user, String app, String formKey, ListRequest req) {
        CompiledForm form = registry.form(user.tenantId(), app, formKey);
        RecordQuery.Page page = form.query().page(user.tenantId(), app, formKey, req, clock.instant());
        return store.list(user.tenantId(), page.sql(), page.params()).map(rows -> {
            if (rows.size() > page.limit()) {
                List<RecordRow> items = rows.subList(0, page.limit());
                return new Page(items, page.cursorAfter(items.get(items.size() - 1)));
            }
            return new Page(rows, null);
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
        CompiledForm form = registry.form(user.tenantId(), app, formKey);
        return get(user, app, formKey, id).flatMap(current -> {
            if (expectedVersion != null && current.version() != expectedVersion) {
                throw stale(current.version(), expectedVersion);
            }
            Instant now = clock.instant();
            Set<String> changed = new HashSet<>();
            patch.fieldNames().forEachRemaining(changed::add);
            CompiledForm.EvalEnv env = new CompiledForm.EvalEnv(now, DEFAULT_ZONE, changed, "en");
            ObjectNode data = prepare(form, patch, current.data(), env);
            List<LinkRef> links = form.links(data);
            return store.update(user.tenantId(), app, formKey, current.id(), current.version(), current.data(), data,
                    user.userId(), now, links)
                    .onFailure().recoverWithUni(e -> errors.explain(e, user.tenantId(), form, links))
                    .flatMap(updated -> {
                        if (updated != null) {
                            return Uni.createFrom().item(updated);
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
        registry.form(user.tenantId(), app, formKey);
        UUID uuid = recordId(id);
        return store.delete(user.tenantId(), app, formKey, uuid, expectedVersion, user.userId(), clock.instant())
                .onFailure().recoverWithUni(e -> errors.explainDelete(e, user.tenantId(), uuid))
                .flatMap(deleted -> {
                    if (deleted) {
                        return Uni.createFrom().voidItem();
                    }
                    return get(user, app, formKey, id).map(r -> {
                        throw stale(r.version(), expectedVersion);
                    });
                });
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
