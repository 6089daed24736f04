package io.tradewind.runtime.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;

/** The test clock moves the time the engine uses (here: a date field's default "today"). */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class ClockTest {

    @Test
    void shiftingTheClockMovesTodayForDefaults() {
        try {
            Api.asAdmin().body("{\"offset\": \"P3D\"}").put("/api/admin/clock").then().statusCode(200)
                    .body("offset", equalTo("PT72H"));
            String company = Api.asAdmin().body("{\"name\": \"Clock " + UUID.randomUUID() + "\"}")
                    .post("/api/apps/lab/forms/company/records").then().statusCode(201).extract().path("id");
            String issued = Api.asAdmin().body("{\"company\": \"" + company + "\", \"lines\": []}")
                    .post("/api/apps/lab/forms/invoice/records").then().statusCode(422).extract().asString();
            assertThat(issued).contains("RULE_VIOLATED");
            String item = Api.asAdmin().body("{\"code\": \"CLK-" + UUID.randomUUID().toString().substring(0, 6)
                    .toUpperCase() + "\"}").post("/api/apps/lab/forms/item/records").then().statusCode(201)
                    .extract().path("id");
            String day = Api.asAdmin().body("{\"company\": \"" + company + "\", \"lines\": [{\"item\": \"" + item
                    + "\", \"qty\": 1, \"price\": 1}]}").post("/api/apps/lab/forms/invoice/records").then()
                    .statusCode(201).extract().path("data.issued");
            assertThat(LocalDate.parse(day)).isIn(LocalDate.now(ZoneOffset.UTC).plusDays(3),
                    LocalDate.now(ZoneOffset.UTC).plusDays(4));
        } finally {
            Api.asAdmin().body("{\"offset\": \"PT0S\"}").put("/api/admin/clock").then().statusCode(200);
        }
    }

    @Test
    void badOffsetsAreRefusedWithAPointer() {
        Api.asAdmin().body("{\"offset\": \"-P1D\"}").put("/api/admin/clock").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/offset"));
        Api.asAdmin().body("{\"offset\": \"banana\"}").put("/api/admin/clock").then().statusCode(400)
                .body("code", equalTo("CLOCK_OFFSET_INVALID"));
        Api.asAdmin().body("{\"offset\": 3}").put("/api/admin/clock").then().statusCode(400);
        Api.asAdmin().get("/api/admin/clock").then().statusCode(200).body("offset", equalTo("PT0S"));
    }
}
