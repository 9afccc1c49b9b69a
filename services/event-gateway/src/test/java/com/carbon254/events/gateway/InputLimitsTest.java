package com.carbon254.events.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.carbon254.api.runtime.rest.Problem;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.runtime.testing.TopicProbe;
import com.carbon254.devstack.testing.EmbeddedStackResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The contracts' limits at the edge, and a problem body for everything refused, down to the HTTP layer's refusals. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedStackResource.class,
        initArgs = @ResourceArg(name = EmbeddedStackResource.COMPONENTS, value = "kafka,registry"))
class InputLimitsTest {

    private static final String WRITER = EventResourceTest.WRITER;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @TestHTTPResource("/")
    URI root;

    TopicProbe probe;

    @BeforeEach
    void connect() {
        probe = new TopicProbe(bootstrapServers);
    }

    @AfterEach
    void disconnect() {
        probe.close();
    }

    @Test
    void eventsBeyondTheContractsLimitsAreRefusedFieldByFieldAndNothingIsPublished() {
        String topic = TopicCatalog.DATA_INGESTION.name();
        Map<TopicPartition, Long> before = probe.endOffsets(List.of(topic));
        String poisoned = EventResourceTest.ingestion("x".repeat(500_000))
                .replace("\"recordCount\": 1200", "\"recordCount\": -1")
                .replace("\"source\": \"spark-ingest\"", "\"source\": \"spark\\u0000ingest\", \"eventId\": \"../../etc/passwd\","
                        + " \"timestamp\": \"1969-12-31T00:00:00Z\"");

        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(poisoned)
                .when().post("/events/DataIngestion")
                .then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:carbon254:problem:invalid-event"))
                .body("errors.field", hasItems("eventId", "timestamp", "source", "datasetName", "recordCount"));
        String farAhead = EventResourceTest.ingestion("ds-" + UUID.randomUUID())
                .replace("\"source\"", "\"timestamp\": \"" + Instant.now().plusSeconds(7 * 86_400) + "\", \"source\"");
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body("[" + farAhead + "]")
                .when().post("/events/DataIngestion/batch")
                .then().statusCode(400)
                .body("errors.field", hasItem("[0].timestamp"));

        assertThat(probe.endOffsets(List.of(topic))).as("nothing published").isEqualTo(before);
    }

    @Test
    void aBatchGivingOneEventIdTwiceIsRefused() {
        String id = UUID.randomUUID().toString();
        String event = EventResourceTest.ingestion("ds-" + UUID.randomUUID()).replace("{", "{\"eventId\": \"" + id + "\", ");

        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body("[" + event + "," + event + "]")
                .when().post("/events/DataIngestion/batch")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("[1].eventId"));
    }

    @Test
    void nulInTheUrlAndOverlongIdHeadersAreBadRequestsWithProblemBodies() {
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(EventResourceTest.ingestion("a"))
                .urlEncodingEnabled(false)
                .when().post("/events/Data%00Ingestion")
                .then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("errors[0].problem", containsString("NUL"));
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).header("X-Correlation-Id", "c".repeat(300))
                .body(EventResourceTest.ingestion("a"))
                .when().post("/events/DataIngestion")
                .then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("correlationId"));
    }

    @Test
    void anEventTheBrokerRefusesForItsSizeIs413NotARetry() throws Exception {
        String topic = TopicCatalog.DEPLOYMENT_EVENTS.name();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                    new ConfigEntry("max.message.bytes", "1500"), AlterConfigOp.OpType.SET)))).all().get();
            try {
                String deployment = """
                        {"source": "argo", "serviceName": "svc", "namespace": "prod", "serviceVersion": "1.2.3",
                         "action": "DEPLOY", "status": "SUCCEEDED", "actor": "ci", "message": "%s"}"""
                        .formatted(incompressible(3000));
                given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(deployment)
                        .when().post("/events/Deployment")
                        .then().statusCode(413)
                        .contentType(Problem.MEDIA_TYPE)
                        .header("Retry-After", org.hamcrest.Matchers.nullValue())
                        .body("type", equalTo("urn:carbon254:problem:event-too-large"));
            } finally {
                admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                        new ConfigEntry("max.message.bytes", ""), AlterConfigOp.OpType.DELETE)))).all().get();
            }
        }
    }

    /** Text the topic's lz4 compression cannot shrink below the broker's limit. */
    private static String incompressible(int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append(UUID.randomUUID().toString().replace("-", ""));
        }
        return text.substring(0, length);
    }

    @Test
    void theHttpLayersOwnRefusalsHaveProblemBodies() throws Exception {
        String tooLargeBody = exchange("POST /events/DataIngestion/batch HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + WRITER + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (64 * 1024 * 1024) + "\r\nExpect: 100-continue\r\n\r\n");
        String longUri = exchange("GET /events/" + "A".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        String largeHeaders = exchange("GET /events/DataIngestion HTTP/1.1\r\nHost: localhost\r\nX-Filler: "
                + "h".repeat(40_000) + "\r\n\r\n");

        assertThat(tooLargeBody).startsWith("HTTP/1.1 413").containsIgnoringCase("content-type: " + Problem.MEDIA_TYPE);
        assertThat(longUri).startsWith("HTTP/1.1 414").containsIgnoringCase("content-type: " + Problem.MEDIA_TYPE);
        assertThat(largeHeaders).startsWith("HTTP/1.1 431").containsIgnoringCase("content-type: " + Problem.MEDIA_TYPE);
    }

    /** Sends a raw request head and reads what the server answers until it closes or goes quiet. */
    private String exchange(String head) throws Exception {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int read; (read = socket.getInputStream().read(buffer)) > 0; ) {
                    answer.write(buffer, 0, read);
                    String text = answer.toString(StandardCharsets.ISO_8859_1);
                    if (text.contains("\r\n\r\n") && text.endsWith("}")) {
                        break;
                    }
                }
            } catch (SocketTimeoutException | SocketException quiet) {
                // what arrived is the answer
            }
            return answer.toString(StandardCharsets.ISO_8859_1).replaceFirst("^HTTP/1.1 100 Continue\r\n\r\n", "");
        }
    }
}
