package io.tradewind.runtime.org;

import static io.tradewind.runtime.org.OrgFixture.audits;
import static io.tradewind.runtime.org.OrgFixture.sql;
import static io.tradewind.runtime.org.OrgFixture.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;

@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class DepartmentsApiTest {
    private static final String OTHER = "dept-other";
    private static String otherToken;

    @BeforeEach
    void otherTenant() {
        if (sql("select count(*) from tenant where tenant_id = ?", OTHER) == 0) {
            OrgFixture.tenantWithAdmin(OTHER, "boss");
        }
        otherToken = OrgFixture.token(OTHER, "boss", OrgFixture.PASSWORD);
    }

    private static RequestSpecification admin() {
        return Api.asAdmin();
    }

    private static String create(String body) {
        return admin().body(body).post("/api/admin/departments").then().statusCode(201).extract().path("id");
    }

    @Test
    void departmentsFormATreeWithPathsAndNesting() {
        String top = unique("Sales ");
        String root = create("{\"name\":\"" + top + "\"}");
        String export = create("{\"name\":\"Export\",\"parentId\":\"" + root + "\"}");
        String asia = create("{\"name\":\"Asia\",\"parentId\":\"" + export + "\"}");

        admin().get("/api/admin/departments/" + asia).then().statusCode(200)
                .body("parentId", equalTo(export))
                .body("depth", equalTo(2))
                .body("path", contains(top, "Export", "Asia"));
        admin().get("/api/admin/departments").then().statusCode(200)
                .body("items.id", hasItem(asia))
                .body("items.find { it.id == '" + export + "' }.path", contains(top, "Export"));
        admin().get("/api/admin/departments?tree=true").then().statusCode(200)
                .body("items.find { it.id == '" + root + "' }.children[0].id", equalTo(export))
                .body("items.find { it.id == '" + root + "' }.children[0].children[0].name", equalTo("Asia"));
        assertEquals(1, audits("default", "department.create", asia));
    }

    @Test
    void renameMoveAndManagerAreUpdatedAndAudited() {
        String a = create("{\"name\":\"" + unique("A ") + "\"}");
        String b = create("{\"name\":\"" + unique("B ") + "\"}");
        String adminId = sqlText("select id::text from app_user where tenant_id = 'default' and username = 'admin'");
        admin().body("{\"name\":\"Renamed\",\"parentId\":\"" + a + "\",\"managerId\":\"" + adminId + "\"}")
                .patch("/api/admin/departments/" + b).then().statusCode(200)
                .body("name", equalTo("Renamed"))
                .body("parentId", equalTo(a))
                .body("managerId", equalTo(adminId))
                .body("depth", equalTo(1));
        assertEquals(1, audits("default", "department.update", b));
        admin().body("{\"parentId\":null}").patch("/api/admin/departments/" + b).then().statusCode(200)
                .body("parentId", nullValue()).body("depth", equalTo(0));
        assertEquals(2, audits("default", "department.update", b));
    }

    @Test
    void aParentThatMakesACycleIsRefused() {
        String a = create("{\"name\":\"" + unique("Cyc ") + "\"}");
        String b = create("{\"name\":\"Child\",\"parentId\":\"" + a + "\"}");
        String c = create("{\"name\":\"Grandchild\",\"parentId\":\"" + b + "\"}");
        admin().body("{\"parentId\":\"" + c + "\"}").patch("/api/admin/departments/" + a).then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("DEPARTMENT_CYCLE"))
                .body("errors[0].pointer", equalTo("/parentId"));
        admin().body("{\"parentId\":\"" + a + "\"}").patch("/api/admin/departments/" + a).then().statusCode(422)
                .body("errors[0].pointer", equalTo("/parentId"));
        admin().get("/api/admin/departments/" + a).then().body("parentId", nullValue());
        assertEquals(0, audits("default", "department.update", a));
    }

    @Test
    void siblingNamesAreUniqueIgnoringCase() {
        String parent = create("{\"name\":\"" + unique("P ") + "\"}");
        create("{\"name\":\"Logistics\",\"parentId\":\"" + parent + "\"}");
        long before = audits("default", "department.create", null);
        admin().body("{\"name\":\"LOGISTICS\",\"parentId\":\"" + parent + "\"}").post("/api/admin/departments")
                .then().statusCode(409)
                .body("code", equalTo("DEPARTMENT_NAME_TAKEN"))
                .body("errors[0].pointer", equalTo("/name"));
        assertEquals(before, audits("default", "department.create", null));
        // the same name under another parent is fine
        create("{\"name\":\"Logistics\",\"parentId\":\"" + create("{\"name\":\"" + unique("Q ") + "\"}") + "\"}");
    }

    @Test
    void deleteRefusesADepartmentWithChildrenOrMembers() {
        String parent = create("{\"name\":\"" + unique("Del ") + "\"}");
        String child = create("{\"name\":\"Leaf\",\"parentId\":\"" + parent + "\"}");
        admin().delete("/api/admin/departments/" + parent).then().statusCode(409)
                .body("code", equalTo("DEPARTMENT_HAS_CHILDREN"));
        String user = admin().body("{\"username\":\"" + unique("leaf") + "\",\"displayName\":\"Leaf member\","
                + "\"departmentId\":\"" + child + "\"}").post("/api/admin/users").then().statusCode(201)
                .extract().path("id");
        admin().delete("/api/admin/departments/" + child).then().statusCode(409)
                .body("code", equalTo("DEPARTMENT_HAS_MEMBERS"));
        assertEquals(0, audits("default", "department.delete", child));

        admin().body("{\"departmentId\":null}").patch("/api/admin/users/" + user).then().statusCode(200);
        admin().delete("/api/admin/departments/" + child).then().statusCode(204);
        admin().delete("/api/admin/departments/" + parent).then().statusCode(204);
        admin().get("/api/admin/departments/" + parent).then().statusCode(404)
                .body("code", equalTo("DEPARTMENT_NOT_FOUND"));
        assertEquals(1, audits("default", "department.delete", parent));
    }

    @Test
    void hostileBodiesAreRefusedWithPointersAndChangeNothing() {
        long before = sql("select count(*) from department");
        admin().body("{\"name\":\"" + "x".repeat(10_000) + "\"}").post("/api/admin/departments").then()
                .statusCode(422).body("code", equalTo("TOO_LONG")).body("errors[0].pointer", equalTo("/name"));
        admin().body("{\"name\":\"a\\u0000b\"}").post("/api/admin/departments").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/name"));
        admin().body("{\"name\":5}").post("/api/admin/departments").then()
                .statusCode(422).body("code", equalTo("WRONG_TYPE")).body("errors[0].pointer", equalTo("/name"));
        admin().body("{}").post("/api/admin/departments").then()
                .statusCode(422).body("code", equalTo("REQUIRED")).body("errors[0].pointer", equalTo("/name"));
        admin().body("{\"name\":\"Ok\",\"colour\":\"red\"}").post("/api/admin/departments").then()
                .statusCode(422).body("code", equalTo("UNKNOWN_PROPERTY"))
                .body("errors[0].pointer", equalTo("/colour"));
        admin().body("{\"name\":\"Ok\",\"parentId\":\"not-a-uuid\"}").post("/api/admin/departments").then()
                .statusCode(422).body("code", equalTo("NOT_AN_ID")).body("errors[0].pointer", equalTo("/parentId"));
        admin().body("{\"name\":\"Ok\",\"parentId\":\"" + UUID.randomUUID() + "\",\"managerId\":\"" + UUID
                .randomUUID() + "\"}").post("/api/admin/departments").then()
                .statusCode(422).body("errors.pointer", contains("/parentId", "/managerId"));
        admin().body("[1,2]").post("/api/admin/departments").then().statusCode(400);
        admin().get("/api/admin/departments/' or 1=1 --").then().statusCode(404);
        assertEquals(before, sql("select count(*) from department"));
    }

    @Test
    void anotherTenantsDepartmentsAreInvisible() {
        String mine = create("{\"name\":\"" + unique("Mine ") + "\"}");
        String theirs = OrgFixture.as(otherToken).body("{\"name\":\"Theirs\"}").post("/api/admin/departments")
                .then().statusCode(201).extract().path("id");
        admin().get("/api/admin/departments/" + theirs).then().statusCode(404);
        admin().body("{\"name\":\"Stolen\"}").patch("/api/admin/departments/" + theirs).then().statusCode(404);
        admin().delete("/api/admin/departments/" + theirs).then().statusCode(404);
        admin().body("{\"name\":\"X\",\"parentId\":\"" + theirs + "\"}").post("/api/admin/departments").then()
                .statusCode(422).body("code", equalTo("DEPARTMENT_NOT_FOUND"))
                .body("errors[0].pointer", equalTo("/parentId"));
        OrgFixture.as(otherToken).get("/api/admin/departments").then().statusCode(200)
                .body("items.id", equalTo(List.of(theirs)));
        OrgFixture.as(otherToken).get("/api/admin/departments/" + mine).then().statusCode(404);
        assertEquals(1, sql("select count(*) from department where tenant_id = ? and name = 'Theirs'", OTHER));
    }

    @Test
    void nonAdminsAreRefusedAndNothingChanges() {
        String name = unique("plain");
        admin().body("{\"username\":\"" + name + "\",\"displayName\":\"Plain\",\"password\":\"" + OrgFixture.PASSWORD
                + "\"}").post("/api/admin/users").then().statusCode(201);
        String token = OrgFixture.token("default", name, OrgFixture.PASSWORD);
        String d = create("{\"name\":\"" + unique("Guarded ") + "\"}");
        OrgFixture.as(token).get("/api/admin/departments").then().statusCode(403).body("code", equalTo("ADMIN_ONLY"));
        OrgFixture.as(token).body("{\"name\":\"Nope\"}").post("/api/admin/departments").then().statusCode(403);
        OrgFixture.as(token).body("{\"name\":\"Nope\"}").patch("/api/admin/departments/" + d).then().statusCode(403);
        OrgFixture.as(token).delete("/api/admin/departments/" + d).then().statusCode(403);
        admin().get("/api/admin/departments/" + d).then().statusCode(200).body("name", org.hamcrest.Matchers
                .startsWith("Guarded "));
        assertEquals(0, sql("select count(*) from department where name = 'Nope'"));
    }

    private static String sqlText(String query) {
        try (var c = OrgFixture.jdbc(); var s = c.createStatement(); var r = s.executeQuery(query)) {
            r.next();
            return r.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
