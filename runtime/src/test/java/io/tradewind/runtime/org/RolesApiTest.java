package io.tradewind.runtime.org;

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
class RolesApiTest {
    private static final String OTHER = "roles-other";
    private static String otherToken;

    @BeforeEach
    void otherTenant() {
        if (sql("select count(*) from tenant where tenant_id = ?", OTHER) == 0) {
            OrgFixture.tenantWithAdmin(OTHER, "boss");
        }
        otherToken = OrgFixture.token(OTHER, "boss", PASSWORD);
    }

    private static RequestSpecification admin() {
        return Api.asAdmin();
    }

    private static String key() {
        return "r" + UUID.randomUUID().toString().substring(0, 8).replace("-", "_");
    }

    private static String user(String username) {
        return admin().body("{\"username\":\"" + username + "\",\"displayName\":\"" + username + "\",\"password\":\""
                + PASSWORD + "\"}").post("/api/admin/users").then().statusCode(201).extract().path("id");
    }

    @Test
    void rolesAreCreatedListedRenamedAndDeleted() {
        String key = key();
        admin().body("{\"key\":\"" + key + "\",\"name\":\"Sales rep\",\"description\":\"Sells\"}")
                .post("/api/admin/roles").then().statusCode(201)
                .body("key", equalTo(key)).body("builtIn", equalTo(false)).body("memberCount", equalTo(0));
        admin().get("/api/admin/roles").then().statusCode(200).body("items.key", hasItem(key))
                .body("items.key", hasItem("admin"));
        admin().body("{\"name\":\"Senior sales rep\",\"description\":null}").patch("/api/admin/roles/" + key).then()
                .statusCode(200).body("name", equalTo("Senior sales rep")).body("description", equalTo(null));
        admin().delete("/api/admin/roles/" + key).then().statusCode(204);
        admin().get("/api/admin/roles/" + key).then().statusCode(404).body("code", equalTo("ROLE_NOT_FOUND"));
        assertEquals(1, audits("default", "role.create", key));
        assertEquals(1, audits("default", "role.update", key));
        assertEquals(1, audits("default", "role.delete", key));
    }

    @Test
    void theBuiltInAdminRoleCannotBeDeletedOrRenamed() {
        admin().delete("/api/admin/roles/admin").then().statusCode(409).body("code", equalTo("ROLE_BUILT_IN"));
        admin().body("{\"name\":\"Boss\"}").patch("/api/admin/roles/admin").then().statusCode(409)
                .body("code", equalTo("ROLE_BUILT_IN")).body("errors[0].pointer", equalTo("/name"));
        admin().get("/api/admin/roles/admin").then().statusCode(200).body("name", equalTo("Administrator"))
                .body("builtIn", equalTo(true));
        assertEquals(0, audits("default", "role.delete", "admin"));
        assertEquals(0, audits("default", "role.update", "admin"));
    }

    @Test
    void duplicateAndMalformedRolesAreRefused() {
        String key = key();
        admin().body("{\"key\":\"" + key + "\",\"name\":\"One\"}").post("/api/admin/roles").then().statusCode(201);
        admin().body("{\"key\":\"" + key + "\",\"name\":\"Two\"}").post("/api/admin/roles").then().statusCode(409)
                .body("code", equalTo("ROLE_KEY_TAKEN")).body("errors[0].pointer", equalTo("/key"));
        admin().body("{\"key\":\"Bad Key!\",\"name\":\"X\"}").post("/api/admin/roles").then().statusCode(422)
                .body("code", equalTo("ROLE_KEY_INVALID")).body("errors[0].pointer", equalTo("/key"));
        admin().body("{\"key\":\"ok_key\",\"name\":[\"X\"]}").post("/api/admin/roles").then().statusCode(422)
                .body("errors[0].pointer", equalTo("/name"));
        admin().body("{\"key\":\"ok_key\",\"name\":\"" + "n".repeat(10_000) + "\"}").post("/api/admin/roles").then()
                .statusCode(422).body("code", equalTo("TOO_LONG"));
        admin().body("{\"key\":\"ok_key\",\"name\":\"X\",\"builtIn\":true}").post("/api/admin/roles").then()
                .statusCode(422).body("errors[0].pointer", equalTo("/builtIn"));
        admin().get("/api/admin/roles/..%2F..%2Fetc").then().statusCode(404);
        assertEquals(0, sql("select count(*) from role where key = 'ok_key'"));
        assertEquals(1, audits("default", "role.create", key));
    }

    @Test
    void membersAreReplacedAndTheChangeCountsOnTheNextRequest() {
        String key = key();
        admin().body("{\"key\":\"" + key + "\",\"name\":\"Team\"}").post("/api/admin/roles").then().statusCode(201);
        String ann = unique("ann");
        String annId = user(ann);
        String bobId = user(unique("bob"));
        admin().body("{\"userIds\":[\"" + annId + "\",\"" + bobId + "\",\"" + annId + "\"]}")
                .put("/api/admin/roles/" + key + "/members").then().statusCode(200).body("items", hasSize(2));
        admin().body("{\"userIds\":[\"" + bobId + "\"]}").put("/api/admin/roles/" + key + "/members").then()
                .statusCode(200).body("items.id", contains(bobId));
        admin().get("/api/admin/roles/" + key + "/members").then().statusCode(200).body("items.id", contains(bobId));
        admin().get("/api/admin/users/" + annId).then().body("roles", equalTo(List.of()));
        assertEquals(2, audits("default", "role.members", key));

        // granting admin takes effect on the member's very next request, as does taking it away
        String token = OrgFixture.token("default", ann, PASSWORD);
        as(token).get("/api/admin/roles").then().statusCode(403);
        List<String> admins = admin().get("/api/admin/roles/admin/members").then().extract().path("items.id");
        List<String> more = new java.util.ArrayList<>(admins);
        more.add(annId);
        admin().body(java.util.Map.of("userIds", more)).put("/api/admin/roles/admin/members").then().statusCode(200);
        as(token).get("/api/admin/roles").then().statusCode(200);
        admin().body(java.util.Map.of("userIds", admins)).put("/api/admin/roles/admin/members").then().statusCode(200);
        as(token).get("/api/admin/roles").then().statusCode(403);
    }

    @Test
    void memberListsPointAtBadIds() {
        String key = key();
        admin().body("{\"key\":\"" + key + "\",\"name\":\"Team\"}").post("/api/admin/roles").then().statusCode(201);
        String otherUser = as(otherToken).body("{\"username\":\"" + unique("o") + "\",\"displayName\":\"O\"}")
                .post("/api/admin/users").then().statusCode(201).extract().path("id");
        String mine = user(unique("m"));
        admin().body("{\"userIds\":[\"" + mine + "\",\"" + otherUser + "\"]}")
                .put("/api/admin/roles/" + key + "/members").then().statusCode(422)
                .body("code", equalTo("USER_NOT_FOUND")).body("errors[0].pointer", equalTo("/userIds/1"));
        admin().body("{\"userIds\":[\"" + mine + "\",\"nope\"]}").put("/api/admin/roles/" + key + "/members").then()
                .statusCode(422).body("errors[0].pointer", equalTo("/userIds/1"));
        admin().body("{\"userIds\":\"" + mine + "\"}").put("/api/admin/roles/" + key + "/members").then()
                .statusCode(422).body("errors[0].pointer", equalTo("/userIds"));
        admin().get("/api/admin/roles/" + key + "/members").then().body("items", hasSize(0));
        assertEquals(0, audits("default", "role.members", key));
    }

    @Test
    void anotherTenantsRolesAreInvisibleAndNonAdminsAreRefused() {
        String key = key();
        as(otherToken).body("{\"key\":\"" + key + "\",\"name\":\"Theirs\"}").post("/api/admin/roles").then()
                .statusCode(201);
        admin().get("/api/admin/roles/" + key).then().statusCode(404);
        admin().get("/api/admin/roles/" + key + "/members").then().statusCode(404);
        admin().body("{\"name\":\"Mine now\"}").patch("/api/admin/roles/" + key).then().statusCode(404);
        admin().delete("/api/admin/roles/" + key).then().statusCode(404);
        admin().get("/api/admin/roles").then().body("items.key", not(hasItem(key)));

        String plain = unique("plain");
        user(plain);
        String token = OrgFixture.token("default", plain, PASSWORD);
        as(token).body("{\"key\":\"sneaky\",\"name\":\"S\"}").post("/api/admin/roles").then().statusCode(403)
                .body("code", equalTo("ADMIN_ONLY"));
        as(token).body("{\"userIds\":[]}").put("/api/admin/roles/admin/members").then().statusCode(403);
        as(token).delete("/api/admin/roles/" + key).then().statusCode(403);
        assertEquals(0, sql("select count(*) from role where key = 'sneaky'"));
        assertEquals(1, sql("select count(*) from role where tenant_id = ? and key = ? and name = 'Theirs'", OTHER,
                key));
    }
}
