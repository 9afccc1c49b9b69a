package com.carbon254.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The OpenAPI document describes every platform read endpoint, its parameters and its response schemas. */
@QuarkusTest
@QuarkusTestResource(ReadModelResource.class)
class PlatformApiDocumentationTest {

    @Test
    void documentsEveryEndpointParameterAndSchema() {
        var doc = given().get("/q/openapi?format=json").then().statusCode(200);
        for (String path : new String[] { "/ingestion-stats/{datasetName}", "/quality/{datasetName}", "/quality",
                "/transformations", "/services", "/services/{name}/timeline", "/lineage/{datasetName}", "/audit",
                "/audit/verify", "/dead-letters", "/events" }) {
            doc.body("paths", hasKey(path))
                    .body("paths['" + path + "'].get.parameters.description", everyItem(notNullValue()))
                    .body("paths['" + path + "'].get.responses", hasKey("200"))
                    .body("paths['" + path + "'].get.responses", hasKey("400"));
        }
        doc.body("components.schemas", hasKey("IngestionStats")).body("components.schemas", hasKey("QualityStats"))
                .body("components.schemas", hasKey("QualityBelow"))
                .body("components.schemas", hasKey("TransformationRuns"))
                .body("components.schemas", hasKey("TransformationRun")).body("components.schemas", hasKey("ServiceHealth"))
                .body("components.schemas", hasKey("ServiceTimeline")).body("components.schemas", hasKey("LineageGraph"))
                .body("components.schemas", hasKey("AuditPage")).body("components.schemas", hasKey("AuditVerification"))
                .body("components.schemas", hasKey("DeadLetterPage")).body("components.schemas", hasKey("Problem"))
                .body("components.schemas", hasKey("TopicEventPage")).body("components.schemas", hasKey("RecordHeader"));
    }
}
