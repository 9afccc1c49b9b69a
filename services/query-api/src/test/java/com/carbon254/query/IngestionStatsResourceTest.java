package com.carbon254.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.devstack.testing.TestTokens;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** {@code GET /ingestion-stats/{datasetName}} over real PostgreSQL rows, as the ingestion-stats projection writes them. */
@QuarkusTest
@QuarkusTestResource(ReadModelResource.class)
class IngestionStatsResourceTest {

    private static final String READER = TestTokens.forRoles(Roles.DATASETS_READ);

    static final String DATASET = "ing.orders";
    static final Instant W1 = Instant.parse("2025-11-20T10:00:00Z");
    static final Instant W2 = Instant.parse("2025-11-20T10:05:00Z");
    static final Instant W3 = Instant.parse("2025-11-20T10:10:00Z");
    static final Instant RECENT = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
    static final Instant OLD = RECENT.minus(30, ChronoUnit.HOURS);

    @BeforeAll
    static void fill() {
        PlatformFixtures.window(DATASET, W1, 10, false, 0);
        PlatformFixtures.window(DATASET, W2, 20, true, 2);
        PlatformFixtures.window(DATASET, W3, 30, false, 0);
        PlatformFixtures.window("ing.other", W2, 99, false, 0);
        PlatformFixtures.window(DATASET, RECENT, 5, false, 0);
        PlatformFixtures.window(DATASET, OLD, 6, false, 0);
    }

    @Test
    void answersTheWindowsInRangeWithEveryAggregate() {
        reader().queryParam("from", W2.toString()).queryParam("to", W3.toString())
                .get("/ingestion-stats/{name}", DATASET).then().statusCode(200)
                .body("datasetName", equalTo(DATASET)).body("from", equalTo(W2.toString()))
                .body("to", equalTo(W3.toString())).body("windows", hasSize(1))
                .body("windows[0].windowStart", equalTo("2025-11-20T10:05:00Z"))
                .body("windows[0].windowEnd", equalTo("2025-11-20T10:10:00Z"))
                .body("windows[0].eventCount", equalTo(20)).body("windows[0].totalRecordCount", equalTo(2000))
                .body("windows[0].totalSizeBytes", equalTo(20 * 4096)).body("windows[0].successCount", equalTo(18))
                .body("windows[0].failureCount", equalTo(1)).body("windows[0].partialCount", equalTo(1))
                .body("windows[0].firstEventTime", equalTo("2025-11-20T10:05:05Z"))
                .body("windows[0].lastEventTime", equalTo("2025-11-20T10:09:50Z"))
                .body("windows[0].distinctSources", equalTo(3)).body("windows[0].late", equalTo(true))
                .body("windows[0].updateSequence", equalTo(2));
    }

    @Test
    void windowsOverlapHalfOpenRanges() {
        // a range touching two windows by a millisecond each
        reader().queryParam("from", "2025-11-20T10:04:59.999Z").queryParam("to", "2025-11-20T10:05:00.001Z")
                .get("/ingestion-stats/{name}", DATASET).then().statusCode(200)
                .body("windows.windowStart", contains("2025-11-20T10:00:00Z", "2025-11-20T10:05:00Z"));
        // [from, to) ends where W2 starts: W2 is out; the window ending at 'from' is out too
        reader().queryParam("from", W1.toString()).queryParam("to", W2.toString())
                .get("/ingestion-stats/{name}", DATASET).then().statusCode(200)
                .body("windows.windowStart", contains("2025-11-20T10:00:00Z"));
        reader().queryParam("from", "2025-11-20T10:15:00Z").queryParam("to", "2025-11-20T11:00:00Z")
                .get("/ingestion-stats/{name}", DATASET).then().statusCode(200).body("windows", empty());
        // ordered by start, only this dataset
        reader().queryParam("from", "2025-11-20T00:00:00Z").queryParam("to", "2025-11-21T00:00:00Z")
                .get("/ingestion-stats/{name}", DATASET).then().statusCode(200)
                .body("windows.eventCount", contains(10, 20, 30));
        reader().queryParam("from", "2025-11-20T00:00:00Z").queryParam("to", "2025-11-21T00:00:00Z")
                .get("/ingestion-stats/{name}", "ing.unknown").then().statusCode(200).body("windows", empty());
    }

    @Test
    void defaultsToTheLast24Hours() {
        reader().get("/ingestion-stats/{name}", DATASET).then().statusCode(200)
                .body("windows.windowStart", contains(RECENT.toString()));
        reader().queryParam("from", RECENT.minus(31, ChronoUnit.HOURS).toString())
                .get("/ingestion-stats/{name}", DATASET).then().statusCode(200)
                .body("windows.windowStart", contains(OLD.toString(), RECENT.toString()));
    }

    @Test
    void rejectsBadRanges() {
        reader().queryParam("from", "yesterday").queryParam("to", "soon").get("/ingestion-stats/{name}", DATASET)
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400))
                .body("errors.field", containsInAnyOrder("from", "to"));
        reader().queryParam("from", W2.toString()).queryParam("to", W2.toString())
                .get("/ingestion-stats/{name}", DATASET).then().statusCode(400)
                .body("errors[0].field", equalTo("from")).body("errors[0].problem", containsString("before"));
        reader().queryParam("from", W3.toString()).queryParam("to", W2.toString())
                .get("/ingestion-stats/{name}", DATASET).then().statusCode(400).body("errors[0].field", equalTo("from"));
        reader().queryParam("from", "2025-11-01T00:00:00Z").queryParam("to", "2025-11-09T00:00:00Z")
                .get("/ingestion-stats/{name}", DATASET).then().statusCode(400)
                .body("errors[0].problem", containsString("maximum"));
        reader().queryParam("from", "2025-11-01T00:00:00Z").queryParam("to", "2025-11-08T00:00:00Z")
                .get("/ingestion-stats/{name}", DATASET).then().statusCode(200);
    }

    /** A request with the token of a caller allowed to read datasets and the platform views. */
    private static RequestSpecification reader() {
        return given().auth().oauth2(READER);
    }
}
