package com.carbon254.events.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.carbon254.devstack.testing.EmbeddedStackResource;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.data.DataIngestionEvent;
import com.carbon254.events.data.DatasetCreatedEvent;
import com.carbon254.events.data.DatasetDeletedEvent;
import com.carbon254.events.data.DatasetUpdatedEvent;
import com.carbon254.events.runtime.testing.ConfluentWireReader;
import com.carbon254.events.runtime.testing.SampleEvents;
import com.carbon254.events.runtime.testing.TopicProbe;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedStackResource.class,
        initArgs = @ResourceArg(name = EmbeddedStackResource.COMPONENTS, value = "kafka,registry"))
class EventPublisherTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    EventPublisher publisher;

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

    @Test
    void publishesOnTheCatalogTopicKeyedByEntityWithHeadersReadableByAnyConfluentClient() throws Exception {
        String dataset = "sales.orders-" + UUID.randomUUID();
        DataIngestionEvent event = EventEnvelope.complete(SampleEvents.ingestion(dataset), "publisher-test",
                new EventContext("flow-7", null));

        PublishedEvent published = publisher.publish(event).await().atMost(WAIT);

        assertThat(published.topic()).isEqualTo("data-ingestion");
        assertThat(published.key()).isEqualTo(dataset);
        assertThat(published.eventId()).isEqualTo(event.getEventId());
        assertThat(published.eventType()).isEqualTo("DataIngestion");
        assertThat(published.partition()).as("the default partitioner's choice for the key")
                .isEqualTo(partitionOf(dataset, TopicCatalog.DATA_INGESTION.partitions()));

        ConsumerRecord<String, byte[]> record = probe.readAt(published.topic(), published.partition(), published.offset());
        assertThat(record.key()).isEqualTo(dataset);
        assertThat(TopicProbe.header(record, EventHeaders.EVENT_TYPE)).isEqualTo("DataIngestion");
        assertThat(TopicProbe.header(record, EventHeaders.EVENT_ID)).isEqualTo(event.getEventId());
        assertThat(TopicProbe.header(record, EventHeaders.CORRELATION_ID)).isEqualTo("flow-7");
        assertThat(TopicProbe.header(record, EventHeaders.SOURCE)).isEqualTo("test");
        assertThat(TopicProbe.header(record, EventHeaders.CAUSATION_ID)).as("no cause, no header").isNull();

        ConfluentWireReader.Decoded decoded = wire.decode(record.value());
        assertThat(decoded.writerSchema()).isEqualTo(DataIngestionEvent.getClassSchema());
        GenericRecord value = decoded.record();
        assertThat(value.get("eventId")).hasToString(event.getEventId());
        assertThat(value.get("datasetName")).hasToString(dataset);
        assertThat(value.get("timestamp")).isEqualTo(SampleEvents.WHEN.toEpochMilli());
        assertThat(value.get("status")).hasToString("PARTIAL");
        assertThat(value.get("correlationId")).hasToString("flow-7");
    }

    /** Through the channel's emitter, and straight to its producer (the gateway's batches): the same outcome. */
    @ParameterizedTest(name = "directly on the producer: {0}")
    @ValueSource(booleans = {false, true})
    void publishesABatchInOrderPerEntityAndWritesDataEventsWithTheUnionSchema(boolean directly) throws Exception {
        String datasetId = "ds-" + UUID.randomUUID();
        List<SpecificRecord> lifecycle = List.of(SampleEvents.created(datasetId), SampleEvents.updated(datasetId, 2),
                SampleEvents.deleted(datasetId, 3));

        List<PublishedEvent> published = (directly ? publisher.publishAllDirectly(lifecycle)
                : publisher.publishAll(lifecycle)).await().atMost(WAIT);

        assertThat(published).extracting(PublishedEvent::eventType)
                .containsExactly("DatasetCreated", "DatasetUpdated", "DatasetDeleted");
        assertThat(published).extracting(PublishedEvent::topic).containsOnly("data-events");
        assertThat(published).extracting(PublishedEvent::partition).as("one entity, one partition")
                .containsOnly(partitionOf(datasetId, TopicCatalog.DATA_EVENTS.partitions()));
        assertThat(published).extracting(PublishedEvent::offset).isSorted().doesNotHaveDuplicates();

        List<Class<?>> classes = List.of(DatasetCreatedEvent.class, DatasetUpdatedEvent.class, DatasetDeletedEvent.class);
        for (int i = 0; i < published.size(); i++) {
            PublishedEvent p = published.get(i);
            ConfluentWireReader.Decoded decoded = wire.decode(probe.readAt(p.topic(), p.partition(), p.offset()).value());
            assertThat(decoded.writerSchema().getType()).isEqualTo(Schema.Type.UNION);
            assertThat(decoded.writerSchema()).isEqualTo(TopicCatalog.DATA_EVENTS.valueSchema());
            assertThat(decoded.record().getSchema().getFullName()).isEqualTo(classes.get(i).getName());
            assertThat(decoded.record().get("datasetVersion")).isEqualTo(i + 1L);
        }
    }

    @Test
    void publishesConcurrentBatchesOfMoreEventsThanTheChannelsDefaultInFlightLimit() {
        // 4 x 1,000 events at once: past the connector's default of 1,024 messages in flight plus the emitter's buffer.
        List<Uni<List<PublishedEvent>>> calls = IntStream.range(0, 4).mapToObj(call -> {
            String dataset = "concurrent-" + call + "-" + UUID.randomUUID();
            List<SpecificRecord> batch = IntStream.range(0, 1_000).<SpecificRecord>mapToObj(i -> EventEnvelope.complete(
                    SampleEvents.ingestion(dataset), "publisher-test", EventContext.none())).toList();
            return publisher.publishAll(batch);
        }).toList();

        List<List<PublishedEvent>> published = Uni.join().all(calls).andFailFast().await().atMost(WAIT);

        for (List<PublishedEvent> batch : published) {
            assertThat(batch).hasSize(1_000);
            assertThat(batch).extracting(PublishedEvent::partition).as("one dataset, one partition").hasSize(1_000)
                    .containsOnly(batch.get(0).partition());
            assertThat(batch).extracting(PublishedEvent::offset).as("stored in the order given").isSorted()
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void refusesAnIncompleteEventAndSendsNothingOfItsBatch() {
        String dataset = "incomplete-" + UUID.randomUUID();
        DataIngestionEvent complete = SampleEvents.ingestion(dataset);
        DataIngestionEvent incomplete = SampleEvents.ingestion(dataset);
        incomplete.setEventId(null);
        incomplete.setSource(null);
        Map<org.apache.kafka.common.TopicPartition, Long> before = probe.endOffsets(List.of("data-ingestion"));

        assertThatThrownBy(() -> publisher.publishAll(List.of(complete, incomplete)).await().atMost(WAIT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lacks [eventId, source]");
        assertThat(probe.endOffsets(List.of("data-ingestion"))).isEqualTo(before);
    }

    /** Kafka's default partitioner for a keyed record: murmur2 of the key bytes, modulo the partition count. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
