package io.tradewind.runtime.form;

import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * What the form engine tells the flow engine about record writes, inside the write's transaction,
 * so a record change and the flow work it triggers commit or roll back together (DESIGN §4).
 */
public interface RecordTriggers {

    /** Whether a flow of the app starts on, or keeps a timer by, writes of this form. */
    boolean watches(String tenant, String app, String form);

    /**
     * A record was written through {@code c}; called after the write, before the commit.
     *
     * @param version
     *            the version written (for a delete, the last version the record had)
     * @param action
     *            {@code create}, {@code update} or {@code delete}
     * @param actor
     *            the user who wrote it, null for the system
     */
    Uni<Void> written(SqlConnection c, String tenant, String app, String form, UUID record, int version,
            String action, UUID actor);
}
