package com.carbon254.events.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.runtime.EventEnvelope;
import com.carbon254.events.system.HealthStatus;
import com.carbon254.events.system.ServiceHealthEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Envelope fields derived for plain JSON producers, fields only the platform sets, and the contracts' limits. */
public class JsonEnvelopeAndLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The Node.js producer's event of the architecture document, as JSON.stringify writes it: no source, eventType, version. */
    public static String nodeProducerEvent(String eventId, String serviceName) {
        return "{\"eventId\":\"" + eventId + "\",\"timestamp\":" + System.currentTimeMillis() + ",\"serviceName\":\""
                + serviceName + "\",\"namespace\":\"prod\",\"healthStatus\":\"DEGRADED\",\"latencyMs\":250,"
                + "\"errorRate\":0.02,\"message\":null}";
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void theNodeProducersEventReadsWithItsEnvelopeDerived() {
        String eventId = UUID.randomUUID().toString();
        JsonNode event = json(nodeProducerEvent(eventId, "superset"));

        ServiceHealthEvent plain = (ServiceHealthEvent) JsonEventReader.forConsumption()
                .read(TopicCatalog.SYSTEM_HEALTH, event, JsonEventReader.Hints.NONE);
        ServiceHealthEvent withHeader = (ServiceHealthEvent) JsonEventReader.forConsumption()
                .read(TopicCatalog.SYSTEM_HEALTH, event, new JsonEventReader.Hints(null, "superset-exporter"));

        assertThat(plain.getEventId()).isEqualTo(eventId);
        assertThat(plain.getEventType()).as("the topic's one event type").isEqualTo("ServiceHealth");
        assertThat(plain.getVersion()).isEqualTo(EventEnvelope.CURRENT_VERSION);
        assertThat(plain.getSource()).isEqualTo(EventEnvelope.UNATTRIBUTED_SOURCE);
        assertThat(plain.getHealthStatus()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(withHeader.getSource()).as("from the source header").isEqualTo("superset-exporter");
    }

    @Test
    void aClientMayNotSaySubmittedByThroughTheGateway() {
        String action = "{'source': 'portal', 'actor': 'alice', 'action': 'EXPORT', 'entityType': 'dataset',"
                + " 'outcome': 'SUCCESS', 'submittedBy': 'service:query-api'}";

        EventValidationException refused = catchThrowableOfType(EventValidationException.class,
                () -> JsonEventReader.forIngestion().read(EventType.USER_ACTION, json(action)));

        assertThat(refused.violations()).extracting(FieldViolation::field).contains("submittedBy");
        assertThat(JsonEventReader.forIngestion().readValidBatch(EventType.USER_ACTION,
                ("[" + action.replace('\'', '"') + "]").getBytes(StandardCharsets.UTF_8), 10)).isEmpty();
        assertThat(JsonEventReader.forIngestion().read(EventType.USER_ACTION,
                json(action.replace("'service:query-api'", "null")))).isNotNull();
    }

    @Test
    void aBatchGivingOneEventIdTwiceIsRefusedNamingBoth() {
        String id = UUID.randomUUID().toString();
        String one = "{'eventId': '" + id + "', 'source': 's', 'serviceName': 'a', 'namespace': 'n',"
                + " 'healthStatus': 'HEALTHY', 'latencyMs': 1, 'errorRate': 0}";
        String batch = "[" + one + ", " + one.replace("'a'", "'b'") + "]";

        EventValidationException refused = catchThrowableOfType(EventValidationException.class,
                () -> JsonEventReader.forIngestion().readAll(EventType.SERVICE_HEALTH, json(batch)));

        assertThat(refused.violations()).containsExactly(new FieldViolation("[1].eventId",
                "is the eventId of [0] too; each event of a batch needs its own"));
        assertThat(JsonEventReader.forIngestion().readValidBatch(EventType.SERVICE_HEALTH,
                batch.replace('\'', '"').getBytes(StandardCharsets.UTF_8), 10)).isEmpty();
    }

    @Test
    void eventsBreakingTheContractsLimitsAreRefusedWhereverTheyComeFrom() {
        String event = "{'eventId': '../../etc/passwd', 'source': 's', 'serviceName': '" + "x".repeat(6000) + "',"
                + " 'namespace': 'a\\u0000b', 'healthStatus': 'HEALTHY', 'latencyMs': -5, 'errorRate': 0,"
                + " 'timestamp': '1969-07-20T20:17:40Z'}";

        for (JsonEventReader reader : new JsonEventReader[] {JsonEventReader.forIngestion(), JsonEventReader.forConsumption()}) {
            EventValidationException refused = catchThrowableOfType(EventValidationException.class,
                    () -> reader.read(EventType.SERVICE_HEALTH, json(event)));
            assertThat(refused.violations()).extracting(FieldViolation::field)
                    .containsExactly("eventId", "timestamp", "serviceName", "namespace", "latencyMs");
        }
        String future = "{'source': 's', 'serviceName': 'a', 'namespace': 'n', 'healthStatus': 'HEALTHY',"
                + " 'latencyMs': 1, 'errorRate': 0, 'timestamp': '" + Instant.now().plusSeconds(3 * 86_400) + "'}";
        assertThat(catchThrowableOfType(EventValidationException.class,
                () -> JsonEventReader.forIngestion().read(EventType.SERVICE_HEALTH, json(future))).violations())
                .extracting(FieldViolation::field).containsExactly("timestamp");
    }
}
