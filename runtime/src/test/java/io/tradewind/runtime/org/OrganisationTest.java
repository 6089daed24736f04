package io.tradewind.runtime.org;

import static io.tradewind.runtime.org.OrgFixture.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tradewind.runtime.tenant.TenantDb;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;

@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class OrganisationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @Inject
    Organisation organisation;
    @Inject
    TenantDb db;
    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    private static String post(String path, String body) {
        return Api.asAdmin().body(body).post(path).then().statusCode(201).extract().path("id");
    }

    @Test
    void departmentTreeHoldsTheDepartmentAndEverythingBelow() {
        String root = post("/api/admin/departments", "{\"name\":\"" + unique("Tree ") + "\"}");
        String a = post("/api/admin/departments", "{\"name\":\"A\",\"parentId\":\"" + root + "\"}");
        String a1 = post("/api/admin/departments", "{\"name\":\"A1\",\"parentId\":\"" + a + "\"}");
        String b = post("/api/admin/departments", "{\"name\":\"B\",\"parentId\":\"" + root + "\"}");
        List<UUID> tree = db.run("default", c -> organisation.departmentTree(c, "default", UUID.fromString(a)))
                .await().atMost(WAIT);
        assertEquals(Set.of(UUID.fromString(a), UUID.fromString(a1)), Set.copyOf(tree));
        List<UUID> all = db.run("default", c -> organisation.departmentTree(c, "default", UUID.fromString(root)))
                .await().atMost(WAIT);
        assertEquals(Set.of(UUID.fromString(root), UUID.fromString(a), UUID.fromString(a1), UUID.fromString(b)), Set
                .copyOf(all));
        // another tenant sees nothing of it
        assertEquals(List.of(), db.run("users-none", c -> organisation.departmentTree(c, "users-none", UUID
                .fromString(root))).await().atMost(WAIT));
    }

    @Test
    void managerIsTheUsersOwnElseTheNearestDepartmentManager() {
        String head = post("/api/admin/users", "{\"username\":\"" + unique("head") + "\",\"displayName\":\"H\"}");
        String lead = post("/api/admin/users", "{\"username\":\"" + unique("lead") + "\",\"displayName\":\"L\"}");
        String root = post("/api/admin/departments", "{\"name\":\"" + unique("Mgr ") + "\",\"managerId\":\"" + head
                + "\"}");
        String team = post("/api/admin/departments", "{\"name\":\"Team\",\"parentId\":\"" + root + "\"}");
        String worker = post("/api/admin/users", "{\"username\":\"" + unique("w") + "\",\"displayName\":\"W\","
                + "\"departmentId\":\"" + team + "\"}");
        String direct = post("/api/admin/users", "{\"username\":\"" + unique("d") + "\",\"displayName\":\"D\","
                + "\"departmentId\":\"" + team + "\",\"managerId\":\"" + lead + "\"}");
        String loner = post("/api/admin/users", "{\"username\":\"" + unique("l") + "\",\"displayName\":\"L\"}");
        String headInRoot = head;
        Api.asAdmin().body("{\"departmentId\":\"" + root + "\"}").patch("/api/admin/users/" + headInRoot).then()
                .statusCode(200);

        assertEquals(UUID.fromString(head), organisation.managerOf("default", UUID.fromString(worker)).await()
                .atMost(WAIT));
        assertEquals(UUID.fromString(lead), organisation.managerOf("default", UUID.fromString(direct)).await()
                .atMost(WAIT));
        assertNull(organisation.managerOf("default", UUID.fromString(loner)).await().atMost(WAIT));
        // the head of the root department is not their own manager
        assertNull(organisation.managerOf("default", UUID.fromString(head)).await().atMost(WAIT));
    }

    @Test
    void ensureRolesCreatesMissingRolesAndKeepsExistingOnes() {
        String key = "app_" + UUID.randomUUID().toString().substring(0, 8);
        Api.asAdmin().body("{\"key\":\"" + key + "\",\"name\":\"Renamed by admin\"}").post("/api/admin/roles").then()
                .statusCode(201);
        String fresh = key + "_new";
        pool.withTransaction(c -> Roles.ensureRoles(c, "default", List.of(new Roles.Declared(key, "From app"),
                new Roles.Declared(fresh, "Fresh")))).await().atMost(WAIT);
        Api.asAdmin().get("/api/admin/roles/" + key).then().statusCode(200)
                .body("name", org.hamcrest.Matchers.equalTo("Renamed by admin"));
        Api.asAdmin().get("/api/admin/roles/" + fresh).then().statusCode(200)
                .body("name", org.hamcrest.Matchers.equalTo("Fresh"));
    }
}
