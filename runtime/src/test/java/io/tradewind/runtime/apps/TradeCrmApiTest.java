package io.tradewind.runtime.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;

/** The bundled trade CRM through the API: its forms, its demo data, a quote with formulas. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class TradeCrmApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "/api/apps/trade-crm/forms/";

    static JsonNode json(Response r) throws Exception {
        return JSON.readTree(r.asString());
    }

    @Test
    void seedLoadsOnceThenTheFormsWorkEndToEnd() throws Exception {
        Api.asAdmin().get("/api/apps/trade-crm").then().statusCode(200)
                .body("forms.key", hasItems("customer", "contact", "follow_up", "opportunity", "quote", "order",
                        "product"));

        Response seeded = Api.asAdmin().post("/api/admin/apps/trade-crm/seed");
        assertThat(seeded.statusCode()).as(seeded.asString()).isEqualTo(200);
        JsonNode created = json(seeded).get("created");
        assertThat(created.get("customer").asInt()).isEqualTo(10);
        assertThat(created.get("quote").asInt()).isEqualTo(4);
        Api.asAdmin().queryParam("action", "app.seed").get("/api/admin/audit").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].targetId", equalTo("trade-crm"))
                .body("items[0].detail.created.customer", equalTo(10));
        Api.asAdmin().post("/api/admin/apps/trade-crm/seed").then().statusCode(409)
                .body("code", equalTo("SEED_NOT_EMPTY"));

        // the seeded quotes got numbers and computed totals
        JsonNode quotes = json(Api.asAdmin().get(BASE + "quote/records?sort=number"));
        assertThat(quotes.get("items")).hasSize(4);
        for (JsonNode q : quotes.get("items")) {
            assertThat(q.get("data").get("number").asText()).matches("Q-\\d{4}-\\d{5}");
            assertThat(q.get("data").get("total").decimalValue()).isPositive();
        }
        // the Dubai quote: 5000 x 26.50 less 2% = 129,850.00
        String filter = URLEncoder.encode("{\"field\":\"currency\",\"op\":\"eq\",\"value\":\"USD\"}",
                StandardCharsets.UTF_8);
        JsonNode usd = json(Api.asAdmin().urlEncodingEnabled(false).get(BASE + "quote/records?filter=" + filter));
        assertThat(usd.get("items")).anySatisfy(q -> assertThat(q.get("data").get("total").decimalValue())
                .isEqualByComparingTo("129850.00"));

        // a new quote against seeded records
        JsonNode customer = json(Api.asAdmin().queryParam("q", "hamburg").get(BASE + "customer/records"))
                .get("items").get(0);
        assertThat(customer.get("data").get("country").asText()).isEqualTo("DE");
        JsonNode product = json(Api.asAdmin().queryParam("q", "CNC-VMC850").get(BASE + "product/records"))
                .get("items").get(0);
        Response quote = Api.asAdmin().body("""
                {"customer": "%s", "currency": "EUR", "incoterm": "CIF", "validUntil": "2099-01-31",
                 "lines": [{"product": "%s", "qty": 3, "unitPrice": 19.99},
                           {"product": "%s", "qty": 1, "unitPrice": 100, "discount": 12.5}]}
                """.formatted(customer.get("id").asText(), product.get("id").asText(), product.get("id").asText()))
                .post(BASE + "quote/records");
        assertThat(quote.statusCode()).as(quote.asString()).isEqualTo(201);
        JsonNode data = json(quote).get("data");
        assertThat(data.get("lines").get(0).get("amount").decimalValue()).isEqualByComparingTo("59.97");
        assertThat(data.get("lines").get(1).get("amount").decimalValue()).isEqualByComparingTo("87.50");
        assertThat(data.get("total").decimalValue()).isEqualByComparingTo("147.47");
        assertThat(data.get("status").asText()).isEqualTo("draft");
        assertThat(data.get("paymentTerms").asText()).isEqualTo("tt_30_70");

        // the trade CRM's own rules
        Api.asAdmin().body("{\"customer\": \"" + customer.get("id").asText() + "\", \"name\": \"No Way\"}")
                .post(BASE + "contact/records").then().statusCode(422)
                .body("errors[0].code", equalTo("RULE_VIOLATED")).body("errors[0].pointer", equalTo("/data/email"));
        Api.asAdmin().body("{\"customer\": \"" + customer.get("id").asText()
                + "\", \"date\": \"2026-11-20\", \"channel\": \"email\", \"notes\": \"x\", \"nextDate\": \"2026-11-01\"}")
                .post(BASE + "follow_up/records").then().statusCode(422)
                .body("errors[0].pointer", equalTo("/data/nextDate"));
        Api.asAdmin().body("{\"company\": \"Acme\", \"country\": \"Germany\"}").post(BASE + "customer/records")
                .then().statusCode(422).body("errors[0].pointer", equalTo("/data/country"));
        // a seeded customer is referenced, so it cannot be deleted
        Api.asAdmin().delete(BASE + "customer/records/" + customer.get("id").asText()).then().statusCode(409)
                .body("code", equalTo("RECORD_REFERENCED"));
    }
}
