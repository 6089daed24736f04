package io.tradewind.runtime.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;

/** With {@code tradewind.reports.cache.enabled=false} every call runs its statement. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestProfile(ReportCacheDisabledTest.CacheOff.class)
class ReportCacheDisabledTest {

    /** The cache is off; everything else would be cached. */
    public static class CacheOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tradewind.reports.cache.enabled", "false", "tradewind.reports.cache.min-duration", "0s");
        }
    }

    @Test
    void aDisabledCacheRunsEveryCallAndSaysSo() {
        Api.asAdmin().body(Map.of("name", "Uncached", "stage", "won", "amount", 5)).post(
                "/api/apps/rep/forms/deal/records").then().statusCode(201);
        JsonPath first = data();
        JsonPath second = data();

        assertThat(first.getBoolean("cache.hit")).isFalse();
        assertThat(second.getBoolean("cache.hit")).isFalse();
        assertThat(second.getList("rows")).isEqualTo(first.getList("rows"));
        assertThat(java.time.Instant.parse(second.getString("cache.computedAt"))).isAfterOrEqualTo(
                java.time.Instant.parse(first.getString("cache.computedAt")));
    }

    private static JsonPath data() {
        return Api.asAdmin().get("/api/apps/rep/reports/by-stage/data").then().statusCode(200).extract().jsonPath();
    }
}
