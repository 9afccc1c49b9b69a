package com.carbon254.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.devstack.testing.TestTokens;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** {@code GET /dead-letters} over rows as the dead-letters projection writes them. */
@QuarkusTest
@QuarkusTestResource(ReadModelResource.class)
class DeadLetterResourceTest {

    private static final String ADMIN = TestTokens.forRoles(Roles.PLATFORM_ADMIN);

    static final Instant T = Instant.parse("2025-07-01T12:00:00Z");

    @BeforeAll
    static void fill() {
        String headers = "[{\"key\":\"dead-letter-reason\",\"value\":\"" + PlatformFixtures.base64("schema violation: "
                + "recordCount must be >= 0") + "\"},{\"key\":\"binary\",\"value\":\""
                + Base64.getEncoder().encodeToString(new byte[] { 0, (byte) 0xff, 1 }) + "\"},"
                + "{\"key\":\"empty\",\"value\":null}]";
        // #1 12:00, the oldest of data-ingestion.dlq
        PlatformFixtures.deadLetter("data-ingestion.dlq", 0, 10, "data-ingestion", 2, 1234L,
                "schema violation: recordCount must be >= 0", "java.lang.IllegalArgumentException", "DataIngestion",
                "sales.orders", "{\"recordCount\":-1}".getBytes(StandardCharsets.UTF_8), "{\"recordCount\":-1}",
                headers, T, null, null);
        // #2 and #4 at the same instant: ordered by DLQ partition, descending
        PlatformFixtures.deadLetter("data-ingestion.dlq", 1, 3, "data-ingestion", 0, 99L, "not Avro", null, null,
                "k2", new byte[] { 9, 9 }, null, "[]", T.plusSeconds(60), null, null);
        PlatformFixtures.deadLetter("data-ingestion.dlq", 0, 11, "data-ingestion", 1, 100L, "not Avro", null, null,
                "k4", null, null, "[]", T.plusSeconds(60), null, null);
        // #3 the newest, re-driven
        PlatformFixtures.deadLetter("system-health.dlq", 0, 1, "system-health", 0, 5L, "processing failed",
                "timeout", "ServiceHealth", "svc-gateway", "{}".getBytes(StandardCharsets.UTF_8), "{}", "[]",
                T.plusSeconds(120), T.plusSeconds(3600), "admin");
        // #5 a DLQ without dead-letter-topic header: its original topic comes from the name
        PlatformFixtures.deadLetter("legacy.dlq", 0, 0, "data-ingestion", null, null, "unknown", null, null, null,
                null, null, "[]", T.minusSeconds(60), null, null);
    }

    static Response list(Object... params) {
        var request = admin();
        for (int i = 0; i < params.length; i += 2) {
            request = request.queryParam((String) params[i], params[i + 1]);
        }
        return request.get("/dead-letters");
    }

    @Test
    void listsNewestFirstWithReasonsOriginsAndDecodedHeaders() {
        list().then().statusCode(200)
                .body("items.collect { it.dlqTopic + '/' + it.dlqPartition + '/' + it.dlqOffset }", contains(
                        "system-health.dlq/0/1", "data-ingestion.dlq/1/3", "data-ingestion.dlq/0/11",
                        "data-ingestion.dlq/0/10", "legacy.dlq/0/0"))
                .body("next", nullValue())
                .body("items[0].redriven.at", equalTo("2025-07-01T13:00:00Z"))
                .body("items[0].redriven.by", equalTo("admin")).body("items[0].redriven.partition", equalTo(2))
                .body("items[0].redriven.offset", equalTo(77)).body("items[0].cause", equalTo("timeout"))
                .body("items[1].redriven", nullValue())
                .body("items[2].valueSizeBytes", nullValue())
                .body("items[3].originalTopic", equalTo("data-ingestion")).body("items[3].originalPartition", equalTo(2))
                .body("items[3].originalOffset", equalTo(1234))
                .body("items[3].reason", equalTo("schema violation: recordCount must be >= 0"))
                .body("items[3].eventType", equalTo("DataIngestion")).body("items[3].key", equalTo("sales.orders"))
                .body("items[3].valueSizeBytes", equalTo(18)).body("items[3].valuePreview", equalTo("{\"recordCount\":-1}"))
                .body("items[3].deadLetteredAt", equalTo("2025-07-01T12:00:00Z"))
                .body("items[3].headers.key", contains("dead-letter-reason", "binary", "empty"))
                .body("items[3].headers[0].value", equalTo("schema violation: recordCount must be >= 0"))
                .body("items[3].headers[0].encoding", equalTo("utf-8"))
                .body("items[3].headers[1].value", equalTo("AP8B")).body("items[3].headers[1].encoding", equalTo("base64"))
                .body("items[3].headers[2].value", nullValue())
                .body("items[4].originalPartition", nullValue());
    }

    @Test
    void filtersByOriginalOrDeadLetterTopicAndRedrive() {
        list("topic", "data-ingestion").then().statusCode(200)
                .body("items.dlqOffset", contains(3, 11, 10, 0));
        list("topic", "data-ingestion.dlq").then().statusCode(200).body("items.dlqOffset", contains(3, 11, 10));
        list("topic", "system-health").then().statusCode(200).body("items.dlqTopic", contains("system-health.dlq"));
        list("redriven", true).then().statusCode(200).body("items.dlqTopic", contains("system-health.dlq"));
        list("redriven", "FALSE", "topic", "system-health").then().statusCode(200).body("items.size()", equalTo(0));
        list("redriven", false).then().statusCode(200).body("items.size()", equalTo(4));
    }

    @Test
    void pagesWithAnOpaqueCursor() {
        Response first = list("limit", 2);
        first.then().statusCode(200).body("items.dlqOffset", contains(1, 3)).body("next", notNullValue());
        Response second = list("limit", 2, "after", first.path("next"));
        // the two rows of the same instant are split across pages without loss or repetition
        second.then().statusCode(200).body("items.dlqOffset", contains(11, 10)).body("next", notNullValue());
        list("limit", 2, "after", second.path("next")).then().statusCode(200).body("items.dlqOffset", contains(0))
                .body("next", nullValue());
        // a cursor also pages a filtered listing
        Response one = list("topic", "data-ingestion.dlq", "limit", 1);
        one.then().body("items.dlqOffset", contains(3));
        Response two = list("topic", "data-ingestion.dlq", "limit", 1, "after", one.path("next"));
        two.then().body("items.dlqOffset", contains(11));
        list("topic", "data-ingestion.dlq", "limit", 1, "after", two.path("next")).then()
                .body("items.dlqOffset", contains(10)).body("next", nullValue());
    }

    @Test
    void rejectsBadParameters() {
        list("redriven", "maybe", "limit", 0).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("redriven", "limit"));
        list("limit", 101).then().statusCode(400).body("errors[0].field", equalTo("limit"));
        list("after", "%%%").then().statusCode(400).body("errors[0].field", equalTo("after"));
        list("after", Base64.getUrlEncoder().encodeToString("2025|x".getBytes(StandardCharsets.UTF_8))).then()
                .statusCode(400).body("errors[0].field", equalTo("after"));
    }

    /** A request with the token of an auditor (the audit trail and dead letters require platform:admin). */
    private static RequestSpecification admin() {
        return given().auth().oauth2(ADMIN);
    }
}
