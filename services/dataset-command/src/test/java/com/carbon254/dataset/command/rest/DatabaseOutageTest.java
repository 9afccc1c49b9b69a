package com.carbon254.dataset.command.rest;

import static com.carbon254.dataset.command.Datasets.body;
import static com.carbon254.dataset.command.Datasets.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.EnumSet;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.devstack.Component;
import com.carbon254.devstack.EmbeddedStack;
import com.carbon254.devstack.testing.EmbeddedStackResource;
import com.carbon254.devstack.testing.SharedStack;
import com.carbon254.devstack.testing.TestTokens;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * While PostgreSQL is down (killed, as a crash would), a command is answered 503 with {@code Retry-After} and a
 * problem body, never 500: nothing was applied and the client may retry. Once the database is back, commands succeed
 * again and the service is ready again, without a restart.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedStackResource.class,
        initArgs = @ResourceArg(name = EmbeddedStackResource.COMPONENTS, value = "kafka,registry,postgres"))
class DatabaseOutageTest {

    static final String WRITER = TestTokens.forRoles(Roles.DATASETS_WRITE, Roles.DATASETS_READ);

    @Test
    void aCommandWhileTheDatabaseIsDownIs503AndSucceedsOnceItIsBack() {
        EmbeddedStack stack = SharedStack.get(EnumSet.of(Component.KAFKA, Component.REGISTRY, Component.POSTGRES));
        stack.kill(Component.POSTGRES);
        try {
            given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(body(uniqueName("outage")))
                    .when().post("/datasets")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("type", equalTo("urn:carbon254:problem:dependency-unavailable"))
                    .body("status", equalTo(503));
        } finally {
            stack.restart(Component.POSTGRES);
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(body(uniqueName("outage")))
                        .when().post("/datasets")
                        .then().statusCode(201));
        // Readiness too (both pools, the reactive one and the JDBC one Flyway uses, drop their dead connections).
        Awaitility.await().atMost(Duration.ofMinutes(3)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
    }
}
