package io.tradewind.runtime.boot;

import java.nio.file.Path;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.tradewind.runtime.embedded.EmbeddedPostgres;

/**
 * Entry point of {@code ./tradewind start}. Chooses the database before Quarkus reads its
 * configuration: the server named by {@code TRADEWIND_DB_URL} (or {@code quarkus.datasource.*}),
 * else an embedded PostgreSQL whose data lives in {@code TRADEWIND_DATA_DIR} (default
 * {@code ./.tradewind}).
 */
@QuarkusMain
public final class TradewindMain {
    private TradewindMain() {
    }

    public static void main(String... args) {
        // Liquibase prints an update summary table to standard output; send it to the log instead.
        System.setProperty("liquibase.showSummaryOutput", System.getProperty("liquibase.showSummaryOutput", "log"));
        DatabaseSettings settings = DatabaseSettings.fromEnvironment(System.getenv());
        EmbeddedPostgres embedded = null;
        if (settings == null) {
            Path dataDir = Path.of(env("TRADEWIND_DATA_DIR", ".tradewind"));
            long t0 = System.nanoTime();
            embedded = EmbeddedPostgres.start(dataDir);
            System.out.printf("Embedded PostgreSQL ready on 127.0.0.1:%d in %d ms (data in %s)%n", embedded.port(),
                    (System.nanoTime() - t0) / 1_000_000, dataDir.toAbsolutePath().normalize());
            settings = new DatabaseSettings(embedded.jdbcUrl(EmbeddedPostgres.DATABASE), EmbeddedPostgres.USER, "");
            // Quarkus may end the JVM itself (a failed start calls System.exit), so stop the database
            // from a shutdown hook too; close() is idempotent.
            EmbeddedPostgres db = embedded;
            Runtime.getRuntime().addShutdownHook(new Thread(db::close, "tradewind-embedded-postgres-stop"));
        }
        settings.applyAsSystemProperties();
        try {
            Quarkus.run(args);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
