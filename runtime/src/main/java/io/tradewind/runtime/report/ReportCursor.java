package io.tradewind.runtime.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.tenant.TenantDb;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads the rows of a compiled report statement through a database cursor, a batch at a time, so
 * that a large result never sits in memory as a whole. The cursor lives in one transaction scoped
 * to the statement's tenant exactly like {@link TenantDb#run} (role {@code tradewind_tenant},
 * {@code tradewind.tenant} set, so row-level security applies); the transaction commits when the
 * last row has been read and rolls back when the reader fails or cancels. The connection is held
 * for as long as the reader takes.
 */
@ApplicationScoped
public class ReportCursor {
    /** Rows fetched from the server per round trip, and rows per batch emitted. */
    static final int FETCH = 500;

    @Inject
    Pool pool;

    private record Open(SqlConnection conn, Transaction tx) {
    }

    /** The statement's rows as report cells, in batches of at most {@value #FETCH}, in order. */
    public Multi<List<List<Object>>> batches(ReportCompiler.Compiled statement) {
        String tenant = (String) statement.params().get(0);
        int width = statement.columns().size();
        Supplier<Uni<Open>> open = () -> pool.getConnection().flatMap(conn -> conn.begin()
                .call(tx -> TenantDb.enter(conn, tenant))
                .map(tx -> new Open(conn, tx))
                .onFailure().call(conn::close));
        return Multi.createFrom().resourceFromUni(open, o -> o.conn().prepare(statement.sql())
                .onItem().transformToMulti(ps -> ps.createStream(FETCH, Tuple.from(statement.params())).toMulti())
                .map(row -> cells(row, width))
                .group().intoLists().of(FETCH))
                .withFinalizer(o -> o.tx().commit().eventually(() -> o.conn().close()),
                        (o, failure) -> end(o),
                        ReportCursor::end);
    }

    private static Uni<Void> end(Open o) {
        return o.tx().rollback().onFailure().recoverWithNull().eventually(() -> o.conn().close());
    }

    private static List<Object> cells(Row r, int width) {
        List<Object> row = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            row.add(ReportCells.cell(r.getValue(i)));
        }
        return row;
    }
}
