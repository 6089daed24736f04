package io.tradewind.runtime.boot;

import java.util.Map;

/**
 * Where the database is: a JDBC URL plus credentials, turned into both the JDBC (Liquibase) and the
 * reactive (Vert.x) datasource settings.
 */
public record DatabaseSettings(String jdbcUrl, String user, String password) {

    /**
     * Reads {@code TRADEWIND_DB_URL}, {@code TRADEWIND_DB_USER} and {@code TRADEWIND_DB_PASSWORD}. The
     * URL may be a JDBC URL ({@code jdbc:postgresql://host:5432/db}) or a libpq URL
     * ({@code postgresql://host:5432/db}). Returns null when no external database is configured
     * (neither these variables nor {@code quarkus.datasource.jdbc.url}).
     */
    public static DatabaseSettings fromEnvironment(Map<String, String> env) {
        String url = env.get("TRADEWIND_DB_URL");
        if (url == null || url.isBlank()) {
            String quarkusUrl = System.getProperty("quarkus.datasource.jdbc.url",
                    env.getOrDefault("QUARKUS_DATASOURCE_JDBC_URL", ""));
            return quarkusUrl.isBlank()
                    ? null
                    : new DatabaseSettings(quarkusUrl, env.get("QUARKUS_DATASOURCE_USERNAME"),
                            env.get("QUARKUS_DATASOURCE_PASSWORD"));
        }
        return new DatabaseSettings(toJdbc(url.trim()), env.getOrDefault("TRADEWIND_DB_USER", "postgres"),
                env.getOrDefault("TRADEWIND_DB_PASSWORD", ""));
    }

    static String toJdbc(String url) {
        if (url.startsWith("jdbc:postgresql://")) {
            return url;
        }
        if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
            return "jdbc:postgresql://" + url.substring(url.indexOf("://") + 3);
        }
        throw new IllegalArgumentException("TW-BOOT-001 TRADEWIND_DB_URL must look like"
                + " jdbc:postgresql://host:5432/database or postgresql://host:5432/database, not '" + url + "'");
    }

    /** The same location as a Vert.x reactive client URL. */
    public String reactiveUrl() {
        return jdbcUrl.substring("jdbc:".length());
    }

    /** Hands the settings to Quarkus, whose configuration reads system properties at start-up. */
    public void applyAsSystemProperties() {
        System.setProperty("quarkus.datasource.jdbc.url", jdbcUrl);
        System.setProperty("quarkus.datasource.reactive.url", reactiveUrl());
        if (user != null) {
            System.setProperty("quarkus.datasource.username", user);
        }
        if (password != null) {
            System.setProperty("quarkus.datasource.password", password);
        }
    }
}
