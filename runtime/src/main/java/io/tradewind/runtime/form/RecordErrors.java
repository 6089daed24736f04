package io.tradewind.runtime.form;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.error.Conflict;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.TradewindException.Violation;
import io.vertx.pgclient.PgException;

/**
 * Turns database refusals into problems a user understands: a taken unique value points at its
 * field, a link to a missing record points at the link, and a record still linked to says who links
 * to it.
 */
@ApplicationScoped
public class RecordErrors {
    @Inject
    RecordStore store;

    <T> Uni<T> explain(Throwable e, String tenant, CompiledForm form, List<LinkRef> links) {
        if (e instanceof PgException pg && "23505".equals(pg.getSqlState())) {
            String field = form.uniqueIndexes().get(pg.getConstraint());
            if (field != null) {
                return Uni.createFrom()
                        .failure(new Conflict("FIELD_NOT_UNIQUE", "Another record already has this " + field + ".",
                                List.of(
                                        new Violation("/data/" + field, "FIELD_NOT_UNIQUE",
                                                "This value is already used by another record."))));
            }
        }
        if (e instanceof PgException pg && "23503".equals(pg.getSqlState())) {
            return store.existingTargets(tenant, links).map(existing -> {
                Set<String> found = new HashSet<>(existing);
                List<Violation> v = new ArrayList<>();
                for (LinkRef l : links) {
                    if (!found.contains(l.targetApp() + "/" + l.targetForm() + "/" + l.targetId())) {
                        v.add(new Violation("/data" + l.field(), "LINK_TARGET_NOT_FOUND", "There is no "
                                + l.targetForm() + " record with id " + l.targetId() + "."));
                    }
                }
                if (v.isEmpty()) {
                    throw new Conflict("LINK_TARGET_GONE", "A linked record was deleted while this one was saved;"
                            + " try again.");
                }
                throw new InvalidInput(422, "RECORD_INVALID", v.size() == 1
                        ? v.get(0).message()
                        : v.size() + " links point at records that do not exist.", v);
            });
        }
        return Uni.createFrom().failure(e);
    }

    <T> Uni<T> explainDelete(Throwable e, String tenant, UUID target) {
        if (e instanceof PgException pg && "23503".equals(pg.getSqlState())) {
            return store.referrers(tenant, target).map(rows -> {
                List<Violation> v = new ArrayList<>();
                rows.forEach(r -> v.add(new Violation("", "RECORD_REFERENCED", "Linked from " + r.getString(1)
                        + " record " + r.getUUID(2) + " (field " + r.getString(3) + ").")));
                throw new Conflict("RECORD_REFERENCED", "This record is still linked from other records; remove"
                        + " those links first.", v);
            });
        }
        return Uni.createFrom().failure(e);
    }
}
