package com.carbon254.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.devstack.testing.TestTokens;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * {@code GET /lineage/{datasetName}} over a graph with a cycle (a → b → c → a), a second job on one edge, a branch
 * out of the cycle, an extra upstream and a removed edge; and apart, edges observed in transformation runs.
 */
@QuarkusTest
@QuarkusTestResource(ReadModelResource.class)
class LineageResourceTest {

    private static final String READER = TestTokens.forRoles(Roles.DATASETS_READ);

    static final Instant T = Instant.parse("2025-09-01T08:00:00Z");

    @BeforeAll
    static void fill() {
        PlatformFixtures.edge("lin.a", "lin.b", "job-ab", "filter", T, false);
        PlatformFixtures.edge("lin.a", "lin.b", "job-ab2", null, T.plusSeconds(1), false);
        PlatformFixtures.edge("lin.b", "lin.c", "job-bc", "join", T, false);
        PlatformFixtures.edge("lin.c", "lin.a", "", null, T, false);
        PlatformFixtures.edge("lin.c", "lin.f", "job-cf", "aggregate", T, false);
        PlatformFixtures.edge("lin.d", "lin.a", "job-da", "copy", T, false);
        PlatformFixtures.edge("lin.b", "lin.e", "job-be", "copy", T, true);
        // apart: x → y declared and observed in a run of the same job, y → z only observed in a run
        PlatformFixtures.edge("lin.x", "lin.y", "job-xy", "dedupe", T, false);
        PlatformFixtures.runEdge("lin.x", "lin.y", "job-xy", "r4", T.plusSeconds(60));
        PlatformFixtures.runEdge("lin.y", "lin.z", "job-yz", "r5", T.plusSeconds(120));
    }

    static ValidatableResponse walk(String dataset, String direction, Integer depth) {
        var request = reader();
        if (direction != null) {
            request = request.queryParam("direction", direction);
        }
        if (depth != null) {
            request = request.queryParam("depth", depth);
        }
        return request.get("/lineage/{name}", dataset).then().statusCode(200);
    }

    @Test
    void walksDownstreamToADepthWithoutLoopingOnTheCycle() {
        walk("lin.a", "downstream", 1).body("datasetName", equalTo("lin.a")).body("direction", equalTo("downstream"))
                .body("depth", equalTo(1))
                .body("nodes.name", contains("lin.a", "lin.b")).body("nodes.distance", contains(0, 1))
                .body("edges.jobName", contains("job-ab", "job-ab2"));
        walk("lin.a", "downstream", 2).body("nodes.name", contains("lin.a", "lin.b", "lin.c"))
                .body("edges.target", contains("lin.b", "lin.b", "lin.c"));
        // depth 3: the cycle closes (c → a is listed, a is not visited again), the branch to f appears, the removed
        // edge to e never does
        walk("lin.a", "downstream", 3).body("nodes.name", contains("lin.a", "lin.b", "lin.c", "lin.f"))
                .body("nodes.distance", contains(0, 1, 2, 3))
                .body("edges.collect { it.source + '>' + it.target }",
                        contains("lin.a>lin.b", "lin.a>lin.b", "lin.b>lin.c", "lin.c>lin.a", "lin.c>lin.f"))
                .body("edges.find { it.source == 'lin.c' && it.target == 'lin.a' }.jobName", nullValue())
                .body("edges.find { it.target == 'lin.c' }.transformation", equalTo("join"))
                .body("edges.find { it.target == 'lin.c' }.updatedAt", equalTo("2025-09-01T08:00:00Z"));
        // the deepest walk ends too, with the same graph
        walk("lin.a", "downstream", 10).body("nodes.name", contains("lin.a", "lin.b", "lin.c", "lin.f"));
        // defaults: downstream, depth 3
        walk("lin.a", null, null).body("direction", equalTo("downstream")).body("depth", equalTo(3))
                .body("nodes.name", contains("lin.a", "lin.b", "lin.c", "lin.f"));
        // starting inside the cycle
        walk("lin.b", "downstream", 2).body("nodes.name", contains("lin.b", "lin.c", "lin.a", "lin.f"))
                .body("nodes.distance", contains(0, 1, 2, 2));
    }

    @Test
    void walksUpstreamToADepthWithoutLoopingOnTheCycle() {
        walk("lin.a", "upstream", 1).body("nodes.name", contains("lin.a", "lin.c", "lin.d"))
                .body("nodes.distance", contains(0, 1, 1))
                .body("edges.collect { it.source + '>' + it.target }", contains("lin.c>lin.a", "lin.d>lin.a"));
        walk("lin.a", "UPSTREAM", 2).body("direction", equalTo("upstream"))
                .body("nodes.name", contains("lin.a", "lin.c", "lin.d", "lin.b"))
                .body("edges.collect { it.source + '>' + it.target }",
                        containsInAnyOrder("lin.b>lin.c", "lin.c>lin.a", "lin.d>lin.a"));
        // depth 3: b's upstream is a, already on the path: the edge is listed, nothing new is reached
        walk("lin.a", "upstream", 3).body("nodes.name", contains("lin.a", "lin.c", "lin.d", "lin.b"))
                .body("edges.collect { it.source + '>' + it.target }", containsInAnyOrder("lin.a>lin.b",
                        "lin.a>lin.b", "lin.b>lin.c", "lin.c>lin.a", "lin.d>lin.a"));
        walk("lin.f", "upstream", 10).body("nodes.name", contains("lin.f", "lin.c", "lin.b", "lin.a", "lin.d"))
                .body("nodes.distance", contains(0, 1, 2, 3, 4));
    }

    @Test
    void edgesObservedInTransformationRunsAreWalkedWithTheDeclaredOnes() {
        walk("lin.x", "downstream", 3).body("nodes.name", contains("lin.x", "lin.y", "lin.z"))
                .body("nodes.distance", contains(0, 1, 2))
                .body("edges.collect { it.source + '>' + it.target + ' ' + it.jobName + ' ' + it.origin }", contains(
                        "lin.x>lin.y job-xy data-lineage", "lin.x>lin.y job-xy data-transformation",
                        "lin.y>lin.z job-yz data-transformation"))
                .body("edges.find { it.origin == 'data-lineage' }.transformation", equalTo("dedupe"))
                .body("edges.find { it.origin == 'data-lineage' }.runId", nullValue())
                .body("edges.find { it.target == 'lin.z' }.runId", equalTo("r5"))
                .body("edges.find { it.target == 'lin.z' }.transformation", nullValue())
                .body("edges.find { it.target == 'lin.z' }.updatedAt", equalTo("2025-09-01T08:02:00Z"));
        // a dataset only a run connects is in the graph
        walk("lin.z", "upstream", 3).body("nodes.name", contains("lin.z", "lin.y", "lin.x"))
                .body("edges.collect { it.source + '>' + it.target + ' ' + it.origin }", contains(
                        "lin.x>lin.y data-lineage", "lin.x>lin.y data-transformation",
                        "lin.y>lin.z data-transformation"));
    }

    @Test
    void unknownDatasetsAndBadParametersAreProblems() {
        reader().get("/lineage/lin.nowhere").then().statusCode(404).contentType("application/problem+json");
        // only a removed edge: not in the graph
        reader().get("/lineage/lin.e").then().statusCode(404);
        reader().queryParam("direction", "sideways").queryParam("depth", 0).get("/lineage/lin.a").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("direction", "depth"));
        reader().queryParam("depth", 11).get("/lineage/lin.a").then().statusCode(400)
                .body("errors[0].field", equalTo("depth"));
        reader().queryParam("depth", "deep").get("/lineage/lin.a").then().statusCode(400)
                .body("errors[0].field", equalTo("depth"));
    }

    /** A request with the token of a caller allowed to read datasets and the platform views. */
    private static RequestSpecification reader() {
        return given().auth().oauth2(READER);
    }
}
