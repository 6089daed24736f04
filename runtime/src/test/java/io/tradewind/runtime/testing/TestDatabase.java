package io.tradewind.runtime.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A fresh database on a real PostgreSQL server for each test run, dropped afterwards. The server is
 * the machine's ({@code 127.0.0.1:5432}, user {@code postgres}) unless {@code TRADEWIND_TEST_PG}
 * names another ({@code host:port}).
 */
public class TestDatabase implements QuarkusTestResourceLifecycleManager {
    private String server;
    private String user;
    private String database;

    @Override
    public Map<String, String> start() {
        server = System.getenv().getOrDefault("TRADEWIND_TEST_PG", "127.0.0.1:5432");
        user = System.getenv().getOrDefault("TRADEWIND_TEST_PG_USER", "postgres");
        database = "tw_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        exec("create database " + database);
        String url = "postgresql://" + server + "/" + database;
        return Map.of("quarkus.datasource.jdbc.url", "jdbc:" + url, "quarkus.datasource.reactive.url", url,
                "quarkus.datasource.username", user, "quarkus.datasource.password", "");
    }

    @Override
    public void stop() {
        exec("drop database if exists " + database + " with (force)");
    }

    private void exec(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + server + "/postgres", user, "")) {
            c.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Tests need a PostgreSQL server at " + server + " (user " + user
                    + ", trust auth): " + e.getMessage(), e);
        }
    }
}
