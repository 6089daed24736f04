package io.tradewind.runtime.flow;

import static io.tradewind.runtime.flow.FlowFixture.act;
import static io.tradewind.runtime.flow.FlowFixture.as;
import static io.tradewind.runtime.flow.FlowFixture.press;
import static io.tradewind.runtime.flow.FlowFixture.request;
import static io.tradewind.runtime.flow.FlowFixture.taskOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tradewind.model.AppPackage;
import io.tradewind.model.AppPackageLoader;
import io.tradewind.model.flow.FlowDefinition;
import io.tradewind.runtime.job.JobHandler;
import io.tradewind.runtime.job.Jobs;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Versions: a running instance stays on the version it started with when a changed flow is
 * published; an admin migrates it to the new version with a node mapping (refused, changing
 * nothing, when a token would land nowhere).
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class FlowMigrationTest {
    @Inject
    Pool pool;
    @Inject
    Jobs jobs;
    @Inject
    FlowCatalog catalog;
    @Inject
    ObjectMapper mapper;
    @Inject
    @Any
    Instance<JobHandler> handlers;

    private AppPackage original;

    @BeforeEach
    void setUp() {
        FlowFixture.setUp(pool, jobs, handlers.stream().toList());
        original = AppPackageLoader.load(Path.of("src/test/apps/flowlab")).pkg();
    }

    @AfterEach
    void restore() {
        catalog.install("default", original);
    }

    /** The package with approve-seq's waiting node renamed from 'turns' to 'inTurn'. */
    private AppPackage renamed() throws Exception {
        String json = mapper.writeValueAsString(original.flows().get("approve-seq")).replace("\"turns\"",
                "\"inTurn\"");
        Map<String, FlowDefinition> flows = new LinkedHashMap<>(original.flows());
        flows.put("approve-seq", mapper.readValue(json, FlowDefinition.class));
        return new AppPackage(original.app(), original.forms(), original.contentHash() + "-v2", original.seedDir(),
                original.seedFiles(), original.reports(), original.dashboards(), flows);
    }

    private static int version(String inst) {
        return Api.asAdmin().get("/api/flow-instances/" + inst).then().statusCode(200).extract().path("version");
    }

    @Test
    void runningInstancesKeepTheirVersionUntilAnAdminMigratesThem() throws Exception {
        String oldOne = press("staff", request("staff", Map.of("title", "Old", "amount", 1)), "approve-seq")
                .statusCode(201).extract().path("id");
        String other = press("staff", request("staff", Map.of("title", "Old too", "amount", 1)), "approve-seq")
                .statusCode(201).extract().path("id");
        int v1 = version(oldOne);
        catalog.install("default", renamed());
        String newOne = press("staff", request("staff", Map.of("title", "New", "amount", 1)), "approve-seq")
                .statusCode(201).body("waitingAt[0].node", equalTo("inTurn")).extract().path("id");
        org.junit.jupiter.api.Assertions.assertEquals(v1 + 1, version(newOne));
        org.junit.jupiter.api.Assertions.assertEquals(v1, version(oldOne));

        // the old instance goes on along its own version
        act("m2", taskOf("m2", other), "approve", Map.of()).statusCode(200).body("instance.waitingAt[0].node",
                equalTo("turns")).body("instance.version", equalTo(v1));

        // migration: refused without a mapping for the waiting node, by a non-admin, to an unknown version
        String path = "/api/admin/flow-instances/" + oldOne + "/migrate";
        Api.asAdmin().body(Map.of("version", v1 + 1)).post(path).then().statusCode(422).body("code", equalTo(
                "MIGRATION_INVALID")).body("errors.pointer", hasItem("/nodes/turns"));
        Api.asAdmin().body(Map.of("version", 99)).post(path).then().statusCode(400).body("code", equalTo(
                "VERSION_UNKNOWN"));
        as("staff").body(Map.of("version", v1 + 1, "nodes", Map.of("turns", "inTurn"))).post(path).then()
                .statusCode(403);
        Api.asAdmin().body(Map.of("version", "two")).post(path).then().statusCode(422).body("errors[0].pointer",
                equalTo("/version"));
        org.junit.jupiter.api.Assertions.assertEquals(v1, version(oldOne));

        Api.asAdmin().body(Map.of("version", v1 + 1, "nodes", Map.of("turns", "inTurn"))).post(path).then()
                .statusCode(200).body("version", equalTo(v1 + 1)).body("waitingAt[0].node", equalTo("inTurn"))
                .body("openTasks[0].node", equalTo("inTurn"));
        act("m2", taskOf("m2", oldOne), "approve", Map.of()).statusCode(200);
        act("m1", taskOf("m1", oldOne), "approve", Map.of()).statusCode(200).body("instance.status", equalTo(
                "approved"));

        // every running instance of a version at once
        Api.asAdmin().body(Map.of("app", "flowlab", "flow", "approve-seq", "fromVersion", v1, "toVersion", v1 + 1,
                "nodes", Map.of("turns", "inTurn"))).post("/api/admin/flow-migrations").then().statusCode(200)
                .body("refused.size()", equalTo(0));
        org.junit.jupiter.api.Assertions.assertEquals(v1 + 1, version(other));
    }
}
