package io.tradewind.runtime.form;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;

/** The records API on the test package {@code lab} (every field type, formulas, rules, links). */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class RecordsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMPANY = "/api/apps/lab/forms/company/records";
    private static final String ITEM = "/api/apps/lab/forms/item/records";
    private static final String INVOICE = "/api/apps/lab/forms/invoice/records";

    static JsonNode json(Response r) {
        try {
            return JSON.readTree(r.asString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String unique(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    static JsonNode create(String path, String body) {
        Response r = Api.asAdmin().body(body).post(path);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        return json(r);
    }

    static String company() {
        return create(COMPANY, "{\"name\":\"" + unique("Co") + "\"}").get("id").asText();
    }

    static String item(String code, String price) {
        return create(ITEM, "{\"code\":\"" + code + "\",\"price\":" + price + "}").get("id").asText();
    }

    static String code() {
        return "IT-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    @Test
    void createNormalizesEveryFieldTypeAndAppliesDefaults() {
        String name = unique("Hamburg Machinery");
        Response r = Api.asAdmin().body("""
                {"name": "  %s  ", "email": "Info@Hamburg-Machinery.DE", "phone": "+49 40 1234567",
                 "website": "https://hamburg-machinery.de", "country": "de", "tags": ["retail", "oem"],
                 "founded": "1998-04-01", "lastContact": "2026-11-20T10:15:00+01:00", "employees": "250",
                 "margin": 12.5, "revenue": {"amount": "1250000.5", "currency": "EUR"}, "rating": 4.5,
                 "about": "<p onclick=\\"x()\\">Hi<script>alert(1)</script> <b>there</b></p>",
                 "notes": "line one\\nline two"}
                """.formatted(name)).post(COMPANY);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        JsonNode body = json(r);
        assertThat(r.header("ETag")).isEqualTo("\"1\"");
        assertThat(r.header("Location")).endsWith("/api/apps/lab/forms/company/records/" + body.get("id").asText());
        JsonNode d = body.get("data");
        assertThat(d.get("name").asText()).isEqualTo(name);
        assertThat(d.get("country").asText()).isEqualTo("DE");
        assertThat(d.get("tier").asText()).isEqualTo("bronze");
        assertThat(d.get("active").asBoolean()).isTrue();
        assertThat(d.get("tags").toString()).isEqualTo("[\"oem\",\"retail\"]");
        assertThat(d.get("lastContact").asText()).isEqualTo("2026-11-20T09:15:00.000Z");
        assertThat(d.get("employees").asLong()).isEqualTo(250);
        assertThat(d.get("revenue").get("currency").asText()).isEqualTo("EUR");
        assertThat(d.get("revenue").get("amount").decimalValue()).isEqualByComparingTo("1250000.50");
        assertThat(d.get("about").asText()).doesNotContain("script").doesNotContain("onclick").contains("<b>there</b>");
        assertThat(body.get("version").asInt()).isEqualTo(1);
        assertThat(body.get("createdBy").asText()).isNotBlank();

        Response got = Api.asAdmin().get(COMPANY + "/" + body.get("id").asText());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.header("ETag")).isEqualTo("\"1\"");
        assertThat(json(got).get("data")).isEqualTo(d);
        // what a write answers is what a read answers, timestamps included
        assertThat(json(got).get("createdAt")).isEqualTo(body.get("createdAt"));
        assertThat(json(got).get("owner")).isEqualTo(body.get("owner"));
    }

    @Test
    void everyInvalidValueIsReportedWithItsPointerAndNothingIsStored() {
        String name = unique("Invalid");
        Response r = Api.asAdmin().body("""
                {"name": "%s", "email": "not-an-email", "country": "XX", "tier": "platinum",
                 "tags": ["oem", "distributor", "retail"], "founded": "1700-01-01", "employees": 1.5,
                 "revenue": {"amount": 10, "currency": "JPY"}, "rating": 4.55, "active": "yes",
                 "website": "javascript:alert(1)", "nope": 1, "id": "x"}
                """.formatted(name)).post(COMPANY);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode p = json(r);
        assertThat(p.get("code").asText()).isEqualTo("RECORD_INVALID");
        Set<String> pointers = new HashSet<>();
        p.get("errors").forEach(e -> pointers.add(e.get("pointer").asText()));
        assertThat(pointers).contains("/data/email", "/data/country", "/data/tier", "/data/tags", "/data/founded",
                "/data/employees", "/data/revenue/currency", "/data/rating", "/data/active", "/data/website",
                "/data/nope", "/data/id");
        String filter = URLEncoder.encode("{\"field\":\"name\",\"op\":\"eq\",\"value\":\"" + name + "\"}",
                StandardCharsets.UTF_8);
        Api.asAdmin().urlEncodingEnabled(false).get(COMPANY + "?filter=" + filter).then().statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void missingRequiredFieldIsRefused() {
        Response r = Api.asAdmin().body("{\"country\":\"FR\"}").post(COMPANY);
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json(r).get("errors").toString()).contains("/data/name").contains("REQUIRED");
    }

    @Test
    void wrongBodyShapesAreRefused() {
        Api.asAdmin().body("[1,2]").post(COMPANY).then().statusCode(400).contentType("application/problem+json");
        Api.asAdmin().body("{\"name\": ").post(COMPANY).then().statusCode(400).body("code", equalTo("BODY_MALFORMED"));
        Api.asAdmin().body("{\"name\": 42}").post(COMPANY).then().statusCode(422)
                .body("errors[0].pointer", equalTo("/data/name"));
    }

    @Test
    void invoiceFormulasComputeLinesAndTotalExactly() {
        String co = company();
        String a = item(code(), "19.99");
        String b = item(code(), "0.10");
        JsonNode inv = create(INVOICE, """
                {"company": "%s", "lines": [
                  {"item": "%s", "qty": 3, "price": 19.99},
                  {"item": "%s", "qty": 3, "price": 0.10}]}
                """.formatted(co, a, b));
        JsonNode d = inv.get("data");
        assertThat(d.get("lines").get(0).get("amount").decimalValue()).isEqualByComparingTo("59.97");
        assertThat(d.get("lines").get(1).get("amount").decimalValue()).isEqualByComparingTo("0.30");
        assertThat(d.get("total").decimalValue()).isEqualByComparingTo("60.27");
        assertThat(d.get("lineCount").asInt()).isEqualTo(2);
        assertThat(d.get("status").asText()).isEqualTo("draft");
        assertThat(d.get("issued").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(d.get("number").asText()).matches("INV-\\d{4}-\\d{4}");

        // a patch recomputes: one more line
        String id = inv.get("id").asText();
        Response p = Api.asAdmin().header("If-Match", "\"1\"").body("""
                {"lines": [{"item": "%s", "qty": 1, "price": 5}]}
                """.formatted(a)).patch(INVOICE + "/" + id);
        assertThat(p.statusCode()).as(p.asString()).isEqualTo(200);
        assertThat(json(p).get("data").get("total").decimalValue()).isEqualByComparingTo("5.00");
        JsonNode reread = json(Api.asAdmin().get(INVOICE + "/" + id));
        assertThat(reread.get("data")).isEqualTo(json(p).get("data"));
        assertThat(reread.get("updatedAt")).isEqualTo(json(p).get("updatedAt"));
        assertThat(p.header("ETag")).isEqualTo("\"2\"");
    }

    @Test
    void computedFieldsCannotBeSet() {
        String co = company();
        Response r = Api.asAdmin().body("{\"company\":\"" + co + "\",\"total\":1,\"number\":\"X\",\"lines\":[]}")
                .post(INVOICE);
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json(r).get("errors").toString()).contains("/data/total").contains("/data/number");
    }

    @Test
    void subtableRowsAreValidatedRowByRowWithPointers() {
        String co = company();
        String a = item(code(), "1");
        Response r = Api.asAdmin().body("""
                {"company": "%s", "lines": [
                  {"item": "%s", "qty": 1, "price": 1},
                  {"item": "%s", "qty": 2, "price": 1},
                  {"item": "%s", "qty": 0, "price": -1, "color": "red"}]}
                """.formatted(co, a, a, a)).post(INVOICE);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(422);
        Set<String> pointers = new HashSet<>();
        json(r).get("errors").forEach(e -> pointers.add(e.get("pointer").asText()));
        assertThat(pointers).containsExactlyInAnyOrder("/data/lines/2/qty", "/data/lines/2/price",
                "/data/lines/2/color");
    }

    @Test
    void rulesReportTheirMessagePointingAtTheirField() {
        String co = company();
        Response r = Api.asAdmin().body("{\"company\":\"" + co + "\",\"lines\":[]}").post(INVOICE);
        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode e = json(r).get("errors").get(0);
        assertThat(e.get("code").asText()).isEqualTo("RULE_VIOLATED");
        assertThat(e.get("pointer").asText()).isEqualTo("/data/lines");
        assertThat(e.get("message").asText()).isEqualTo("An invoice needs at least one priced line");
    }

    @Test
    void linkTargetsMustExistInTheSameFormAndTenant() {
        String co = company();
        Response r = Api.asAdmin().body("{\"company\":\"" + UUID.randomUUID() + "\",\"lines\":[]}").post(INVOICE);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(422);
        // a record of another form is not a company
        String it = item(code(), "2");
        Response wrongForm = Api.asAdmin().body("""
                {"company": "%s", "lines": [{"item": "%s", "qty": 1, "price": 2}]}""".formatted(it, it))
                .post(INVOICE);
        assertThat(wrongForm.statusCode()).as(wrongForm.asString()).isEqualTo(422);
        assertThat(json(wrongForm).get("errors").toString()).contains("/data/company")
                .contains("LINK_TARGET_NOT_FOUND");
        // a row link to a missing item points at the row
        Response row = Api.asAdmin().body("""
                {"company": "%s", "lines": [{"item": "%s", "qty": 1, "price": 2}]}""".formatted(co,
                UUID.randomUUID())).post(INVOICE);
        assertThat(row.statusCode()).isEqualTo(422);
        assertThat(json(row).get("errors").toString()).contains("/data/lines/0/item");
    }

    @Test
    void aReferencedRecordCannotBeDeleted() {
        String co = company();
        String it = item(code(), "3");
        String inv = create(INVOICE, """
                {"company": "%s", "lines": [{"item": "%s", "qty": 1, "price": 3}]}""".formatted(co, it))
                .get("id").asText();
        Api.asAdmin().delete(COMPANY + "/" + co).then().statusCode(409).body("code", equalTo("RECORD_REFERENCED"));
        Api.asAdmin().get(COMPANY + "/" + co).then().statusCode(200);
        Api.asAdmin().delete(INVOICE + "/" + inv).then().statusCode(204);
        Api.asAdmin().delete(COMPANY + "/" + co).then().statusCode(204);
        Api.asAdmin().get(COMPANY + "/" + co).then().statusCode(404).body("code", equalTo("RECORD_NOT_FOUND"));
    }

    @Test
    void staleIfMatchIsRefusedAndWritesNothing() {
        String id = company();
        Api.asAdmin().header("If-Match", "\"1\"").body("{\"country\":\"BR\"}").patch(COMPANY + "/" + id).then()
                .statusCode(200).header("ETag", "\"2\"");
        Api.asAdmin().header("If-Match", "\"1\"").body("{\"country\":\"VN\"}").patch(COMPANY + "/" + id).then()
                .statusCode(412).contentType("application/problem+json");
        Api.asAdmin().get(COMPANY + "/" + id).then().statusCode(200).body("data.country", equalTo("BR"))
                .body("version", equalTo(2));
        Api.asAdmin().header("If-Match", "\"1\"").delete(COMPANY + "/" + id).then().statusCode(412);
        Api.asAdmin().get(COMPANY + "/" + id).then().statusCode(200);
    }

    @Test
    void historyHoldsBeforeAndAfterOfEveryChange() {
        String id = company();
        Api.asAdmin().body("{\"country\":\"AE\"}").patch(COMPANY + "/" + id).then().statusCode(200);
        Api.asAdmin().body("{\"country\":\"IN\"}").patch(COMPANY + "/" + id).then().statusCode(200);
        JsonNode h = json(Api.asAdmin().get(COMPANY + "/" + id + "/history"));
        JsonNode items = h.get("items");
        assertThat(items).hasSize(3);
        assertThat(items.get(0).get("action").asText()).isEqualTo("create");
        assertThat(items.get(0).get("before").isNull()).isTrue();
        assertThat(items.get(1).get("before").get("country")).isNull();
        assertThat(items.get(1).get("after").get("country").asText()).isEqualTo("AE");
        assertThat(items.get(2).get("before").get("country").asText()).isEqualTo("AE");
        assertThat(items.get(2).get("after").get("country").asText()).isEqualTo("IN");
        assertThat(items.get(2).get("version").asInt()).isEqualTo(3);
    }

    @Test
    void uniqueFieldsAreEnforcedByTheDatabaseEvenUnderConcurrency() throws Exception {
        String name = unique("Unique Co");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> Api.asAdmin().body("{\"name\":\"" + name + "\"}").post(COMPANY)
                        .statusCode()));
            }
            int created = 0;
            int conflicts = 0;
            for (Future<Integer> f : results) {
                int s = f.get();
                created += s == 201 ? 1 : 0;
                conflicts += s == 409 ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
            assertThat(conflicts).isEqualTo(15);
        } finally {
            pool.shutdown();
        }
        Response dup = Api.asAdmin().body("{\"name\":\"" + name + "\"}").post(COMPANY);
        assertThat(json(dup).get("code").asText()).isEqualTo("FIELD_NOT_UNIQUE");
        assertThat(json(dup).get("errors").get(0).get("pointer").asText()).isEqualTo("/data/name");
        // emails compare case-insensitively
        String email = UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        create(COMPANY, "{\"name\":\"" + unique("E1") + "\",\"email\":\"" + email + "\"}");
        Api.asAdmin().body("{\"name\":\"" + unique("E2") + "\",\"email\":\"" + email.toUpperCase() + "\"}")
                .post(COMPANY).then().statusCode(409).body("errors[0].pointer", equalTo("/data/email"));
    }

    @Test
    void autonumbersAreUniqueAndOrderedUnderConcurrency() throws Exception {
        String co = company();
        String it = item(code(), "1");
        String body = "{\"company\":\"" + co + "\",\"lines\":[{\"item\":\"" + it + "\",\"qty\":1,\"price\":1}]}";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<String> numbers = new ArrayList<>();
        try {
            List<Callable<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                tasks.add(() -> create(INVOICE, body).get("data").get("number").asText());
            }
            for (Future<String> f : pool.invokeAll(tasks)) {
                numbers.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(new HashSet<>(numbers)).hasSize(40);
        // in creation order, the numbers ascend
        String filter = URLEncoder.encode("{\"field\":\"company\",\"op\":\"eq\",\"value\":\"" + co + "\"}",
                StandardCharsets.UTF_8);
        JsonNode list = json(Api.asAdmin().urlEncodingEnabled(false)
                .get(INVOICE + "?limit=100&sort=number&filter=" + filter));
        List<String> sorted = new ArrayList<>();
        list.get("items").forEach(i -> sorted.add(i.get("data").get("number").asText()));
        assertThat(sorted).hasSize(40).isSorted().containsExactlyInAnyOrderElementsOf(numbers);
    }

    @Test
    void listFiltersSortsAndPagesWithCursors() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 7; i++) {
            create(COMPANY, "{\"name\":\"List " + tag + " " + i + "\",\"employees\":" + (i * 10) + ",\"country\":\""
                    + (i % 2 == 0 ? "DE" : "US") + "\"}");
        }
        String filter = URLEncoder.encode("""
                {"and": [{"field": "name", "op": "startsWith", "value": "List %s"},
                         {"field": "employees", "op": "gte", "value": 20},
                         {"not": {"field": "country", "op": "eq", "value": "US"}}]}""".formatted(tag),
                StandardCharsets.UTF_8);
        JsonNode page1 = json(Api.asAdmin().urlEncodingEnabled(false)
                .get(COMPANY + "?limit=1&sort=-employees&filter=" + filter));
        assertThat(page1.get("items")).hasSize(1);
        assertThat(page1.get("items").get(0).get("data").get("employees").asInt()).isEqualTo(60);
        List<Integer> seen = new ArrayList<>();
        seen.add(60);
        String cursor = page1.get("nextCursor").asText();
        while (cursor != null) {
            JsonNode page = json(
                    Api.asAdmin().urlEncodingEnabled(false).get(COMPANY + "?limit=1&sort=-employees&filter="
                            + filter + "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            page.get("items").forEach(i -> seen.add(i.get("data").get("employees").asInt()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        }
        assertThat(seen).containsExactly(60, 40, 20);
        // q searches the view's search fields, case-insensitively
        JsonNode q = json(Api.asAdmin().queryParam("q", "LIST " + tag.toUpperCase() + " 3").get(COMPANY));
        assertThat(q.get("items")).hasSize(1);
        // in / between
        String in = URLEncoder.encode("""
                {"and": [{"field": "name", "op": "startsWith", "value": "List %s"},
                         {"field": "employees", "op": "between", "value": [10, 30]}]}""".formatted(tag),
                StandardCharsets.UTF_8);
        assertThat(json(Api.asAdmin().urlEncodingEnabled(false).get(COMPANY + "?filter=" + in)).get("items"))
                .hasSize(3);
    }

    @Test
    void limitIsCappedAndBadListParametersAreRefused() {
        Api.asAdmin().get(COMPANY + "?limit=100000").then().statusCode(200);
        Api.asAdmin().queryParam("filter", "{\"field\":\"salary\",\"op\":\"eq\",\"value\":1}").get(COMPANY).then()
                .statusCode(400).body("errors[0].pointer", equalTo("/filter/field"));
        Api.asAdmin().queryParam("filter", "{\"field\":\"name\",\"op\":\"regex\",\"value\":\".*\"}").get(COMPANY)
                .then().statusCode(400).body("errors[0].pointer", equalTo("/filter/op"));
        Api.asAdmin().queryParam("filter", "{not json").get(COMPANY).then().statusCode(400);
        Api.asAdmin().queryParam("sort", "name; drop table record").get(COMPANY).then().statusCode(400);
        Api.asAdmin().queryParam("cursor", "garbage!!").get(COMPANY).then().statusCode(400);
    }

    @Test
    void sqlFragmentsInFilterValuesAreJustValues() {
        String hostile = "x' or '1'='1'; drop table record; --";
        create(COMPANY, "{\"name\":\"" + unique("Bobby") + "\",\"notes\":\"" + hostile.replace("\"", "") + "\"}");
        JsonNode r = json(Api.asAdmin().queryParam("filter",
                "{\"field\":\"name\",\"op\":\"eq\",\"value\":\"" + hostile + "\"}").get(COMPANY));
        assertThat(r.get("items")).isEmpty();
        JsonNode byNotes = json(Api.asAdmin().queryParam("filter",
                "{\"field\":\"notes\",\"op\":\"eq\",\"value\":\"" + hostile + "\"}").get(COMPANY));
        assertThat(byNotes.get("items")).hasSize(1);
        Api.asAdmin().queryParam("q", "%' or 1=1 --").get(COMPANY).then().statusCode(200).body("items.size()",
                equalTo(0));
    }

    @Test
    void aFormulaThatLoopsForeverFailsWithAScriptLimitAndStoresNothing() {
        Response r = Api.asAdmin().body("{\"n\": 1}").post("/api/apps/lab/forms/spin/records");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(422);
        assertThat(json(r).get("code").asText()).isEqualTo("SCRIPT_LIMIT");
        Response boom = Api.asAdmin().body("{\"n\": -1}").post("/api/apps/lab/forms/spin/records");
        assertThat(boom.statusCode()).isEqualTo(422);
        assertThat(json(boom).get("code").asText()).isEqualTo("SCRIPT_ERROR");
        assertThat(boom.asString()).doesNotContain("java.").doesNotContain("at com.").doesNotContain("Exception");
        // the engine recovered
        Response ok = Api.asAdmin().body("{\"n\": 0}").post("/api/apps/lab/forms/spin/records");
        assertThat(ok.statusCode()).as(ok.asString()).isEqualTo(201);
        JsonNode all = json(Api.asAdmin().get("/api/apps/lab/forms/spin/records"));
        for (JsonNode i : all.get("items")) {
            assertThat(i.get("data").get("n").asInt()).isZero();
        }
    }

    @Test
    void unknownAppsFormsAndIdsAre404Problems() {
        Api.asAdmin().get("/api/apps/nope/forms/company/records").then().statusCode(404)
                .body("code", equalTo("APP_NOT_FOUND"));
        Api.asAdmin().get("/api/apps/lab/forms/nope/records").then().statusCode(404)
                .body("code", equalTo("FORM_NOT_FOUND"));
        Api.asAdmin().get(COMPANY + "/not-a-uuid").then().statusCode(404);
        // a record of another form is not found through this form
        String it = item(code(), "1");
        Api.asAdmin().get(COMPANY + "/" + it).then().statusCode(404);
        Api.asAdmin().body("{\"name\":\"x\"}").patch(COMPANY + "/" + it).then().statusCode(404);
        Api.asAdmin().delete(COMPANY + "/" + it).then().statusCode(404);
        Api.asAdmin().get(ITEM + "/" + it).then().statusCode(200);
    }

    @Test
    void everyApiEndpointNeedsAToken() {
        String id = UUID.randomUUID().toString();
        for (String path : List.of("/api/apps", "/api/apps/lab", "/api/apps/lab/forms/company", COMPANY,
                COMPANY + "/" + id, COMPANY + "/" + id + "/history", "/api/admin/apps/problems",
                "/api/admin/clock")) {
            given().get(path).then().statusCode(401).contentType("application/problem+json");
            given().header("Authorization", "Bearer tw_forged").get(path).then().statusCode(401);
        }
        given().contentType("application/json").body("{\"name\":\"x\"}").post(COMPANY).then().statusCode(401);
        given().contentType("application/json").body("{}").patch(COMPANY + "/" + id).then().statusCode(401);
        given().delete(COMPANY + "/" + id).then().statusCode(401);
        given().post("/api/admin/apps/lab/seed").then().statusCode(401);
    }

    @Test
    void appsAndPublishedDefinitionsAreListed() {
        Api.asAdmin().get("/api/apps").then().statusCode(200).body("items.key", hasItem("lab"))
                .body("items.key", hasItem("trade-crm"));
        Api.asAdmin().get("/api/apps/lab").then().statusCode(200).body("forms.key", hasItem("invoice"));
        Api.asAdmin().get("/api/apps/lab/forms/invoice").then().statusCode(200).body("key", equalTo("invoice"))
                .body("fields[0].type", equalTo("autonumber"));
    }

    @Test
    void hostileBodiesToRecordsAreRefusedAndStoreNothing() {
        Api.asAdmin().body("{\"name\":\"nul\\u0000byte\"}").post(COMPANY).then().statusCode(400)
                .body("code", equalTo("VALUE_HAS_NUL")).body("errors[0].pointer", equalTo("/data/name"));
        String deep = "{\"name\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        Api.asAdmin().body(deep.getBytes(StandardCharsets.UTF_8)).post(COMPANY).then().statusCode(400)
                .body("code", equalTo("BODY_TOO_COMPLEX"));
        byte[] latin1 = "{\"name\":\"M\u00fcller\"}".getBytes(StandardCharsets.ISO_8859_1);
        Api.asAdmin().body(latin1).post(COMPANY).then().statusCode(400).body("code", equalTo("BODY_MALFORMED"));
        byte[] big = ("{\"name\":\"" + "a".repeat(10 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        Api.asAdmin().body(big).post(COMPANY).then().statusCode(413).body("code", equalTo("BODY_TOO_LARGE"));
        Api.asAdmin().body("{\"name\":\"" + "x".repeat(101) + "\"}").post(COMPANY).then().statusCode(422)
                .body("errors[0].code", equalTo("TOO_LONG"));
        Api.asAdmin().body("{\"name\":\"a\",\"name\":\"b\"}").post(COMPANY).then().statusCode(400)
                .body("code", equalTo("BODY_DUPLICATE_KEY"));
        Api.asAdmin().contentType("text/plain").body("name=x").post(COMPANY).then().statusCode(415);
        String none = "{\"field\":\"name\",\"op\":\"in\",\"value\":[\"a\",\"b\",\"M\u00fcller\",\"" + "x".repeat(101)
                + "\"]}";
        assertThat(json(Api.asAdmin().queryParam("filter", none).get(COMPANY)).get("items")).isEmpty();
    }
}
