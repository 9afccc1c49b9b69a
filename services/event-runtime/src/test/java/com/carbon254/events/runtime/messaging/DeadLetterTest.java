package com.carbon254.events.runtime.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.carbon254.events.runtime.DeadLetters;
import com.carbon254.events.runtime.EventPublisher;
import com.carbon254.events.runtime.PublishedEvent;
import com.carbon254.events.runtime.testing.ConfluentWireReader;
import com.carbon254.events.runtime.testing.SampleEvents;
import com.carbon254.events.runtime.testing.TopicProbe;
import com.carbon254.events.system.ServiceHealthEvent;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A consumer configured with nothing but its topic: records it cannot read, or fails to process, land in
 * {@code system-health.dlq} with the reason and the original coordinates, and it goes on with the next record.
 */
@QuarkusTest
class DeadLetterTest {

    private static final String TOPIC = "system-health";
    private static final String DEAD_LETTERS = "system-health.dlq";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    HealthEventConsumer consumer;

    @Inject
    EventPublisher publisher;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "carbon254.registry.ccompat-url")
    String ccompatUrl;

    @ConfigProperty(name = "mp.messaging.incoming.health-in.dead-letter-queue.topic")
    String configuredDeadLetterTopic;

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
    void theDeadLetterTopicIsNamedAfterTheConsumedTopic() {
        assertThat(configuredDeadLetterTopic).isEqualTo(DEAD_LETTERS);
    }

    @Test
    void anUnreadableRecordIsDeadLetteredWithItsBytesAndTheConsumerGoesOn() {
        String service = "svc-" + UUID.randomUUID();
        byte[] garbage = "\u0007 not an event".getBytes(StandardCharsets.UTF_8);
        RecordMetadata poison = probe.send(TOPIC, service, garbage, Map.of());
        String goodJson = """
                {"eventId": "%s", "timestamp": 1700000000000, "source": "node-producer", "serviceName": "%s",
                 "namespace": "data-platform", "healthStatus": "HEALTHY", "latencyMs": 12, "errorRate": 0.0,
                 "message": null}""".formatted(UUID.randomUUID(), service);
        probe.send(TOPIC, service, goodJson.getBytes(StandardCharsets.UTF_8), Map.of());

        await().atMost(WAIT).until(() -> consumer.received().stream().anyMatch(e -> e.getServiceName().equals(service)));

        ConsumerRecord<String, byte[]> dead = probe.await(DEAD_LETTERS, r -> service.equals(r.key()), WAIT);
        assertThat(dead.value()).as("the original bytes").isEqualTo(garbage);
        assertThat(TopicProbe.header(dead, DeadLetters.REASON))
                .contains("neither registry-framed Avro (it starts with 0x07, not the magic byte 0x00) nor a JSON object");
        assertThat(TopicProbe.header(dead, DeadLetters.TOPIC)).isEqualTo(TOPIC);
        assertThat(TopicProbe.header(dead, DeadLetters.PARTITION)).isEqualTo(Integer.toString(poison.partition()));
        assertThat(TopicProbe.header(dead, DeadLetters.OFFSET)).isEqualTo(Long.toString(poison.offset()));
        assertThat(TopicProbe.header(dead, DeadLetters.DESERIALIZATION_FAILURE_REASON)).contains("neither registry-framed");
    }

    @Test
    void anUnreadableRecordNearTheSizeLimitIsDeadLetteredOnceAndOneOverTheCopyLimitByReference() {
        String service = "svc-" + UUID.randomUUID();
        // Copied three times (value and two deserialization-failure headers) these bytes would make a dead letter
        // over the producer's 1 MiB max.request.size: the dead letter could never be written.
        byte[] large = garbage(700_000);
        byte[] tooLarge = garbage(1_000_100);
        probe.send(TOPIC, service + "-large", large, Map.of());
        RecordMetadata over = probe.send(TOPIC, service + "-too-large", tooLarge, Map.of());
        probe.send(TOPIC, service, healthJson(service).getBytes(StandardCharsets.UTF_8), Map.of());

        await().atMost(WAIT).until(() -> consumer.received().stream().anyMatch(e -> e.getServiceName().equals(service)));

        ConsumerRecord<String, byte[]> copied = probe.await(DEAD_LETTERS, r -> (service + "-large").equals(r.key()), WAIT);
        assertThat(copied.value()).as("the original bytes, once").isEqualTo(large);
        assertThat(copied.headers().lastHeader("deserialization-failure-data")).isNull();
        assertThat(copied.headers().lastHeader("deserialization-failure-value-data")).isNull();
        assertThat(copied.headers().lastHeader(DeadLetters.VALUE_NOT_COPIED)).isNull();

        ConsumerRecord<String, byte[]> referenced = probe.await(DEAD_LETTERS,
                r -> (service + "-too-large").equals(r.key()), WAIT);
        assertThat(referenced.value()).isNull();
        assertThat(TopicProbe.header(referenced, DeadLetters.VALUE_NOT_COPIED)).isEqualTo("1000100 bytes");
        assertThat(TopicProbe.header(referenced, DeadLetters.REASON)).contains("neither registry-framed");
        assertThat(TopicProbe.header(referenced, DeadLetters.TOPIC)).isEqualTo(TOPIC);
        assertThat(TopicProbe.header(referenced, DeadLetters.PARTITION)).isEqualTo(Integer.toString(over.partition()));
        assertThat(TopicProbe.header(referenced, DeadLetters.OFFSET)).isEqualTo(Long.toString(over.offset()));
    }

    private static byte[] garbage(int size) {
        byte[] bytes = new byte[size];
        java.util.Arrays.fill(bytes, (byte) 'x');
        bytes[0] = 0x07;
        return bytes;
    }

    private static String healthJson(String service) {
        return """
                {"eventId": "%s", "timestamp": %d, "source": "node-producer", "serviceName": "%s",
                 "namespace": "data-platform", "healthStatus": "HEALTHY", "latencyMs": 12, "errorRate": 0.0,
                 "message": null}""".formatted(UUID.randomUUID(), System.currentTimeMillis(), service);
    }

    @Test
    void anEventWhoseProcessingFailsIsDeadLetteredAsAReadableEvent() throws Exception {
        String service = HealthEventConsumer.POISON_PREFIX + UUID.randomUUID();
        String survivor = "svc-" + UUID.randomUUID();
        PublishedEvent poison = publisher.publish(SampleEvents.health(service)).await().atMost(WAIT);
        ServiceHealthEvent next = SampleEvents.health(survivor);
        publisher.publish(next).await().atMost(WAIT);

        await().atMost(WAIT).until(() -> consumer.received().stream().anyMatch(e -> e.getServiceName().equals(survivor)));

        ConsumerRecord<String, byte[]> dead = probe.await(DEAD_LETTERS, r -> service.equals(r.key()), WAIT);
        assertThat(TopicProbe.header(dead, DeadLetters.REASON)).isEqualTo("cannot project health of " + service);
        assertThat(TopicProbe.header(dead, DeadLetters.EXCEPTION_CLASS)).isEqualTo(IllegalStateException.class.getName());
        assertThat(TopicProbe.header(dead, DeadLetters.TOPIC)).isEqualTo(TOPIC);
        assertThat(TopicProbe.header(dead, DeadLetters.PARTITION)).isEqualTo(Integer.toString(poison.partition()));
        assertThat(TopicProbe.header(dead, DeadLetters.OFFSET)).isEqualTo(Long.toString(poison.offset()));
        assertThat(TopicProbe.header(dead, "eventId")).as("original headers kept").isEqualTo(poison.eventId());
        // The dead letter is the event, framed with the registered schema of the original topic.
        ConfluentWireReader.Decoded decoded = new ConfluentWireReader(ccompatUrl).decode(dead.value());
        assertThat(decoded.record().get("serviceName")).hasToString(service);
        assertThat(decoded.writerSchema()).isEqualTo(ServiceHealthEvent.getClassSchema());
    }
}
