package io.tradewind.runtime.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;

class EmbeddedPostgresTest {

    @Test
    void dataSurvivesAStopAndARestart() throws Exception {
        Path dir = Files.createTempDirectory("tw-embedded");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir)) {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(EmbeddedPostgres.DATABASE), "postgres", "")) {
                c.createStatement().execute("create table kept (v text)");
                c.createStatement().execute("insert into kept values ('still here')");
            }
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir)) {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(EmbeddedPostgres.DATABASE), "postgres", "");
                    ResultSet rs = c.createStatement().executeQuery("select v, version() from kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("still here");
                assertThat(rs.getString(2)).startsWith("PostgreSQL 17");
            }
        }
    }

    @Test
    void aSecondProcessCannotShareTheDataFolder() throws Exception {
        Path dir = Files.createTempDirectory("tw-embedded");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> EmbeddedPostgres.start(dir));
            assertThat(e.getMessage()).contains("another Tradewind process is using the data folder");
        }
    }
}
