package io.tradewind.runtime.form;

import java.time.LocalDate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Autonumbers from PostgreSQL sequences, one per tenant, form, field and period (a pattern with
 * {yyyy} starts again each year). Sequences hand out unique, increasing numbers under any
 * concurrency without holding a lock until commit; a number taken by a write that then fails is not
 * reused (numbers may have gaps, never duplicates).
 */
@ApplicationScoped
public class Autonumbers {
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    @Inject
    Pool pool;

    public Uni<String> next(String tenant, CompiledForm form, CompiledForm.Autonumber a, LocalDate today) {
        String period = a.periodKey().apply(today);
        String seq = "twseq_" + hash(tenant + "|" + form.app() + "|" + form.key() + "|" + a.field() + "|" + period);
        Uni<Void> ensure = known.contains(seq)
                ? Uni.createFrom().voidItem()
                : pool.query("create sequence if not exists " + seq).execute()
                        .onFailure().recoverWithNull() // a concurrent creation of the same sequence is fine
                        .invoke(() -> known.add(seq)).replaceWithVoid();
        return ensure.flatMap(x -> pool.query("select nextval('" + seq + "')").execute())
                .map(rows -> a.format().apply(today, rows.iterator().next().getLong(0)));
    }

    private static String hash(String s) {
        return io.tradewind.runtime.support.Hashes.sha256Hex(s, 20);
    }
}
