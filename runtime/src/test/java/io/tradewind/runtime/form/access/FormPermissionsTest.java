package io.tradewind.runtime.form.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.tradewind.runtime.security.PasswordHasher;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Permissions declared in a form ({@code src/test/apps/acl}): actions per role, row scopes (own,
 * department, department tree, filter), field access, ownership transfer, and that a refused
 * request changes nothing.
 *
 * <p>
 * Departments: Sales → EU Sales → Germany, and Sales → Asia. Alice and Bob are reps in Germany,
 * Dave a clerk in Germany, Carol the manager of EU Sales, Frank the manager of Asia, Erin an
 * auditor without a department.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class FormPermissionsTest {
    private static final String DEALS = "/api/apps/acl/forms/deal/records";
    private static final String PASSWORD = "permission-test-Pa55";
    private static final Map<String, UUID> USERS = new HashMap<>();
    private static final Map<String, UUID> DEPTS = new HashMap<>();
    private static final Map<String, String> TOKENS = new HashMap<>();
    private static int setUpOnPort;

    @Inject
    Pool pool;

    @BeforeEach
    void organisation() {
        if (!USERS.isEmpty() && setUpOnPort == io.restassured.RestAssured.port) {
            return; // once per application start
        }
        setUpOnPort = io.restassured.RestAssured.port;
        USERS.clear();
        DEPTS.clear();
        TOKENS.clear();
        dept("sales", null);
        dept("eu", "sales");
        dept("germany", "eu");
        dept("asia", "sales");
        String hash = PasswordHasher.hash(PASSWORD);
        user("alice", "germany", "rep", hash);
        user("bob", "germany", "rep", hash);
        user("dave", "germany", "clerk", hash);
        user("carol", "eu", "manager", hash);
        user("frank", "asia", "manager", hash);
        user("erin", null, "auditor", hash);
    }

    private void dept(String name, String parent) {
        UUID id = UUID.randomUUID();
        DEPTS.put(name, id);
        sql("insert into department (tenant_id, id, name, parent_id) values ('default', $1, $2, $3)", id, name + "-"
                + id, parent == null ? null : DEPTS.get(parent));
    }

    private void user(String name, String dept, String role, String hash) {
        UUID id = UUID.randomUUID();
        USERS.put(name, id);
        String username = name + "-" + id.toString().substring(0, 8);
        sql("insert into app_user (tenant_id, id, username, display_name, password_hash, department_id) values"
                + " ('default', $1, $2, $3, $4, $5)", id, username, name, hash, dept == null ? null : DEPTS.get(dept));
        sql("insert into user_role (tenant_id, user_id, role_key) values ('default', $1, $2)", id, role);
        TOKENS.put(name, Api.token(username, PASSWORD));
    }

    private void sql(String sql, Object... params) {
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely();
    }

    private static RequestSpecification as(String user) {
        return given().header("Authorization", "Bearer " + TOKENS.get(user)).contentType("application/json");
    }

    private static String create(String user, String body) {
        return as(user).body(body).post(DEALS).then().statusCode(201).extract().path("id");
    }

    private static List<String> visibleIds(String user) {
        return as(user).queryParam("limit", "200").get(DEALS).then().statusCode(200).extract().path("items.id");
    }

    @Test
    void aRepSeesOnlyOwnRecordsAndNeverTheHiddenField() {
        String mine = create("alice", "{\"name\": \"Alice deal\", \"note\": \"n1\"}");
        String bobs = create("bob", "{\"name\": \"Bob deal\"}");
        Api.asAdmin().body("{\"secret\": \"kickback 5%\", \"amount\": 1200}").patch(DEALS + "/" + mine).then()
                .statusCode(200);

        as("alice").get(DEALS + "/" + mine).then().statusCode(200).body("owner", equalTo(USERS.get("alice")
                .toString())).body("data.amount", equalTo(1200.0f)).body("data", not(org.hamcrest.Matchers.hasKey(
                        "secret")));
        as("alice").get(DEALS + "/" + bobs).then().statusCode(404).body("code", equalTo("RECORD_NOT_FOUND"));
        assertThat(visibleIds("alice")).contains(mine).doesNotContain(bobs);
        as("alice").get(DEALS + "/" + mine + "/history").then().statusCode(200)
                .body("items[1].after", not(org.hamcrest.Matchers.hasKey("secret")))
                .body("items[1].after.amount", equalTo(1200.0f));
        as("bob").get(DEALS + "/" + mine + "/history").then().statusCode(404);
        // the hidden field cannot be probed through filters, sorting or search
        as("alice").queryParam("filter", "{\"field\": \"secret\", \"op\": \"startsWith\", \"value\": \"kick\"}")
                .get(DEALS).then().statusCode(400).body("errors[0].pointer", equalTo("/filter/field"));
        as("alice").queryParam("sort", "secret").get(DEALS).then().statusCode(400);
        assertThat(as("alice").queryParam("q", "kickback").get(DEALS).then().statusCode(200).extract()
                .<List<String>>path("items.id")).isEmpty();
        assertThat(Api.asAdmin().queryParam("q", "kickback").get(DEALS).then().statusCode(200).extract()
                .<List<String>>path("items.id")).containsExactly(mine);
    }

    @Test
    void writingAHiddenOrReadOnlyFieldIsForbiddenAndChangesNothing() {
        String mine = create("alice", "{\"name\": \"Guarded\"}");
        as("alice").body("{\"secret\": \"x\", \"amount\": 5, \"note\": \"fine\"}").patch(DEALS + "/" + mine).then()
                .statusCode(403).body("code", equalTo("FIELD_NOT_WRITABLE"))
                .body("errors.pointer", hasItem("/data/secret")).body("errors.pointer", hasItem("/data/amount"))
                .body("errors.pointer", not(hasItem("/data/note")));
        as("alice").body("{\"name\": \"With amount\", \"amount\": 10}").post(DEALS).then().statusCode(403)
                .body("errors[0].pointer", equalTo("/data/amount"));
        Api.asAdmin().get(DEALS + "/" + mine).then().statusCode(200).body("version", equalTo(1))
                .body("data", not(org.hamcrest.Matchers.hasKey("note")));
        // system fields are not the caller's to set (no mass assignment), the owner only with transfer
        as("alice").body("{\"name\": \"Sneaky\", \"createdBy\": \"" + USERS.get("carol") + "\", \"id\": \""
                + UUID.randomUUID() + "\"}").post(DEALS).then().statusCode(422)
                .body("errors.pointer", hasItem("/data/createdBy")).body("errors.pointer", hasItem("/data/id"));
        as("alice").body("{\"owner\": \"" + USERS.get("bob") + "\"}").patch(DEALS + "/" + mine).then()
                .statusCode(403).body("errors[0].code", equalTo("OWNER_TRANSFER_NOT_ALLOWED"));
        as("alice").body("{\"name\": \"Gift\", \"amount\": 3, \"owner\": \"" + USERS.get("bob") + "\"}")
                .post(DEALS).then().statusCode(403).body("errors.pointer", hasItem("/data/owner"))
                .body("errors.pointer", hasItem("/data/amount"));
        assertThat(visibleIds("bob")).doesNotContain(mine);
        Api.asAdmin().get(DEALS + "/" + mine).then().body("version", equalTo(1)).body("owner", equalTo(USERS.get(
                "alice").toString()));
    }

    @Test
    void departmentAndDepartmentTreeScopesFollowTheOrganisation() {
        String alices = create("alice", "{\"name\": \"Tree A\"}");
        String carols = create("carol", "{\"name\": \"Tree C\"}");
        String franks = create("frank", "{\"name\": \"Tree F\"}");
        assertThat(visibleIds("carol")).contains(alices, carols).doesNotContain(franks);
        assertThat(visibleIds("frank")).contains(franks).doesNotContain(alices, carols);
        assertThat(visibleIds("dave")).contains(alices).doesNotContain(carols, franks);
        // the clerk reads but may not write
        as("dave").body("{\"note\": \"x\"}").patch(DEALS + "/" + alices).then().statusCode(403)
                .body("code", equalTo("ACTION_NOT_ALLOWED"));
        // a manager outside the tree cannot change or delete, and learns nothing about the record
        as("frank").body("{\"note\": \"x\"}").patch(DEALS + "/" + alices).then().statusCode(404);
        as("frank").delete(DEALS + "/" + alices).then().statusCode(404);
        Api.asAdmin().get(DEALS + "/" + alices).then().statusCode(200).body("version", equalTo(1));
        // moving Alice to Asia moves her records out of Carol's reach at once
        UUID bobsDept = DEPTS.get("germany");
        String bobs = create("bob", "{\"name\": \"Moved\"}");
        assertThat(visibleIds("carol")).contains(bobs);
        sql("update app_user set department_id = $1 where id = $2", DEPTS.get("asia"), USERS.get("bob"));
        try {
            assertThat(visibleIds("carol")).doesNotContain(bobs);
            assertThat(visibleIds("frank")).contains(bobs);
        } finally {
            sql("update app_user set department_id = $1 where id = $2", bobsDept, USERS.get("bob"));
        }
    }

    @Test
    void aFilterScopeLimitsTheAuditorWhoCannotWrite() {
        String eu = create("alice", "{\"name\": \"EU deal\", \"region\": \"EU\"}");
        String asia = create("alice", "{\"name\": \"Asia deal\", \"region\": \"ASIA\"}");
        assertThat(visibleIds("erin")).contains(eu).doesNotContain(asia);
        as("erin").get(DEALS + "/" + asia).then().statusCode(404);
        as("erin").body("{\"name\": \"No\"}").post(DEALS).then().statusCode(403).body("code", equalTo(
                "ACTION_NOT_ALLOWED"));
        as("erin").delete(DEALS + "/" + eu).then().statusCode(403);
    }

    @Test
    void aManagerTransfersOwnershipWithinTheTreeAndDeletes() {
        String deal = create("alice", "{\"name\": \"Handover\"}");
        as("carol").body("{\"owner\": \"" + USERS.get("bob") + "\"}").patch(DEALS + "/" + deal).then()
                .statusCode(200).body("owner", equalTo(USERS.get("bob").toString())).body("version", equalTo(2));
        as("alice").get(DEALS + "/" + deal).then().statusCode(404);
        as("bob").get(DEALS + "/" + deal).then().statusCode(200);
        as("carol").body("{\"owner\": \"" + UUID.randomUUID() + "\"}").patch(DEALS + "/" + deal).then()
                .statusCode(422).body("errors[0].code", equalTo("OWNER_UNKNOWN"));
        as("carol").body("{\"owner\": \"not-a-uuid\"}").patch(DEALS + "/" + deal).then().statusCode(422);
        as("bob").delete(DEALS + "/" + deal).then().statusCode(403).body("code", equalTo("ACTION_NOT_ALLOWED"));
        as("carol").delete(DEALS + "/" + deal).then().statusCode(204);
        Api.asAdmin().get(DEALS + "/" + deal).then().statusCode(404);
    }

    @Test
    void aFormWithoutPermissionsIsForAdministratorsOnly() {
        as("alice").get("/api/apps/acl/forms/memo/records").then().statusCode(403)
                .body("code", equalTo("ACTION_NOT_ALLOWED"));
        as("alice").body("{\"text\": \"hi\"}").post("/api/apps/acl/forms/memo/records").then().statusCode(403);
        Api.asAdmin().body("{\"text\": \"hi\"}").post("/api/apps/acl/forms/memo/records").then().statusCode(201);
    }

    @Test
    void theAppAndFormDefinitionsTellTheCallerWhatTheyMayDo() {
        as("alice").get("/api/apps/acl").then().statusCode(200).body("forms.key", equalTo(List.of("deal")))
                .body("forms[0].actions", equalTo(List.of("create", "read", "update")));
        as("alice").get("/api/apps/acl/forms/deal").then().statusCode(200)
                .body("access.fields.secret", equalTo("hidden")).body("access.fields.amount", equalTo("read"))
                .body("access.fields.note", equalTo("write"));
        as("alice").get("/api/apps/acl/forms/memo").then().statusCode(403);
        Api.asAdmin().get("/api/apps/acl").then().statusCode(200).body("forms.key", hasItem("memo"));
    }
}
