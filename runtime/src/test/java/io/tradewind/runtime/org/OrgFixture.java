package io.tradewind.runtime.org;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.specification.RequestSpecification;
import io.tradewind.runtime.security.PasswordHasher;

/**
 * Test helpers for the organisation API: direct SQL (as the owner, past RLS), extra tenants,
 * sign-in.
 */
final class OrgFixture {
    static final String PASSWORD = "a-long-enough-Pa55";

    private OrgFixture() {
    }

    static Connection jdbc() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class), config
                .getValue("quarkus.datasource.username", String.class), "");
    }

    /**
     * Runs a statement with parameters; answers the first column of the first row as a long (or the row
     * count).
     */
    static long sql(String sql, Object... args) {
        try (Connection c = jdbc(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            if (s.execute()) {
                try (ResultSet r = s.getResultSet()) {
                    return r.next() ? r.getLong(1) : -1;
                }
            }
            return s.getUpdateCount();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Audit entries of a tenant with this action (and target, when not null). */
    static long audits(String tenant, String action, Object target) {
        return target == null
                ? sql("select count(*) from audit_log where tenant_id = ? and action = ?", tenant, action)
                : sql("select count(*) from audit_log where tenant_id = ? and action = ? and target_id = ?", tenant,
                        action, target.toString());
    }

    /**
     * Creates a tenant with one admin (inserted directly, as an operator would) and answers the admin's
     * id.
     */
    static UUID tenantWithAdmin(String tenant, String username) {
        UUID id = UUID.randomUUID();
        sql("insert into tenant (tenant_id, name) values (?, ?)", tenant, tenant);
        sql("insert into role (tenant_id, key, name, built_in) values (?, 'admin', 'Administrator', true)", tenant);
        sql("insert into app_user (tenant_id, id, username, display_name, password_hash) values (?, ?, ?, ?, ?)",
                tenant,
                id, username, username, PasswordHasher.hash(PASSWORD));
        sql("insert into user_role (tenant_id, user_id, role_key) values (?, ?, 'admin')", tenant, id);
        return id;
    }

    /** A fresh access token. */
    static String token(String tenant, String username, String password) {
        return given().contentType("application/json")
                .body("{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"tenant\":\"" + tenant
                        + "\"}")
                .post("/api/auth/token").then().statusCode(200).extract().path("access_token");
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }
}
