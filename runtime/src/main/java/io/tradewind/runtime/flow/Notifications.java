package io.tradewind.runtime.flow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** The in-app inbox: notifications flows write for users. */
final class Notifications {
    private Notifications() {
    }

    static Uni<Void> insert(SqlConnection c, String tenant, List<FlowRun.Note> notes, Instant at) {
        if (notes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>();
        for (FlowRun.Note n : notes) {
            batch.add(Tuple.from(new Object[]{tenant, UUID.randomUUID(), n.user(), n.kind(), n.title(),
                    n.link() == null ? null : n.link().toString(), FlowStore.utc(at)}));
        }
        return c.preparedQuery("insert into notification (tenant_id, id, user_id, kind, title, link, created_at)"
                + " select $1, $2, $3, $4, $5, $6::text::jsonb, $7 where exists (select 1 from app_user where"
                + " tenant_id = $1 and id = $3)").executeBatch(batch).replaceWithVoid();
    }
}
