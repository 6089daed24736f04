package io.tradewind.bench.flow;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * Commits and rows written in one database, from {@code pg_stat_database}, to tell how much database work an
 * instance costs each side. PostgreSQL's backends publish their counters at most once a second while busy and
 * within ten seconds once idle, so a reading waits {@link #SETTLE_MS} first.
 */
final class DbStats {
    static final long SETTLE_MS = 11_000;

    private final String url;
    private final String user;

    DbStats(String url, String user) {
        this.url = url;
        this.user = user;
    }

    /**
     * Refreshes the planner's statistics of one database, as autovacuum does in a running system: the benchmark fills
     * fresh tables within seconds, faster than autovacuum notices, and a plan cached while they were empty would
     * otherwise serve the whole window. Run untimed before each measured window, on every side.
     */
    void analyze(String database) throws Exception {
        try (Connection c = DriverManager.getConnection(url.replaceFirst("/[^/]*$", "/" + database), user, null)) {
            c.createStatement().execute("analyze");
        }
    }

    /** {commits, rows inserted + updated + deleted} of the database, after the counters settled. */
    long[] read(String database) throws Exception {
        Thread.sleep(SETTLE_MS);
        try (Connection c = DriverManager.getConnection(url, user, null);
                PreparedStatement s = c.prepareStatement("select xact_commit, tup_inserted + tup_updated + tup_deleted"
                        + " from pg_stat_database where datname = ?")) {
            s.setString(1, database);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new long[] {r.getLong(1), r.getLong(2)};
            }
        }
    }
}
