package com.carbon254.dataset.command.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import com.carbon254.devstack.testing.EmbeddedStackResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Readiness reports every dependency this service needs: the broker, the schema registry and PostgreSQL. Liveness reports none of them (restarting
 * the service would not bring a dependency back). {@code ReadinessIT} runs the same against the packaged application.
 */
@QuarkusTest
// The same resources as the module's other tests: one Quarkus application for all of them.
@WithTestResource(value = EmbeddedStackResource.class,
        initArgs = @ResourceArg(name = EmbeddedStackResource.COMPONENTS, value = "kafka,registry,postgres"))
class ReadinessTest {

    static final String MESSAGING = "SmallRye Reactive Messaging - readiness check";
    static final String POSTGRES = "Reactive PostgreSQL connections health check";
    static final String SEARCH = "Elasticsearch cluster health check";

    @Test
    void readinessReportsEachDependencyAndLivenessNone() {
        String ready = given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("schema-registry", MESSAGING, POSTGRES))
                .extract().asString();
        assertThat(ready).as("the channel is part of readiness").contains("events-out");
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
