package com.carbon254.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.devstack.testing.TestTokens;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** {@code GET /services} and {@code GET /services/{name}/timeline} over rows as the service-health projection writes them. */
@QuarkusTest
@QuarkusTestResource(ReadModelResource.class)
class ServiceResourceTest {

    private static final String READER = TestTokens.forRoles(Roles.DATASETS_READ);

    static final Instant T = Instant.parse("2025-10-01T12:00:00Z");

    @BeforeAll
    static void fill() {
        PlatformFixtures.serviceStatus("prod", "svc-gateway", "HEALTHY", T, T.plusSeconds(600), 12L, 0.0, null);
        PlatformFixtures.serviceStatus("prod", "svc-projector", "DEGRADED", T.plusSeconds(60), T.plusSeconds(600), 950L,
                0.12, "lag above 10 s");
        PlatformFixtures.serviceStatus("prod", "svc-query", "UNKNOWN", T, T, null, null, "no probe yet");
        PlatformFixtures.serviceStatus("staging", "svc-gateway", "UNHEALTHY", T.plusSeconds(30), T.plusSeconds(30),
                null, 1.0, "connection refused");

        PlatformFixtures.timeline("tl-1", "prod", "svc-gateway", "DEPLOYMENT", T.minusSeconds(3600),
                "DEPLOY 1.4.0 SUCCEEDED", "{\"version\":\"1.4.0\",\"status\":\"SUCCEEDED\"}");
        PlatformFixtures.timeline("tl-2", "prod", "svc-gateway", "HEALTH_TRANSITION", T.minusSeconds(600),
                "HEALTHY -> DEGRADED", "{\"healthStatus\":\"DEGRADED\"}");
        PlatformFixtures.timeline("tl-3", "prod", "svc-gateway", "CONFIG_CHANGE", T.minusSeconds(300),
                "max-connections 10 -> 20", "{\"key\":\"max-connections\",\"newValue\":\"20\",\"secret\":\"***\"}");
        PlatformFixtures.timeline("tl-4", "prod", "svc-gateway", "HEALTH_TRANSITION", T, "DEGRADED -> HEALTHY",
                "{\"healthStatus\":\"HEALTHY\"}");
        PlatformFixtures.timeline("tl-5", "staging", "svc-gateway", "HEALTH_TRANSITION", T.plusSeconds(30),
                "HEALTHY -> UNHEALTHY", "{\"healthStatus\":\"UNHEALTHY\"}");
        PlatformFixtures.timeline("tl-6", "prod", "svc-batch", "DEPLOYMENT", T, "DEPLOY 2.0.0 STARTED",
                "{\"version\":\"2.0.0\"}");
    }

    @Test
    void listsTheLatestHealthOfEveryService() {
        reader().get("/services").then().statusCode(200)
                .body("serviceName", contains("svc-gateway", "svc-projector", "svc-query", "svc-gateway"))
                .body("namespace", contains("prod", "prod", "prod", "staging"))
                .body("[1].healthStatus", equalTo("DEGRADED")).body("[1].statusSince", equalTo("2025-10-01T12:01:00Z"))
                .body("[1].reportedAt", equalTo("2025-10-01T12:10:00Z")).body("[1].latencyMs", equalTo(950))
                .body("[1].errorRate", equalTo(0.12f)).body("[1].message", equalTo("lag above 10 s"))
                .body("[2].latencyMs", nullValue()).body("[2].errorRate", nullValue());
    }

    @Test
    void filtersByStatusAndNamespace() {
        reader().queryParam("status", "DEGRADED").get("/services").then().statusCode(200)
                .body("serviceName", contains("svc-projector"));
        reader().queryParam("status", "unhealthy").get("/services").then().statusCode(200)
                .body("namespace", contains("staging"));
        reader().queryParam("namespace", "prod").get("/services").then().statusCode(200).body("$", hasSize(3));
        reader().queryParam("namespace", "prod").queryParam("status", "UNHEALTHY").get("/services").then()
                .statusCode(200).body("$", hasSize(0));
        reader().queryParam("status", "SICK").get("/services").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("status"))
                .body("errors[0].problem", containsString("HEALTHY"));
    }

    @Test
    void showsAServiceTimelineNewestFirst() {
        reader().get("/services/svc-gateway/timeline").then().statusCode(200)
                .body("serviceName", equalTo("svc-gateway")).body("namespace", nullValue())
                .body("entries.eventId", contains("tl-5", "tl-4", "tl-3", "tl-2", "tl-1"));
        reader().queryParam("namespace", "prod").get("/services/svc-gateway/timeline").then().statusCode(200)
                .body("namespace", equalTo("prod"))
                .body("entries.kind", contains("HEALTH_TRANSITION", "CONFIG_CHANGE", "HEALTH_TRANSITION", "DEPLOYMENT"))
                .body("entries[0].summary", equalTo("DEGRADED -> HEALTHY"))
                .body("entries[0].occurredAt", equalTo("2025-10-01T12:00:00Z"))
                .body("entries[1].details.secret", equalTo("***"));
        reader().queryParam("namespace", "prod").queryParam("limit", 2).get("/services/svc-gateway/timeline").then()
                .statusCode(200).body("entries.eventId", contains("tl-4", "tl-3"));
        // known from a deployment alone
        reader().get("/services/svc-batch/timeline").then().statusCode(200).body("entries.eventId", contains("tl-6"));
        // known with a status but no timeline entry
        reader().get("/services/svc-query/timeline").then().statusCode(200).body("entries", hasSize(0));
    }

    @Test
    void unknownServicesAndBadLimitsAreProblems() {
        reader().get("/services/svc-nope/timeline").then().statusCode(404).contentType("application/problem+json")
                .body("title", equalTo("Service not found"));
        reader().queryParam("namespace", "dev").get("/services/svc-gateway/timeline").then().statusCode(404);
        reader().queryParam("limit", 0).get("/services/svc-gateway/timeline").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        reader().queryParam("limit", 101).get("/services/svc-gateway/timeline").then().statusCode(400);
        reader().queryParam("limit", "ten").get("/services/svc-gateway/timeline").then().statusCode(400)
                .body("errors[0].problem", containsString("whole number"));
    }

    /** A request with the token of a caller allowed to read datasets and the platform views. */
    private static RequestSpecification reader() {
        return given().auth().oauth2(READER);
    }
}
