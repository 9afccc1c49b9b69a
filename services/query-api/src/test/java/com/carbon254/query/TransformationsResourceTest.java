package com.carbon254.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.devstack.testing.TestTokens;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** {@code GET /transformations} over real rows, as the transformations projection writes them. */
@QuarkusTest
@QuarkusTestResource(ReadModelResource.class)
class TransformationsResourceTest {

    private static final String READER = TestTokens.forRoles(Roles.DATASETS_READ);
    private static final Instant T = Instant.parse("2025-10-02T06:00:00Z");

    @BeforeAll
    static void fill() {
        PlatformFixtures.transformationRun("tr.orders_daily", "r1", new String[] { "tr.raw_orders", "tr.customers" },
                "tr.orders", "FAILURE", T, "relation tr.customers does not exist");
        PlatformFixtures.transformationRun("tr.orders_daily", "r2", new String[] { "tr.raw_orders", "tr.customers" },
                "tr.orders", "SUCCESS", T.plusSeconds(3600), null);
        PlatformFixtures.transformationRun("tr.revenue", "r7", new String[] { "tr.orders" }, "tr.revenue", "PARTIAL",
                T.plusSeconds(1800), "disk full");
        PlatformFixtures.transformationRun("tr.other", "r1", new String[] { "tr.elsewhere" }, "tr.unrelated",
                "SUCCESS", T.plusSeconds(60), null);
    }

    @Test
    void listsTheRunsThatWroteOrReadADatasetNewestFirst() {
        // tr.orders is the output of orders_daily and an input of revenue
        reader().queryParam("dataset", "tr.orders").get("/transformations").then().statusCode(200)
                .body("dataset", equalTo("tr.orders")).body("job", nullValue())
                .body("runs.collect { it.jobName + '/' + it.runId }",
                        contains("tr.orders_daily/r2", "tr.revenue/r7", "tr.orders_daily/r1"))
                .body("runs[0].status", equalTo("SUCCESS")).body("runs[0].outputDataset", equalTo("tr.orders"))
                .body("runs[0].inputDatasets", contains("tr.raw_orders", "tr.customers"))
                .body("runs[0].engine", equalTo("dbt")).body("runs[0].recordsIn", equalTo(1000))
                .body("runs[0].recordsOut", equalTo(900)).body("runs[0].durationMs", equalTo(42000))
                .body("runs[0].errorMessage", nullValue()).body("runs[0].metadata.scheduler", equalTo("airflow"))
                .body("runs[0].finishedAt", equalTo("2025-10-02T07:00:00Z"))
                .body("runs[2].status", equalTo("FAILURE"))
                .body("runs[2].errorMessage", equalTo("relation tr.customers does not exist"));
        // an input only
        reader().queryParam("dataset", "tr.customers").get("/transformations").then().statusCode(200)
                .body("runs.runId", contains("r2", "r1"));
        reader().queryParam("dataset", "tr.nowhere").get("/transformations").then().statusCode(200)
                .body("runs", empty());
    }

    @Test
    void filtersByJobAndDatasetTogetherAndLimits() {
        reader().queryParam("job", "tr.orders_daily").get("/transformations").then().statusCode(200)
                .body("job", equalTo("tr.orders_daily")).body("runs.runId", contains("r2", "r1"));
        reader().queryParam("job", "tr.revenue").queryParam("dataset", "tr.orders").get("/transformations").then()
                .statusCode(200).body("runs.collect { it.jobName + '/' + it.runId }", contains("tr.revenue/r7"))
                .body("runs[0].status", equalTo("PARTIAL"));
        reader().queryParam("job", "tr.other").queryParam("dataset", "tr.orders").get("/transformations").then()
                .statusCode(200).body("runs", empty());
        reader().queryParam("dataset", "tr.orders").queryParam("limit", 1).get("/transformations").then()
                .statusCode(200).body("runs.runId", contains("r2"));
    }

    @Test
    void refusesInvalidParametersWithTheField() {
        for (String limit : new String[] { "0", "-1", "many", "101" }) {
            reader().queryParam("limit", limit).get("/transformations").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem("limit"));
        }
        reader().queryParam("dataset", "d".repeat(256)).queryParam("job", "j".repeat(256)).get("/transformations")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("dataset")).body("errors.field", hasItem("job"));
    }

    @Test
    void requiresTheDatasetsReadRole() {
        given().get("/transformations").then().statusCode(401);
        given().auth().oauth2(TestTokens.forRoles(Roles.EVENTS_WRITE)).get("/transformations").then()
                .statusCode(403).contentType("application/problem+json");
    }

    private static RequestSpecification reader() {
        return given().auth().oauth2(READER);
    }
}
