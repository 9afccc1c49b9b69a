package com.carbon254.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.devstack.testing.TestTokens;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** {@code GET /quality/{datasetName}} and {@code GET /quality?below=} over real rows, as the quality projection writes them. */
@QuarkusTest
@QuarkusTestResource(ReadModelResource.class)
class QualityResourceTest {

    private static final String READER = TestTokens.forRoles(Roles.DATASETS_READ);
    private static final Instant W1 = Instant.parse("2025-11-21T10:00:00Z");
    private static final Instant W2 = Instant.parse("2025-11-21T10:05:00Z");

    @BeforeAll
    static void fill() {
        PlatformFixtures.qualityWindow("dq.orders", W1, 4, 3, 1, new String[] { "not-null-id" }, 0);
        // its latest window passes everything
        PlatformFixtures.qualityWindow("dq.orders", W2, 4, 4, 0, new String[] {}, 1);
        PlatformFixtures.qualityWindow("dq.trades", W2, 10, 9, 0, new String[] { "unique-key" }, 0);
        PlatformFixtures.qualityWindow("dq.prices", W1, 10, 5, 2, new String[] { "fresh", "range" }, 0);
    }

    @Test
    void answersTheWindowsInRangeWithTheirChecks() {
        reader().queryParam("from", W1.toString()).queryParam("to", W2.plusSeconds(300).toString())
                .get("/quality/{name}", "dq.orders").then().statusCode(200)
                .body("datasetName", equalTo("dq.orders")).body("windows", hasSize(2))
                .body("windows[0].windowStart", equalTo("2025-11-21T10:00:00Z"))
                .body("windows[0].checks", equalTo(4)).body("windows[0].passed", equalTo(3))
                .body("windows[0].failed", equalTo(1)).body("windows[0].passRate", equalTo(0.75f))
                .body("windows[0].criticalFailures", equalTo(1))
                .body("windows[0].failedChecks", contains("not-null-id"))
                .body("windows[1].late", equalTo(true)).body("windows[1].updateSequence", equalTo(1))
                .body("windows[1].failedChecks", empty());
    }

    @Test
    void listsTheDatasetsWhoseLatestWindowIsBelowAPassRateLowestFirst() {
        reader().queryParam("below", "0.95").get("/quality").then().statusCode(200)
                .body("below", equalTo(0.95f))
                .body("datasets.datasetName", contains("dq.prices", "dq.trades"))
                .body("datasets[0].latest.passRate", equalTo(0.5f))
                .body("datasets[0].latest.failedChecks", contains("fresh", "range"));
        reader().queryParam("below", "0.6").get("/quality").then().statusCode(200)
                .body("datasets.datasetName", contains("dq.prices"));
        // without a threshold: every dataset whose latest window failed a check
        reader().get("/quality").then().statusCode(200)
                .body("datasets.datasetName", contains("dq.prices", "dq.trades"));
    }

    @Test
    void refusesAPassRateOutsideZeroToOneWithTheField() {
        for (String below : new String[] { "1.5", "-0.1", "abc", "0.1234567" }) {
            reader().queryParam("below", below).get("/quality").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem("below"));
        }
        reader().queryParam("from", W2.toString()).queryParam("to", W1.toString())
                .get("/quality/{name}", "dq.orders").then().statusCode(400).body("errors.field", hasItem("from"));
    }

    @Test
    void requiresTheDatasetsReadRole() {
        given().get("/quality").then().statusCode(401);
        given().auth().oauth2(TestTokens.forRoles(Roles.EVENTS_WRITE)).get("/quality/{name}", "dq.orders").then()
                .statusCode(403);
    }

    private static RequestSpecification reader() {
        return given().auth().oauth2(READER);
    }
}
