package com.carbon254.query.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import com.carbon254.query.ReadModelResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Readiness reports every dependency this service needs: PostgreSQL, search and Kafka (it publishes the ApiCall and
 * DataAccess audit). Liveness reports none of them (restarting the service would not bring a dependency back). {@code ReadinessIT} runs the same against the packaged application.
 */
@QuarkusTest
@QuarkusTestResource(ReadModelResource.class)
class ReadinessTest {

    static final String MESSAGING = "SmallRye Reactive Messaging - readiness check";
    static final String POSTGRES = "Reactive PostgreSQL connections health check";
    static final String SEARCH = "Elasticsearch cluster health check";

    @Test
    void readinessReportsEachDependencyAndLivenessNone() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(POSTGRES, SEARCH, MESSAGING))
                .body("checks.status", everyItem(equalTo("UP")));
        given().when().get("/q/health/live").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", not(hasItem(POSTGRES)))
                .body("checks.name", not(hasItem(SEARCH)))
                .body("checks.name", not(hasItem("schema-registry")));
    }

    @Test
    void metricsAreServedForPrometheus() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("# TYPE jvm_memory_used_bytes gauge");
    }
}
