package io.tradewind.runtime.tenant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Tenants: the admin API, isolation of every record endpoint between tenants, and row-level
 * security as a second wall behind the application's own tenant filter.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class TenantsTest {
    private static final String PASSWORD = "acme-admin-Pa55word";
    private static final String COMPANY = "/api/apps/lab/forms/company/records";

    @Inject
    TenantDb tenantDb;
    @Inject
    Pool pool;

    @BeforeEach
    void acmeExists() {
        if (given().spec(Api.asAdmin()).get("/api/admin/tenants/acme").statusCode() == 404) {
            Api.asAdmin().body("{\"id\": \"acme\", \"name\": \"ACME Trading\", \"timeZone\": \"Asia/Shanghai\","
                    + " \"adminPassword\": \"" + PASSWORD + "\"}").post("/api/admin/tenants").then().statusCode(201)
                    .body("id", equalTo("acme")).body("timeZone", equalTo("Asia/Shanghai"))
                    .body("disabled", equalTo(false));
        }
    }

    static String acmeToken() {
        return given().contentType("application/json")
                .body("{\"username\": \"admin\", \"password\": \"" + PASSWORD + "\", \"tenant\": \"acme\"}")
                .post("/api/auth/token").then().statusCode(200).extract().path("access_token");
    }

    static RequestSpecification asAcme() {
        return given().header("Authorization", "Bearer " + acmeToken()).contentType("application/json");
    }

    @Test
    void aNewTenantHasItsOwnAdminAndTheInstalledAppsAndAppRoles() {
        Api.asAdmin().get("/api/admin/tenants").then().statusCode(200).body("items.id", hasItem("acme"))
                .body("items.id", hasItem("default"));
        asAcme().get("/api/apps").then().statusCode(200).body("items.key", hasItem("trade-crm"));
        List<String> roles = rows("select key from role where tenant_id = 'acme' order by key").stream()
                .map(r -> r.getString(0)).toList();
        assertThat(roles).contains("admin", "sales_rep");
        assertThat(rows("select count(*) from audit_log where tenant_id = 'default' and action = 'tenant.create'"
                + " and target_id = 'acme'").get(0).getLong(0)).isEqualTo(1);
    }

    @Test
    void anotherTenantsRecordIsNotFoundThroughEveryRecordEndpoint() {
        String id = Api.asAdmin().body("{\"name\": \"Default Only GmbH\"}").post(COMPANY).then().statusCode(201)
                .extract().path("id");
        RequestSpecification acme = asAcme();
        for (String path : List.of(COMPANY + "/" + id, COMPANY + "/" + id + "/history")) {
            given().spec(acme).get(path).then().statusCode(404).body("code", equalTo("RECORD_NOT_FOUND"));
        }
        given().spec(acme).body("{\"name\": \"Taken over\"}").patch(COMPANY + "/" + id).then().statusCode(404);
        given().spec(acme).delete(COMPANY + "/" + id).then().statusCode(404);
        given().spec(acme).get(COMPANY).then().statusCode(200).body("items.id", org.hamcrest.Matchers.not(hasItem(
                id)));
        // a link to another tenant's record is refused like a link to nothing
        given().spec(acme).body("{\"company\": \"" + id + "\", \"date\": \"2026-01-02\"}")
                .post("/api/apps/lab/forms/invoice/records").then().statusCode(422);
        // nothing changed for the owner
        Api.asAdmin().get(COMPANY + "/" + id).then().statusCode(200).body("data.name", equalTo("Default Only GmbH"))
                .body("version", equalTo(1));
    }

    @Test
    void rowLevelSecurityHidesOtherTenantsEvenFromAQueryWithoutATenantCondition() {
        Api.asAdmin().body("{\"name\": \"Wall One\"}").post(COMPANY).then().statusCode(201);
        asAcme().body("{\"name\": \"Wall Two\"}").post(COMPANY).then().statusCode(201);
        long all = rows("select count(*) from record").get(0).getLong(0);
        Row seen = tenantDb.run("acme", c -> c.query("select count(*), count(*) filter (where tenant_id <> 'acme'),"
                + " (select count(*) from app_user), (select count(*) from record_history),"
                + " (select count(*) from tenant) from record").execute().map(rs -> rs.iterator().next()))
                .await().indefinitely();
        assertThat(seen.getLong(0)).isPositive().isLessThan(all);
        assertThat(seen.getLong(1)).isZero();
        assertThat(seen.getLong(2)).isEqualTo(1); // acme's admin only
        assertThat(seen.getLong(4)).isEqualTo(1); // its own tenant row only
        // writing a row for another tenant is refused by the policy's check
        assertThatThrownBy(() -> tenantDb.run("acme", c -> c.query("update record set tenant_id = 'default'"
                + " where tenant_id = 'acme'").execute()).await().indefinitely())
                .hasMessageContaining("row-level security");
        // without a tenant setting nothing is visible at all
        long none = tenantDb.run("", c -> c.query("select count(*) from record").execute()
                .map(rs -> rs.iterator().next().getLong(0))).await().indefinitely();
        assertThat(none).isZero();
    }

    @Test
    void aPipelinedSingleStatementIsIsolatedAndLeavesItsConnectionClean() {
        Api.asAdmin().body("{\"name\": \"Wall Three\"}").post(COMPANY).then().statusCode(201);
        long foreign = tenantDb.single("acme", c -> c.query("select count(*) from record where tenant_id <> 'acme'")
                .execute().map(rs -> rs.iterator().next().getLong(0))).await().indefinitely();
        assertThat(foreign).isZero();
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> tenantDb.single("acme", c -> c.query("select 1 / 0").execute()).await()
                    .indefinitely()).hasMessageContaining("division by zero");
        }
        assertThatThrownBy(() -> tenantDb.single("acme", c -> c.query("insert into record_history (tenant_id,"
                + " record_id, app_key, form_key, version, action, at) values ('default', gen_random_uuid(), 'x',"
                + " 'y', 1, 'create', now())").execute()).await().indefinitely())
                .hasMessageContaining("row-level security");
        // every pooled connection is back to the owner's role, outside any transaction, with no tenant set
        for (int i = 0; i < 40; i++) {
            Row r = pool.query("select current_user, coalesce(current_setting('tradewind.tenant', true), ''),"
                    + " now() = statement_timestamp()").execute().map(rs -> rs.iterator().next()).await()
                    .indefinitely();
            assertThat(r.getString(0)).isNotEqualTo(TenantDb.ROLE);
            assertThat(r.getString(1)).isEmpty();
            assertThat(r.getBoolean(2)).isTrue();
        }
    }

    @Test
    void aDisabledTenantsTokensStopAtOnceAndItCannotSignIn() {
        given().contentType("application/json").body("{\"id\": \"shortlived\", \"name\": \"Short\","
                + " \"adminPassword\": \"" + PASSWORD + "\"}").header("Authorization", "Bearer "
                        + Api.token("admin",
                                Api.ADMIN_PASSWORD))
                .post("/api/admin/tenants").then().statusCode(201);
        String body = "{\"username\": \"admin\", \"password\": \"" + PASSWORD + "\", \"tenant\": \"shortlived\"}";
        String token = given().contentType("application/json").body(body).post("/api/auth/token").then()
                .statusCode(200).extract().path("access_token");
        given().header("Authorization", "Bearer " + token).get("/api/apps").then().statusCode(200);
        Api.asAdmin().body("{\"disabled\": true}").patch("/api/admin/tenants/shortlived").then().statusCode(200)
                .body("disabled", equalTo(true));
        given().header("Authorization", "Bearer " + token).get("/api/apps").then().statusCode(401);
        given().contentType("application/json").body(body).post("/api/auth/token").then().statusCode(401);
        assertThat(rows("select count(*) from audit_log where action = 'tenant.disable' and target_id ="
                + " 'shortlived'").get(0).getLong(0)).isEqualTo(1);
        Api.asAdmin().body("{\"disabled\": false}").patch("/api/admin/tenants/shortlived").then().statusCode(200);
        given().contentType("application/json").body(body).post("/api/auth/token").then().statusCode(200);
    }

    @Test
    void onlyAdminsOfTheSystemTenantManageTenants() {
        asAcme().get("/api/admin/tenants").then().statusCode(403).body("code", equalTo("SYSTEM_ADMIN_ONLY"));
        asAcme().body("{\"id\": \"evil\", \"name\": \"Evil\", \"adminPassword\": \"" + PASSWORD + "\"}")
                .post("/api/admin/tenants").then().statusCode(403);
        asAcme().body("{\"disabled\": true}").patch("/api/admin/tenants/default").then().statusCode(403);
        Api.asAdmin().get("/api/admin/tenants/evil").then().statusCode(404).body("code", equalTo("TENANT_NOT_FOUND"));
        Api.asAdmin().body("{\"disabled\": true}").patch("/api/admin/tenants/default").then().statusCode(409)
                .body("code", equalTo("TENANT_SYSTEM"));
    }

    @Test
    void badTenantInputIsRefusedWithPointersAndCreatesNothing() {
        long before = rows("select count(*) from tenant").get(0).getLong(0);
        Api.asAdmin().body("{\"id\": \"Bad Id; drop table tenant\", \"name\": 5, \"timeZone\": \"Mars/Olympus\","
                + " \"adminPassword\": \"short\", \"owner\": \"me\"}").post("/api/admin/tenants").then()
                .statusCode(422)
                .body("errors.pointer", hasItem("/id")).body("errors.pointer", hasItem("/name"))
                .body("errors.pointer", hasItem("/timeZone")).body("errors.pointer", hasItem("/adminPassword"))
                .body("errors.pointer", hasItem("/owner"));
        Api.asAdmin().body("{\"id\": \"acme\", \"name\": \"Again\", \"adminPassword\": \"" + PASSWORD + "\"}")
                .post("/api/admin/tenants").then().statusCode(409).body("code", equalTo("TENANT_EXISTS"));
        Api.asAdmin().body("[1, 2]").post("/api/admin/tenants").then().statusCode(400)
                .body("code", equalTo("BODY_NOT_OBJECT"));
        Api.asAdmin().body("{\"name\": \"x\".repeat}").post("/api/admin/tenants").then().statusCode(400)
                .body("code", equalTo("BODY_MALFORMED"));
        Api.asAdmin().body("{\"disabled\": \"yes\"}").patch("/api/admin/tenants/acme").then().statusCode(422)
                .body("errors[0].pointer", equalTo("/disabled"));
        assertThat(rows("select count(*) from tenant").get(0).getLong(0)).isEqualTo(before);
        Api.asAdmin().get("/api/admin/tenants/acme").then().statusCode(200).body("name", equalTo("ACME Trading"));
    }

    private List<Row> rows(String sql) {
        return pool.query(sql).execute().map(rs -> {
            List<Row> out = new java.util.ArrayList<>();
            rs.forEach(out::add);
            return out;
        }).await().indefinitely();
    }
}
