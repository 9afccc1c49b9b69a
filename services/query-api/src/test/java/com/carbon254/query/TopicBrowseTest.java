package com.carbon254.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.carbon254.api.runtime.rest.Problem;
import com.carbon254.api.runtime.security.Roles;
import com.carbon254.devstack.testing.TestTokens;
import com.carbon254.events.data.DataQualityEvent;
import com.carbon254.events.data.QualitySeverity;
import com.carbon254.events.runtime.EventEnvelope;
import com.carbon254.events.runtime.EventContext;
import com.carbon254.events.runtime.EventHeaders;
import com.carbon254.events.runtime.json.AvroJson;
import com.carbon254.events.runtime.serde.CatalogAvroSerializer;
import com.carbon254.events.runtime.testing.TopicProbe;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * {@code GET /events} against the real broker and registry: records written as registry-framed Avro, as JSON and as
 * garbage, read from a point in time, for one key, decoded, paged with the cursor.
 */
@QuarkusTest
@QuarkusTestResource(ReadModelResource.class)
class TopicBrowseTest {

    private static final String ADMIN = TestTokens.forRoles(Roles.PLATFORM_ADMIN);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "carbon254.registry.url")
    String registryUrl;

    @Test
    void returnsTheRecordsOfAKeyFromAPointInTimeDecodedWhateverTheirWriterFormat() throws Exception {
        String dataset = "browse-" + UUID.randomUUID();
        Instant twoMinutesAgo = Instant.now().minusSeconds(120);
        produce(dataset);

        JsonPath page = admin().queryParam("topic", "data-quality").queryParam("from", twoMinutesAgo.toString())
                .queryParam("key", dataset).get("/events").then().statusCode(200)
                .body("topic", equalTo("data-quality"))
                .body("events", hasSize(5))
                .body("next", nullValue())
                .extract().jsonPath();
        assertThat(page.getList("events.key", String.class)).containsOnly(dataset);
        assertThat(page.getList("events.format", String.class)).containsExactlyInAnyOrder("avro", "avro", "avro", "json",
                null);
        assertThat(page.getList("events.findAll { it.event != null }.event.checkName", String.class))
                .containsExactlyInAnyOrder("not-null-1", "not-null-2", "not-null-3", "unique");
        Map<String, Object> avro = page.getMap("events.find { it.event?.checkName == 'not-null-2' }");
        assertThat(avro).containsEntry("eventType", "DataQuality").containsKey("partition").containsKey("offset")
                .containsKey("timestamp");
        assertThat(page.getString("events.find { it.event?.checkName == 'not-null-2' }.event.severity"))
                .isEqualTo("CRITICAL");
        assertThat(page.getList("events.find { it.event?.checkName == 'not-null-2' }.headers.key", String.class))
                .contains(EventHeaders.EVENT_TYPE, EventHeaders.EVENT_ID);
        Map<String, Object> garbage = page.getMap("events.find { it.event == null }");
        assertThat(garbage.get("error").toString()).contains("neither registry-framed Avro");
        assertThat(garbage).containsEntry("valuePreview", "not an event").containsEntry("valueSizeBytes", 12);
        List<Long> times = page.getList("events.timestamp", String.class).stream()
                .map(t -> Instant.parse(t).toEpochMilli()).toList();
        assertThat(times).isSorted();

        // Nothing from after them, nothing before them.
        admin().queryParam("topic", "data-quality").queryParam("from", Instant.now().plusSeconds(60).toString())
                .queryParam("key", dataset).get("/events").then().statusCode(200).body("events", hasSize(0))
                .body("next", nullValue());
        admin().queryParam("topic", "data-quality").queryParam("from", twoMinutesAgo.minusSeconds(60).toString())
                .queryParam("to", twoMinutesAgo.toString()).queryParam("key", dataset).get("/events").then()
                .statusCode(200).body("events", hasSize(0));
    }

    @Test
    void pagesThroughEveryRecordOnceWithTheCursor() throws Exception {
        String dataset = "paged-" + UUID.randomUUID();
        Instant since = Instant.now().minusSeconds(5);
        produce(dataset);
        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            RequestSpecification request = admin().queryParam("topic", "data-quality")
                    .queryParam("from", since.toString()).queryParam("key", dataset).queryParam("limit", 2);
            if (next != null) {
                request.queryParam("after", next);
            }
            JsonPath page = request.get("/events").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> events = page.getList("events");
            assertThat(events.size()).isLessThanOrEqualTo(2);
            events.forEach(e -> seen.add(e.get("partition") + "@" + e.get("offset")));
            next = page.getString("next");
            pages++;
        } while (next != null && pages < 20);
        assertThat(seen).hasSize(5).doesNotHaveDuplicates();
        assertThat(pages).isGreaterThanOrEqualTo(3);
    }

    @Test
    void refusesBadParametersAndNonAdmins() {
        admin().get("/events").then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors.field", hasItem("topic"));
        admin().queryParam("topic", "no-such-topic").queryParam("limit", 0).queryParam("from", "yesterday")
                .get("/events").then().statusCode(400).body("errors.field", hasItem("topic"))
                .body("errors.field", hasItem("limit")).body("errors.field", hasItem("from"));
        admin().queryParam("topic", "data-quality").queryParam("after", "!!").get("/events").then().statusCode(400)
                .body("errors[0].field", equalTo("after"));
        given().auth().oauth2(TestTokens.forRoles(Roles.DATASETS_READ)).queryParam("topic", "data-quality")
                .get("/events").then().statusCode(403);
    }

    /** Three Avro events, one JSON event and one value that is neither, all keyed by the dataset. */
    private void produce(String dataset) throws Exception {
        try (TopicProbe probe = new TopicProbe(bootstrapServers);
                CatalogAvroSerializer avro = new CatalogAvroSerializer()) {
            avro.configure(Map.of("apicurio.registry.url", registryUrl), false);
            for (int i = 1; i <= 3; i++) {
                DataQualityEvent event = quality(dataset, "not-null-" + i, i == 2 ? QualitySeverity.CRITICAL
                        : QualitySeverity.WARNING);
                probe.send("data-quality", dataset, avro.serialize("data-quality", event), headers(event));
            }
            DataQualityEvent json = quality(dataset, "unique", QualitySeverity.INFO);
            probe.send("data-quality", dataset, AvroJson.toJsonText(json).getBytes(StandardCharsets.UTF_8),
                    Map.of());
            probe.send("data-quality", dataset, "not an event".getBytes(StandardCharsets.UTF_8), Map.of());
        }
    }

    private static DataQualityEvent quality(String dataset, String check, QualitySeverity severity) {
        DataQualityEvent event = new DataQualityEvent();
        event.setDatasetName(dataset);
        event.setCheckName(check);
        event.setCheckType("not_null");
        event.setPassed(!check.endsWith("2"));
        event.setSeverity(severity);
        event.setMetadata(Map.of());
        return EventEnvelope.complete(event, "quality-runner", EventContext.none());
    }

    private static Map<String, String> headers(DataQualityEvent event) {
        return Map.of(EventHeaders.EVENT_TYPE, "DataQuality", EventHeaders.EVENT_ID, event.getEventId());
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(ADMIN);
    }
}
