package io.tradewind.runtime.flow;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.form.RecordTriggers;
import io.tradewind.runtime.job.JobQueue;
import io.tradewind.runtime.job.NewJob;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Record writes of watched forms become a {@code flow.record} job in the write's own transaction:
 * the job commits exactly when the record does, and its handler starts the flows whose trigger
 * matches (or plans their relative-date timers) after the commit, at most once per write.
 */
@ApplicationScoped
public class FlowTriggers implements RecordTriggers {
    @Inject
    FlowCatalog catalog;
    @Inject
    JobQueue jobs;

    @Override
    public boolean watches(String tenant, String app, String form) {
        return catalog.watches(tenant, app, form);
    }

    @Override
    public Uni<Void> written(SqlConnection c, String tenant, String app, String form, UUID record, int version,
            String action, UUID actor) {
        var payload = Instance.JSON.objectNode().put("app", app).put("form", form).put("record", record.toString())
                .put("version", version).put("action", action);
        if (actor != null) {
            payload.put("actor", actor.toString());
        }
        String key = "rec:" + record + ":" + (action.equals("delete") ? "delete" : version + ":" + action);
        return jobs.enqueue(c, tenant, NewJob.of(FlowJobs.RECORD, payload).idempotencyKey(key)).replaceWithVoid();
    }
}
