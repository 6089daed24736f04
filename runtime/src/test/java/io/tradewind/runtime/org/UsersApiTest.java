package io.tradewind.runtime.org;

import static io.restassured.RestAssured.given;
import static io.tradewind.runtime.org.OrgFixture.PASSWORD;
import static io.tradewind.runtime.org.OrgFixture.as;
import static io.tradewind.runtime.org.OrgFixture.audits;
import static io.tradewind.runtime.org.OrgFixture.sql;
import static io.tradewind.runtime.org.OrgFixture.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
class UsersApiTest {
    private static final String OTHER = "users-other";
    private static String otherToken;
    private static UUID otherAdmin;

    @BeforeEach
    void otherTenant() {
        if (sql("select count(*) from tenant where tenant_id = ?", OTHER) == 0) {
            otherAdmin = OrgFixture.tenantWithAdmin(OTHER, "boss");
        }
        otherToken = OrgFixture.token(OTHER, "boss", PASSWORD);
    }

    private static RequestSpecification admin() {
        return Api.asAdmin();
    }

    private static String createUser(String username, String extra) {
        return admin().body("{\"username\":\"" + username + "\",\"displayName\":\"" + username + "\",\"password\":\""
                + PASSWORD + "\"" + extra + "}").post("/api/admin/users").then().statusCode(201).extract().path("id");
    }

    private static String adminId() {
        return admin().get("/api/admin/users?q=admin&limit=200").then().statusCode(200)
                .extract().path("items.find { it.username == 'admin' }.id");
    }

    @Test
    void createdUserIsShownWithoutItsPasswordAndFoundByFilters() {
        String dept = admin().body("{\"name\":\"" + unique("Users ") + "\"}").post("/api/admin/departments").then()
                .statusCode(201).extract().path("id");
        admin().body("{\"key\":\"clerk\",\"name\":\"Clerk\"}").post("/api/admin/roles");
        String name = unique("mia");
        String body = admin()
                .body("{\"username\":\"" + name + "\",\"displayName\":\"Mia Chen\",\"email\":\"mia@example.org\","
                        + "\"password\":\"" + PASSWORD + "\",\"departmentId\":\"" + dept + "\",\"managerId\":\""
                        + adminId()
                        + "\",\"roles\":[\"clerk\"]}")
                .post("/api/admin/users").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/api/admin/users/"))
                .body("username", equalTo(name))
                .body("displayName", equalTo("Mia Chen"))
                .body("departmentId", equalTo(dept))
                .body("managerId", equalTo(adminId()))
                .body("roles", contains("clerk"))
                .body("hasPassword", equalTo(true))
                .body("disabled", equalTo(false))
                .extract().asString();
        assertFalse(body.contains("argon2") || body.toLowerCase().contains("hash\""), body);
        String id = io.restassured.path.json.JsonPath.from(body).getString("id");

        admin().get("/api/admin/users/" + id).then().statusCode(200).body("email", equalTo("mia@example.org"))
                .body("$", not(org.hamcrest.Matchers.hasKey("passwordHash")));
        admin().get("/api/admin/users?q=MIA CH").then().statusCode(200).body("items.id", hasItem(id));
        admin().get("/api/admin/users?departmentId=" + dept).then().statusCode(200).body("items.id", contains(id));
        admin().get("/api/admin/users?role=clerk").then().statusCode(200).body("items.id", hasItem(id));
        admin().get("/api/admin/users?q=%25").then().statusCode(200).body("items", hasSize(0));
        assertEquals(1, audits("default", "user.create", id));
        assertEquals(1, sql("select count(*) from audit_log where action = 'user.create' and target_id = ?"
                + " and actor_name = 'admin' and source_ip is not null and detail ->> 'username' = ?", id, name));
        // the new user signs in with the password the admin set
        OrgFixture.token("default", name, PASSWORD);
    }

    @Test
    void listPagesWithACursor() {
        String prefix = unique("page");
        for (int i = 0; i < 3; i++) {
            createUser(prefix + "_" + i, "");
        }
        var first = admin().get("/api/admin/users?q=" + prefix + "&limit=2").then().statusCode(200)
                .body("items.username", contains(prefix + "_0", prefix + "_1"))
                .body("nextCursor", notNullValue()).extract();
        admin().get("/api/admin/users?q=" + prefix + "&limit=2&cursor=" + first.path("nextCursor")).then()
                .statusCode(200).body("items.username", contains(prefix + "_2")).body("nextCursor", nullValue());
        admin().get("/api/admin/users?limit=100000").then().statusCode(400).body("errors[0].pointer",
                equalTo("/limit"));
        admin().get("/api/admin/users?departmentId=nope").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/departmentId"));
        admin().queryParam("q", "a\u0000b").get("/api/admin/users").then().statusCode(400).body("errors[0].pointer",
                equalTo("/q"));
        admin().queryParam("role", "a\u0000b").get("/api/admin/users").then().statusCode(400).body("errors[0].pointer",
                equalTo("/role"));
        admin().get("/api/admin/users?cursor=YQBi").then().statusCode(400).body("errors[0].pointer",
                equalTo("/cursor"));
    }

    @Test
    void weakPasswordsAreRefused() {
        String name = unique("weak");
        admin().body("{\"username\":\"" + name + "\",\"displayName\":\"W\",\"password\":\"short\"}")
                .post("/api/admin/users").then().statusCode(422)
                .body("code", equalTo("PASSWORD_TOO_WEAK")).body("errors[0].pointer", equalTo("/password"));
        String longName = unique("longusername");
        admin().body("{\"username\":\"" + longName + "\",\"displayName\":\"W\",\"password\":\"" + longName
                .toUpperCase() + "\"}").post("/api/admin/users").then().statusCode(422)
                .body("code", equalTo("PASSWORD_TOO_WEAK"));
        assertEquals(0, sql("select count(*) from app_user where username in (?, ?)", name, longName));
        String id = createUser(longName, "");
        admin().body("{\"password\":\"" + longName + "\"}").patch("/api/admin/users/" + id).then().statusCode(422)
                .body("code", equalTo("PASSWORD_TOO_WEAK"));
        assertEquals(0, audits("default", "user.password-reset", id));
    }

    @Test
    void usernamesAreUniqueIgnoringCase() {
        String name = unique("dup");
        createUser(name, "");
        long before = audits("default", "user.create", null);
        admin().body("{\"username\":\"" + name.toUpperCase() + "\",\"displayName\":\"Dup\"}")
                .post("/api/admin/users").then().statusCode(409)
                .body("code", equalTo("USERNAME_TAKEN")).body("errors[0].pointer", equalTo("/username"));
        assertEquals(before, audits("default", "user.create", null));
    }

    @Test
    void unknownRolesPointAtTheirEntry() {
        admin().body("{\"username\":\"" + unique("r") + "\",\"displayName\":\"R\",\"roles\":[\"admin\",\"nope\"]}")
                .post("/api/admin/users").then().statusCode(422)
                .body("code", equalTo("ROLE_NOT_FOUND")).body("errors[0].pointer", equalTo("/roles/1"));
    }

    @Test
    void managerChainsMayNotFormACycle() {
        String a = createUser(unique("a"), "");
        String b = createUser(unique("b"), ",\"managerId\":\"" + a + "\"");
        String c = createUser(unique("c"), ",\"managerId\":\"" + b + "\"");
        admin().body("{\"managerId\":\"" + c + "\"}").patch("/api/admin/users/" + a).then().statusCode(422)
                .body("code", equalTo("MANAGER_CYCLE")).body("errors[0].pointer", equalTo("/managerId"));
        admin().body("{\"managerId\":\"" + a + "\"}").patch("/api/admin/users/" + a).then().statusCode(422)
                .body("code", equalTo("MANAGER_CYCLE"));
        admin().get("/api/admin/users/" + a).then().body("managerId", nullValue());
        assertEquals(0, audits("default", "user.update", a));
    }

    @Test
    void disabledUsersTokenIsRefusedOnTheVeryNextRequest() {
        String name = unique("gone");
        String id = createUser(name, "");
        String token = OrgFixture.token("default", name, PASSWORD);
        as(token).get("/api/apps").then().statusCode(200);
        as(token).get("/api/apps").then().statusCode(200);
        admin().body("{\"disabled\":true}").patch("/api/admin/users/" + id).then().statusCode(200)
                .body("disabled", equalTo(true));
        as(token).get("/api/apps").then().statusCode(401);
        given().contentType("application/json").body("{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD
                + "\"}").post("/api/auth/token").then().statusCode(401);
        assertEquals(1, audits("default", "user.disable", id));
        assertEquals(0, sql("select count(*) from auth_session where user_id = ?::uuid and revoked_at is null", id));
        admin().body("{\"disabled\":false}").patch("/api/admin/users/" + id).then().statusCode(200);
        OrgFixture.token("default", name, PASSWORD);
    }

    @Test
    void passwordResetRevokesSessionsAndIsAuditedWithoutThePassword() {
        String name = unique("reset");
        String id = createUser(name, "");
        String token = OrgFixture.token("default", name, PASSWORD);
        as(token).get("/api/apps").then().statusCode(200);
        String fresh = "brand-new-secret-" + UUID.randomUUID();
        admin().body("{\"password\":\"" + fresh + "\"}").patch("/api/admin/users/" + id).then().statusCode(200);
        as(token).get("/api/apps").then().statusCode(401);
        OrgFixture.token("default", name, fresh);
        assertEquals(1, audits("default", "user.password-reset", id));
        assertEquals(0, sql("select count(*) from audit_log where detail::text like ?", "%" + fresh + "%"));
    }

    @Test
    void theLastAdminCannotBeDisabledDeletedOrDemoted() {
        String tenant = "last-" + UUID.randomUUID().toString().substring(0, 8);
        UUID boss = OrgFixture.tenantWithAdmin(tenant, "boss");
        String token = OrgFixture.token(tenant, "boss", PASSWORD);
        as(token).body("{\"disabled\":true}").patch("/api/admin/users/" + boss).then().statusCode(409)
                .body("code", equalTo("LAST_ADMIN"));
        as(token).body("{\"roles\":[]}").patch("/api/admin/users/" + boss).then().statusCode(409)
                .body("code", equalTo("LAST_ADMIN"));
        as(token).delete("/api/admin/users/" + boss).then().statusCode(409).body("code", equalTo("LAST_ADMIN"));
        as(token).body("{\"userIds\":[]}").put("/api/admin/roles/admin/members").then().statusCode(409)
                .body("code", equalTo("LAST_ADMIN"));
        as(token).get("/api/admin/users/" + boss).then().statusCode(200).body("disabled", equalTo(false))
                .body("roles", contains("admin"));
        // refused changes leave no trace (the sign-in itself is audited)
        assertEquals(0, sql("select count(*) from audit_log where tenant_id = ? and action not like 'auth.%'",
                tenant));

        // with a second admin, the first may go
        String second = as(token).body("{\"username\":\"deputy\",\"displayName\":\"Deputy\",\"roles\":[\"admin\"]}")
                .post("/api/admin/users").then().statusCode(201).extract().path("id");
        as(token).body("{\"roles\":[]}").patch("/api/admin/users/" + boss).then().statusCode(200)
                .body("roles", hasSize(0));
        as(token).get("/api/admin/users").then().statusCode(403);
        assertEquals(1, audits(tenant, "user.update", boss));
        assertEquals(1,
                sql("select count(*) from user_role where tenant_id = ? and user_id = ?::uuid", tenant, second));
    }

    @Test
    void deletingAUserRemovesThemUnlessTheyManageOthers() {
        String boss = createUser(unique("boss"), "");
        createUser(unique("report"), ",\"managerId\":\"" + boss + "\"");
        admin().delete("/api/admin/users/" + boss).then().statusCode(409).body("code", equalTo("USER_IN_USE"));
        String loner = unique("loner");
        String id = createUser(loner, "");
        String token = OrgFixture.token("default", loner, PASSWORD);
        as(token).get("/api/apps").then().statusCode(200);
        admin().delete("/api/admin/users/" + id).then().statusCode(204);
        as(token).get("/api/apps").then().statusCode(401);
        admin().get("/api/admin/users/" + id).then().statusCode(404).body("code", equalTo("USER_NOT_FOUND"));
        assertEquals(1, audits("default", "user.delete", id));
        assertEquals(0, audits("default", "user.delete", boss));
    }

    @Test
    void hostileBodiesAreRefusedWithPointersAndChangeNothing() {
        long users = sql("select count(*) from app_user");
        String ok = "\"username\":\"" + unique("h") + "\",\"displayName\":\"H\"";
        admin().body("{" + ok + ",\"disabled\":\"yes\"}").post("/api/admin/users").then().statusCode(422)
                .body("code", equalTo("WRONG_TYPE")).body("errors[0].pointer", equalTo("/disabled"));
        admin().body("{" + ok + ",\"roles\":\"admin\"}").post("/api/admin/users").then().statusCode(422)
                .body("errors[0].pointer", equalTo("/roles"));
        admin().body("{" + ok + ",\"roles\":[\"clerk\",7]}").post("/api/admin/users").then().statusCode(422)
                .body("errors[0].pointer", equalTo("/roles/1"));
        admin().body("{" + ok + ",\"isAdmin\":true}").post("/api/admin/users").then().statusCode(422)
                .body("code", equalTo("UNKNOWN_PROPERTY")).body("errors[0].pointer", equalTo("/isAdmin"));
        admin().body("{\"username\":\"x\",\"displayName\":\"" + "y".repeat(10_000) + "\"}").post("/api/admin/users")
                .then().statusCode(422).body("code", equalTo("TOO_LONG"))
                .body("errors[0].pointer", equalTo("/displayName"));
        admin().body("{\"username\":\"x\\u0000\",\"displayName\":\"y\"}").post("/api/admin/users").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/username"));
        admin().body("{\"username\":\"x' or 1=1 --\",\"displayName\":\"y\"}").post("/api/admin/users").then()
                .statusCode(422).body("code", equalTo("USERNAME_INVALID"));
        admin().body("{" + ok + ",\"departmentId\":12}").post("/api/admin/users").then().statusCode(422)
                .body("code", equalTo("NOT_AN_ID")).body("errors[0].pointer", equalTo("/departmentId"));
        admin().body("{" + ok + ",\"password\":12345678901234}").post("/api/admin/users").then().statusCode(422)
                .body("errors[0].pointer", equalTo("/password"));
        admin().body("{\"displayName\":\"No name\"}").post("/api/admin/users").then().statusCode(422)
                .body("errors[0].pointer", equalTo("/username"));
        admin().body("{\"displayName\":null}").patch("/api/admin/users/" + adminId()).then().statusCode(422)
                .body("errors[0].pointer", equalTo("/displayName"));
        admin().get("/api/admin/users/not-a-uuid").then().statusCode(404);
        admin().body("{\"displayName\":\"Z\"}").patch("/api/admin/users/" + UUID.randomUUID()).then()
                .statusCode(404);
        assertEquals(users, sql("select count(*) from app_user"));
    }

    @Test
    void anotherTenantsUsersAreInvisible() {
        String mine = createUser(unique("mine"), "");
        String theirs = as(otherToken).body("{\"username\":\"" + unique("theirs") + "\",\"displayName\":\"T\"}")
                .post("/api/admin/users").then().statusCode(201).extract().path("id");
        admin().get("/api/admin/users/" + theirs).then().statusCode(404);
        admin().body("{\"disabled\":true}").patch("/api/admin/users/" + theirs).then().statusCode(404);
        admin().delete("/api/admin/users/" + theirs).then().statusCode(404);
        admin().get("/api/admin/users/" + otherAdmin).then().statusCode(404);
        admin().body("{\"managerId\":\"" + otherAdmin + "\"}").patch("/api/admin/users/" + mine).then()
                .statusCode(422).body("code", equalTo("USER_NOT_FOUND"))
                .body("errors[0].pointer", equalTo("/managerId"));
        admin().get("/api/admin/users?limit=200").then().statusCode(200).body("items.id", not(hasItem(theirs)));
        as(otherToken).get("/api/admin/users").then().statusCode(200).body("items.id", not(hasItem(mine)));
        assertEquals(0, sql("select count(*) from app_user where tenant_id = ? and disabled", OTHER));
    }

    @Test
    void nonAdminsAreRefusedAndNothingChanges() {
        String name = unique("plain");
        String id = createUser(name, "");
        String token = OrgFixture.token("default", name, PASSWORD);
        as(token).get("/api/admin/users").then().statusCode(403).body("code", equalTo("ADMIN_ONLY"));
        as(token).body("{\"username\":\"sneaky\",\"displayName\":\"S\"}").post("/api/admin/users").then()
                .statusCode(403);
        as(token).body("{\"roles\":[\"admin\"]}").patch("/api/admin/users/" + id).then().statusCode(403);
        as(token).delete("/api/admin/users/" + adminId()).then().statusCode(403);
        admin().get("/api/admin/users/" + id).then().body("roles", equalTo(List.of()));
        assertEquals(0, sql("select count(*) from app_user where username = 'sneaky'"));
    }
}
