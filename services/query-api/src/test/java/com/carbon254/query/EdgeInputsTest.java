package com.carbon254.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.devstack.testing.TestTokens;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** What the read models could not store or answer is a 400 with a problem body, never a 500. */
@QuarkusTest
@QuarkusTestResource(ReadModelResource.class)
class EdgeInputsTest {

    private static final String ADMIN = TestTokens.forRoles(Roles.PLATFORM_ADMIN);

    @Test
    void nulInAnyParameterOrPathSegmentIsABadRequest() {
        for (String url : List.of("/audit?actor=a%00b", "/datasets?owner=a%00b", "/dead-letters?topic=t%00",
                "/lineage/a%00b", "/ingestion-stats/a%00b", "/services?namespace=%00", "/datasets/a%00b/history",
                "/services/a%00b/timeline", "/quality/a%00b", "/transformations?dataset=a%00b",
                "/transformations?job=%00")) {
            given().auth().oauth2(ADMIN).urlEncodingEnabled(false).get(url).then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].problem", containsString("NUL"));
        }
    }

    @Test
    void instantsOutsideWhatThePlatformStoresAreBadRequests() {
        given().auth().oauth2(ADMIN).queryParam("asOf", "-999999999-01-01T00:00:00Z")
                .get("/datasets/{id}", "3f0e8f8e-6a53-4f0e-9a53-1d2b7c9e4a10").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("asOf"));
        given().auth().oauth2(ADMIN).queryParam("from", "+1000000000-01-01T00:00:00Z").get("/audit").then()
                .statusCode(400).body("errors[0].field", equalTo("from"));
        given().auth().oauth2(ADMIN).queryParam("to", "+1000000000-01-01T00:00:00Z")
                .get("/ingestion-stats/{name}", "sales.orders").then()
                .statusCode(400).body("errors[0].field", equalTo("to"));
    }

    @Test
    void overlongTextsAndHugeNumbersAreBadRequests() {
        given().auth().oauth2(ADMIN).queryParam("actor", "a".repeat(300)).get("/audit").then()
                .statusCode(400).body("errors[0].field", equalTo("actor"));
        given().auth().oauth2(ADMIN).queryParam("minVersion", "99999999999999999999")
                .get("/datasets/{id}", "3f0e8f8e-6a53-4f0e-9a53-1d2b7c9e4a10").then()
                .statusCode(400).body("errors[0].field", equalTo("minVersion"));
        given().auth().oauth2(ADMIN).queryParam("page", "-1").get("/datasets").then()
                .statusCode(400).contentType("application/problem+json");
    }
}
