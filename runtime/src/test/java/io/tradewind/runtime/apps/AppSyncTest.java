package io.tradewind.runtime.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class AppSyncTest {
    @Inject
    AppSync sync;
    @Inject
    Pool pool;

    @Test
    void aBrokenPackageIsRefusedWithAllItsProblemsAndTheOthersLoad() throws Exception {
        JsonNode body = new ObjectMapper().readTree(Api.asAdmin().get("/api/admin/apps/problems").asString());
        JsonNode broken = null;
        for (JsonNode item : body.get("items")) {
            if (item.get("package").asText().equals("broken")) {
                broken = item;
            }
        }
        assertThat(broken).as(body.toString()).isNotNull();
        Set<String> codes = new HashSet<>();
        broken.get("problems").forEach(p -> codes.add(p.get("code").asText() + " " + p.get("pointer").asText()));
        assertThat(codes).contains("MENU_UNKNOWN_FORM /menu/0/form", "LINK_UNKNOWN_FORM /fields/0/form",
                "FIELD_DUPLICATE_KEY /fields/1/key", "DEFAULT_NOT_AN_OPTION /fields/4/default");
        assertThat(codes).anyMatch(c -> c.startsWith("FORMULA_CYCLE"));
        Api.asAdmin().get("/api/apps/broken").then().statusCode(404).body("code", equalTo("APP_NOT_FOUND"));
        Api.asAdmin().get("/api/apps/lab").then().statusCode(200);
        Api.asAdmin().get("/api/apps/trade-crm").then().statusCode(200);
    }

    @Test
    void packagesSyncByContentHashAndABrokenUpdateKeepsTheLastGoodVersion() throws IOException {
        Path root = Files.createTempDirectory("tw-sync");
        Path pkg = root.resolve("synced");
        copy(Path.of("src/test/apps/lab"), pkg);
        Path appJson = pkg.resolve("app.json");
        Files.writeString(appJson, Files.readString(appJson).replace("\"lab\"", "\"synced\""));

        sync.sync(List.of(root));
        assertThat(versions()).containsEntry("company", 1).containsEntry("invoice", 1).containsEntry("item", 1);
        sync.sync(List.of(root));
        assertThat(versions()).containsEntry("company", 1).containsEntry("invoice", 1);
        assertThat(rows()).isEqualTo(4);

        // one form changes: only it gets a new version, and the new definition is served
        Path item = pkg.resolve("forms/item.form.json");
        Files.writeString(item, Files.readString(item).replace("{\"key\": \"name\", \"type\": \"text\"}",
                "{\"key\": \"name\", \"type\": \"text\", \"required\": true}"));
        sync.sync(List.of(root));
        assertThat(versions()).containsEntry("item", 2).containsEntry("company", 1);
        // each publication is in the audit log, naming the forms that got a new version
        List<String> published = pool.query("select detail->>'forms' from audit_log where tenant_id = 'default'"
                + " and action = 'definition.publish' and target_id = 'synced' order by seq").execute()
                .map(rs -> {
                    List<String> out = new java.util.ArrayList<>();
                    rs.forEach(r -> out.add(r.getString(0)));
                    return out;
                }).await().indefinitely();
        assertThat(published).hasSize(2).last().isEqualTo("{\"item\": 2}");
        Api.asAdmin().body("{\"code\":\"ABC-1\"}").post("/api/apps/synced/forms/item/records").then()
                .statusCode(422).body("errors[0].pointer", equalTo("/data/name"));

        // a broken update is refused; the tenant keeps version 2
        Files.writeString(item, Files.readString(item).replace("\"required\": true", "\"required\": \"yes\""));
        sync.sync(List.of(root));
        assertThat(sync.refused()).containsKey("synced");
        assertThat(versions()).containsEntry("item", 2);
        Api.asAdmin().body("{\"code\":\"ABC-2\"}").post("/api/apps/synced/forms/item/records").then()
                .statusCode(422).body("errors[0].pointer", equalTo("/data/name"));
        Api.asAdmin().body("{\"code\":\"ABC-3\",\"name\":\"ok\"}").post("/api/apps/synced/forms/item/records")
                .then().statusCode(201);
    }

    private Map<String, Integer> versions() {
        return pool.preparedQuery("select form_key, max(version) from form_definition where tenant_id = 'default'"
                + " and app_key = 'synced' group by form_key").execute(Tuple.tuple()).map(rows -> {
                    Map<String, Integer> m = new TreeMap<>();
                    for (Row r : rows) {
                        m.put(r.getString(0), r.getInteger(1));
                    }
                    return m;
                }).await().indefinitely();
    }

    private long rows() {
        return pool.query("select count(*) from form_definition where tenant_id = 'default' and app_key = 'synced'")
                .execute()
                .map(r -> r.iterator().next().getLong(0)).await().indefinitely();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
