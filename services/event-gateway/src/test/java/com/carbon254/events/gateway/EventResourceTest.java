package com.carbon254.events.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.devstack.testing.EmbeddedStackResource;
import com.carbon254.devstack.testing.TestTokens;
import com.carbon254.events.catalog.EventType;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.runtime.testing.ConfluentWireReader;
import com.carbon254.events.runtime.testing.TopicProbe;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedStackResource.class,
        initArgs = @ResourceArg(name = EmbeddedStackResource.COMPONENTS, value = "kafka,registry"))
class EventResourceTest {

    /** A producer allowed to publish events. */
    static final String WRITER = TestTokens.forRoles(Roles.EVENTS_WRITE);

    private static final String INGESTION_TOPIC = TopicCatalog.DATA_INGESTION.name();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "carbon254.registry.ccompat-url")
    String ccompatUrl;

    TopicProbe probe;
    ConfluentWireReader wire;

    @BeforeEach
    void connect() {
        probe = new TopicProbe(bootstrapServers);
        wire = new ConfluentWireReader(ccompatUrl);
    }

    @AfterEach
    void disconnect() {
        probe.close();
    }

    /** A DataIngestion event as a producer sends it: no eventId, timestamp, version or eventType. */
    static String ingestion(String dataset) {
        return """
                {"source": "spark-ingest", "datasetName": "%s", "recordCount": 1200, "sizeBytes": 65536,
                 "format": "parquet", "location": "s3://lake/%s", "status": "SUCCESS", "metadata": {"batch": "b-1"}}"""
                .formatted(dataset, dataset);
    }

    @Test
    void acceptsAnEventOnlyOnceStoredOnItsTopicKeyedByItsEntity() throws Exception {
        String dataset = "sales.orders-" + UUID.randomUUID();
        long before = System.currentTimeMillis();

        Response response = given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(ingestion(dataset))
                .when().post("/events/DataIngestion")
                .then().statusCode(202)
                .header("X-Correlation-Id", notNullValue())
                .body("eventType", equalTo("DataIngestion"))
                .body("topic", equalTo(INGESTION_TOPIC))
                .body("key", equalTo(dataset))
                .extract().response();
        JsonPath accepted = response.jsonPath();
        String eventId = accepted.getString("eventId");
        assertThat(UUID.fromString(eventId)).as("a generated id").isNotNull();
        assertThat(accepted.getInt("partition")).isEqualTo(partitionOf(dataset, TopicCatalog.DATA_INGESTION.partitions()));

        ConsumerRecord<String, byte[]> record = probe.readAt(INGESTION_TOPIC, accepted.getInt("partition"),
                accepted.getLong("offset"));
        assertThat(record.key()).isEqualTo(dataset);
        assertThat(TopicProbe.header(record, "eventId")).isEqualTo(eventId);
        assertThat(TopicProbe.header(record, "eventType")).isEqualTo("DataIngestion");
        assertThat(TopicProbe.header(record, "correlationId")).as("a generated flow id, echoed to the client")
                .isEqualTo(response.header("X-Correlation-Id"));

        GenericRecord event = wire.decode(record.value()).record();
        assertThat(event.get("eventId")).hasToString(eventId);
        assertThat(event.get("datasetName")).hasToString(dataset);
        assertThat(event.get("recordCount")).isEqualTo(1200L);
        assertThat(event.get("status")).hasToString("SUCCESS");
        assertThat(event.get("version")).hasToString("1");
        assertThat((Long) event.get("timestamp")).isBetween(before, System.currentTimeMillis());
        assertThat(event.get("metadata").toString()).contains("batch");
    }

    @Test
    void keepsTheClientsEventIdAndTimeAndPropagatesCorrelationHeaders() throws Exception {
        String dataset = "ds-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        String body = ingestion(dataset).replace("{", "{\"eventId\": \"" + eventId + "\", \"timestamp\": \"2025-10-22T12:00:00Z\", ");

        JsonPath accepted = given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(body)
                .header("X-Correlation-Id", "flow-42").header("X-Causation-Id", "cmd-7")
                .when().post("/events/DataIngestion")
                .then().statusCode(202).header("X-Correlation-Id", "flow-42")
                .body("eventId", equalTo(eventId))
                .extract().jsonPath();

        ConsumerRecord<String, byte[]> record = probe.readAt(INGESTION_TOPIC, accepted.getInt("partition"),
                accepted.getLong("offset"));
        assertThat(TopicProbe.header(record, "eventId")).isEqualTo(eventId);
        assertThat(TopicProbe.header(record, "correlationId")).isEqualTo("flow-42");
        assertThat(TopicProbe.header(record, "causationId")).isEqualTo("cmd-7");
        GenericRecord event = wire.decode(record.value()).record();
        assertThat(event.get("correlationId")).hasToString("flow-42");
        assertThat(event.get("causationId")).hasToString("cmd-7");
        assertThat(event.get("timestamp")).isEqualTo(Instant.parse("2025-10-22T12:00:00Z").toEpochMilli());
    }

    @Test
    void theEventsOwnCorrelationIdWinsOverTheHeader() {
        String dataset = "ds-" + UUID.randomUUID();
        JsonPath accepted = given().auth().oauth2(WRITER).contentType(ContentType.JSON)
                .body(ingestion(dataset).replace("{", "{\"correlationId\": \"own-flow\", "))
                .header("X-Correlation-Id", "header-flow")
                .when().post("/events/DataIngestion")
                .then().statusCode(202).extract().jsonPath();
        ConsumerRecord<String, byte[]> record = probe.readAt(INGESTION_TOPIC, accepted.getInt("partition"),
                accepted.getLong("offset"));
        assertThat(TopicProbe.header(record, "correlationId")).isEqualTo("own-flow");
    }

    @Test
    void acceptsABatchWithTheCoordinatesOfEachEvent() throws Exception {
        String service = "svc-" + UUID.randomUUID();
        String health = """
                {"source": "prober", "serviceName": "%s", "namespace": "prod", "healthStatus": "%s", "latencyMs": %d,
                 "errorRate": 0.01}""";
        String batch = "[" + health.formatted(service, "HEALTHY", 12) + "," + health.formatted(service, "DEGRADED", 900) + "]";

        JsonPath accepted = given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(batch)
                .when().post("/events/ServiceHealth/batch")
                .then().statusCode(202)
                .body("accepted", equalTo(2))
                .body("eventType", equalTo("ServiceHealth"))
                .body("topic", equalTo("system-health"))
                .body("events", hasSize(2))
                .body("events.key", hasItems(service))
                .extract().jsonPath();

        List<Map<String, Object>> events = accepted.getList("events");
        assertThat(events).extracting(e -> e.get("partition")).containsOnly(
                partitionOf(service, TopicCatalog.SYSTEM_HEALTH.partitions()));
        assertThat(events).extracting(e -> ((Number) e.get("offset")).longValue()).isSorted().doesNotHaveDuplicates();
        for (int i = 0; i < events.size(); i++) {
            Map<String, Object> e = events.get(i);
            GenericRecord event = wire.decode(probe.readAt("system-health", (Integer) e.get("partition"),
                    ((Number) e.get("offset")).longValue()).value()).record();
            assertThat(event.getSchema().getName()).isEqualTo("ServiceHealthEvent");
            assertThat(event.get("eventId")).hasToString((String) e.get("eventId"));
            assertThat(event.get("healthStatus")).hasToString(i == 0 ? "HEALTHY" : "DEGRADED");
        }
    }

    @Test
    void refusesAnInvalidBatchFieldByFieldAndPublishesNothingOfIt() {
        Map<TopicPartition, Long> before = probe.endOffsets(List.of(INGESTION_TOPIC));
        String valid = ingestion("ds-" + UUID.randomUUID());
        String missing = valid.replaceFirst("\"datasetName\": \"[^\"]+\", ", "");
        String wrongTypes = valid.replace("1200", "\"many\"").replace("\"SUCCESS\"", "\"DONE\"");
        String batch = "[" + valid + "," + missing + "," + wrongTypes + "]";

        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(batch)
                .when().post("/events/DataIngestion/batch")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:carbon254:problem:invalid-event"))
                .body("title", equalTo("Invalid event"))
                .body("status", equalTo(400))
                .body("instance", equalTo("/events/DataIngestion/batch"))
                .body("detail", containsString("3 violations"))
                .body("errors", hasSize(3))
                .body("errors", hasItem(Map.of("field", "[1].datasetName", "problem", "required field is missing")))
                .body("errors", hasItem(Map.of("field", "[2].recordCount",
                        "problem", "expected a whole number (64-bit), got the string 'many'")))
                .body("errors", hasItem(Map.of("field", "[2].status",
                        "problem", "unknown symbol 'DONE'; allowed: SUCCESS, FAILURE, PARTIAL")));

        assertThat(probe.endOffsets(List.of(INGESTION_TOPIC))).as("not even the valid event").isEqualTo(before);
    }

    @Test
    void refusesAnInvalidEventListingEveryField() {
        given().auth().oauth2(WRITER).contentType(ContentType.JSON)
                .body("{\"source\": \"x\", \"datasetName\": 5, \"recordcount\": 1, \"eventType\": \"DataQuality\"}")
                .when().post("/events/DataIngestion")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("datasetName", "recordCount", "sizeBytes", "format", "location",
                        "status", "metadata", "recordcount", "eventType"))
                .body("errors.find { it.field == 'recordcount' }.problem",
                        equalTo("unknown field; did you mean 'recordCount'?"))
                .body("errors.find { it.field == 'eventType' }.problem",
                        equalTo("is 'DataQuality' but this is a DataIngestion event"));
    }

    @Test
    void anUnknownEventTypeIsNotFoundAndTheKnownOnesAreListed() {
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body("{}")
                .when().post("/events/DataIngestor")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:carbon254:problem:unknown-event-type"))
                .body("detail", containsString("'DataIngestor'"))
                .body("knownEventTypes", hasSize(EventType.values().length))
                .body("knownEventTypes", hasItems("DataIngestion", "DatasetCreated", "ServiceHealth"));
    }

    @Test
    void anOversizedBatchIsRefusedWhole() {
        String batch = "[" + String.join(",", java.util.Collections.nCopies(1001, "{}")) + "]";
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(batch)
                .when().post("/events/DataIngestion/batch")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("1001 events; at most 1000"));
    }

    @Test
    void malformedJsonAndEmptyBatchesAreBadRequests() {
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body("{\"source\": ")
                .when().post("/events/DataIngestion")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:carbon254:problem:malformed-json"))
                .body("detail", containsString("The body is not valid JSON"));
        given().auth().oauth2(WRITER).contentType(ContentType.TEXT).body("hello")
                .when().post("/events/DataIngestion")
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("status", equalTo(415));
        // A batch body is read as bytes (straight into records when valid): malformed JSON is still a problem.
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body("[{\"source\": ")
                .when().post("/events/DataIngestion/batch")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:carbon254:problem:malformed-json"))
                .body("detail", containsString("The body is not valid JSON"));
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body("")
                .when().post("/events/DataIngestion/batch")
                .then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body("[]")
                .when().post("/events/DataIngestion/batch")
                .then().statusCode(400)
                .body("errors[0].problem", equalTo("a batch holds at least one event"));
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body("{}")
                .when().post("/events/DataIngestion/batch")
                .then().statusCode(400)
                .body("errors[0].problem", equalTo("expected a JSON array of DataIngestion events, got an object"));
    }

    @Test
    void theOpenApiDocumentHasAnExamplePerEventType() {
        JsonPath openapi = given().auth().oauth2(WRITER).queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().jsonPath();
        Map<String, Object> examples = openapi.getMap(
                "paths.'/events/{eventType}'.post.requestBody.content.'application/json'.examples");
        assertThat(examples).containsOnlyKeys(java.util.Arrays.stream(EventType.values()).map(EventType::typeName).toArray(String[]::new));
        Map<String, Object> ingestion = openapi.getMap(
                "paths.'/events/{eventType}'.post.requestBody.content.'application/json'.examples.DataIngestion.value");
        assertThat(ingestion).containsKeys("source", "datasetName", "status").doesNotContainKey("eventId");
        assertThat(ingestion.get("format")).isEqualTo("parquet");
        assertThat(openapi.getList("paths.'/events/{eventType}/batch'.post.requestBody.content.'application/json'.examples.ServiceHealth.value"))
                .hasSize(1);
    }

    @Test
    void theOpenApiDocumentGivesEveryErrorAnswerTheProblemBody() {
        JsonPath openapi = given().auth().oauth2(WRITER).queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().jsonPath();
        assertThat(openapi.getMap("components.schemas.Problem.properties")).containsKeys("type", "title", "status");
        for (String operation : List.of("paths.'/events/{eventType}'.post", "paths.'/events/{eventType}/batch'.post")) {
            for (String status : List.of("400", "403", "404", "413", "503")) {
                assertThat(openapi.getString(operation + ".responses.'" + status
                        + "'.content.'application/problem+json'.schema.$ref"))
                        .as("%s %s", operation, status).isEqualTo("#/components/schemas/Problem");
            }
            assertThat(openapi.getMap(operation + ".responses.'202'.content")).containsOnlyKeys("application/json");
        }
        assertThat(openapi.getString("paths.'/events/{eventType}'.post.responses.'503'.headers.Retry-After.description"))
                .isEqualTo("Seconds to wait before retrying");
    }

    @Test
    void readyWhenBrokerAndRegistryAnswer() {
        given().auth().oauth2(WRITER).when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("schema-registry"));
        given().auth().oauth2(WRITER).when().get("/q/health/live").then().statusCode(200);
    }

    /** Kafka's default partitioner for a keyed record. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
