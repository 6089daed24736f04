package io.tradewind.runtime.apps;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The trade CRM's roles in one sales organisation, set up through the admin API: reps see their own
 * customers and their team's unowned pool, the manager the whole department tree and may hand
 * customers over, finance reads customers without contact details and books payments on orders but
 * nothing else.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class TradeCrmRolesTest {
    private static final String CUSTOMERS = "/api/apps/trade-crm/forms/customer/records";
    private static final String ORDERS = "/api/apps/trade-crm/forms/order/records";
    private static final String PASSWORD = "trade-roles-Pa55word";

    @Inject
    Pool pool;

    private record Person(String id, String token) {
    }

    private static String department(String name, String parent) {
        return Api.asAdmin().body("{\"name\": \"" + name + "\"" + (parent == null
                ? ""
                : ", \"parentId\": \"" + parent
                        + "\"")
                + "}").post("/api/admin/departments").then().statusCode(201).extract().path("id");
    }

    private static Person person(String name, String department, String role) {
        String username = name + "-" + UUID.randomUUID().toString().substring(0, 6);
        String id = Api.asAdmin().body("{\"username\": \"" + username + "\", \"displayName\": \"" + name
                + "\", \"password\": \"" + PASSWORD + "\", \"roles\": [\"" + role + "\"]"
                + (department == null ? "" : ", \"departmentId\": \"" + department + "\"") + "}")
                .post("/api/admin/users").then().statusCode(201).extract().path("id");
        return new Person(id, Api.token(username, PASSWORD));
    }

    private static RequestSpecification as(Person p) {
        return given().header("Authorization", "Bearer " + p.token()).contentType("application/json");
    }

    private static List<String> customers(Person p) {
        return as(p).queryParam("limit", "200").get(CUSTOMERS).then().statusCode(200).extract().path("items.id");
    }

    @Test
    void aSalesOrganisationWorksTheCustomerListAndOrdersByRole() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String exportSales = department("Export sales " + suffix, null);
        String europe = department("Europe " + suffix, exportSales);
        String asia = department("Asia " + suffix, exportSales);
        Person anna = person("anna", europe, "sales_rep");
        Person ben = person("ben", europe, "sales_rep");
        Person chen = person("chen", asia, "sales_rep");
        Person maria = person("maria", exportSales, "sales_manager");
        Person fiona = person("fiona", null, "finance");

        String annas = as(anna).body("{\"company\": \"Hamburg Machinery " + suffix + "\", \"country\": \"DE\","
                + " \"email\": \"buyer@hamburg.example\", \"phone\": \"+49 40 1234567\"}").post(CUSTOMERS).then()
                .statusCode(201).extract().path("id");
        // an unowned customer of the Europe team: the team's public pool
        String pooled = Api.asAdmin().body("{\"company\": \"Lyon Tools " + suffix + "\", \"country\": \"FR\","
                + " \"department\": \"" + europe + "\"}").post(CUSTOMERS).then().statusCode(201).extract().path("id");
        pool.preparedQuery("update record set owner = null where id = $1").execute(Tuple.of(UUID.fromString(
                pooled))).await().indefinitely();

        assertThat(customers(anna)).contains(annas, pooled);
        assertThat(customers(ben)).contains(pooled).doesNotContain(annas);
        assertThat(customers(chen)).doesNotContain(annas, pooled);
        assertThat(customers(maria)).contains(annas, pooled);
        // a rep cannot give a customer away; the manager can
        as(anna).body("{\"owner\": \"" + ben.id() + "\"}").patch(CUSTOMERS + "/" + annas).then().statusCode(403);
        as(maria).body("{\"owner\": \"" + ben.id() + "\"}").patch(CUSTOMERS + "/" + annas).then().statusCode(200);
        assertThat(customers(ben)).contains(annas);
        assertThat(customers(anna)).doesNotContain(annas);

        // finance reads customers without contact details and cannot change them
        as(fiona).get(CUSTOMERS + "/" + annas).then().statusCode(200).body("data.country", equalTo("DE"))
                .body("data", not(hasKey("email"))).body("data", not(hasKey("phone")));
        as(fiona).body("{\"grade\": \"A\"}").patch(CUSTOMERS + "/" + annas).then().statusCode(403)
                .body("code", equalTo("ACTION_NOT_ALLOWED"));
        as(fiona).get("/api/apps/trade-crm/forms/contact/records").then().statusCode(403);
        as(fiona).queryParam("filter", "{\"field\": \"email\", \"op\": \"contains\", \"value\": \"hamburg\"}")
                .get(CUSTOMERS).then().statusCode(400);

        // an order by Ben: he cannot book its payment, finance can, but finance cannot touch the rest
        String product = Api.asAdmin().body("{\"sku\": \"GP-" + suffix.toUpperCase() + "\", \"name\": \"Gear pump\"}")
                .post("/api/apps/trade-crm/forms/product/records").then().statusCode(201).extract().path("id");
        String order = as(ben).body("{\"customer\": \"" + annas + "\", \"lines\": [{\"product\": \"" + product
                + "\", \"qty\": 2, \"unitPrice\": 150}]}").post(ORDERS).then().statusCode(201).extract().path("id");
        as(ben).body("{\"paymentStatus\": \"paid\"}").patch(ORDERS + "/" + order).then().statusCode(403)
                .body("errors[0].pointer", equalTo("/data/paymentStatus"))
                .body("errors[0].code", equalTo("FIELD_READ_ONLY"));
        as(fiona).body("{\"paymentStatus\": \"deposit\", \"depositReceived\": {\"amount\": 90,"
                + " \"currency\": \"USD\"}}").patch(ORDERS + "/" + order)
                .then().statusCode(200).body("data.paymentStatus", equalTo("deposit"));
        as(fiona).body("{\"incoterm\": \"EXW\"}").patch(ORDERS + "/" + order).then().statusCode(403);
        as(fiona).delete(ORDERS + "/" + order).then().statusCode(403);
        Api.asAdmin().get(ORDERS + "/" + order).then().statusCode(200).body("data.incoterm", equalTo("FOB"))
                .body("version", equalTo(2));
        // Anna no longer owns the customer and never owned the order
        as(anna).get(ORDERS + "/" + order).then().statusCode(404);
    }
}
