package com.carbon254.flink.aggregator.archive;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.catalog.TopicDefinition;
import com.carbon254.events.system.HealthStatus;
import com.carbon254.events.system.ServiceHealthEvent;
import com.carbon254.flink.aggregator.AggregatorConfig;
import com.carbon254.flink.aggregator.AggregatorJob;
import com.carbon254.flink.aggregator.support.JobTests;
import com.carbon254.flink.aggregator.support.Kafka;
import com.carbon254.flink.aggregator.support.TestStack;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The restore against the devstack's real broker and registry, on a MiniCluster: events of every type are archived
 * (bounded archive job into a temporary warehouse), with a JSON-written event and records the archive cannot decode
 * (a value that is no event, a JSON object that breaks the contract) among them, deleted from Kafka (the log start
 * offset moved past them, as retention does), and the restore writes exactly them back to the restore topics — the
 * same partition, key, value bytes (the JSON-written event as the contract's Avro) and timestamp, in offset order, with
 * the headers naming where each was and the log start offset restored up to — and nothing Kafka still holds, nor
 * anything of a topic not restored.
 */
class RestoreJobTest {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = JobTests.miniCluster(REPORTER);

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final byte[] NOT_AN_EVENT = "not an event".getBytes(UTF_8);
    private static final byte[] NOT_A_VALID_EVENT = "{\"eventId\": \"no event of any contract\"}".getBytes(UTF_8);

    @TempDir
    Path state;

    @BeforeAll
    static void startStack() {
        TestStack.get();
    }

    @Test
    void theArchivedRecordsKafkaNoLongerHoldsAreWrittenBackAsTheyWereInOffsetOrder() throws Exception {
        String prefix = JobTests.uniquePrefix("restore");
        long since = System.currentTimeMillis();
        Map<String, ProducerRecordSent> deleted = new HashMap<>();
        Set<String> kept = new LinkedHashSet<>();
        Map<TopicPartition, Long> deleteBelow = new HashMap<>();
        EventType notRestored = EventType.CONFIG_CHANGE;
        try (KafkaProducer<byte[], byte[]> producer = Kafka.producer()) {
            for (EventType type : EventType.values()) {
                for (int i = 0; i < 3; i++) {
                    SpecificRecordBase event = ArchivedEvents.sample(type, prefix, i);
                    byte[] value = ArchivedEvents.framed(type, event);
                    RecordMetadata at = Kafka.send(producer, type.topic().name(), 0, type.keyOf(event), value);
                    deleted.put(id(at), new ProducerRecordSent(at, type.keyOf(event), value));
                    deleteBelow.merge(new TopicPartition(at.topic(), at.partition()), at.offset() + 1, Math::max);
                    if (i == 0) {
                        // Among the Avro records, what the archive keeps as undecodable, written back byte for byte:
                        // a value that is no event, a JSON object that breaks the contract.
                        for (byte[] undecodable : List.of(NOT_AN_EVENT, NOT_A_VALID_EVENT)) {
                            String key = prefix + "-undecodable-" + deleted.size();
                            RecordMetadata sent = Kafka.send(producer, type.topic().name(), 0, key, undecodable);
                            deleted.put(id(sent), new ProducerRecordSent(sent, key, undecodable));
                        }
                    }
                    if (i == 0 && type == EventType.SERVICE_HEALTH) {
                        // A JSON-written event: the archive decodes it, the restore writes it back as the contract's
                        // Avro (what a consumer reads from either is the same event).
                        ServiceHealthEvent health = serviceHealth(prefix);
                        RecordMetadata sent = Kafka.send(producer, type.topic().name(), 0, health.getServiceName(),
                                json(health));
                        deleted.put(id(sent), new ProducerRecordSent(sent, health.getServiceName(),
                                ArchivedEvents.framed(type, health)));
                    }
                }
            }
            // Archived (below), but still in Kafka after the deletion: not restored.
            for (EventType type : EventType.values()) {
                SpecificRecordBase event = ArchivedEvents.sample(type, prefix, 9);
                kept.add(id(Kafka.send(producer, type.topic().name(), 0, type.keyOf(event),
                        ArchivedEvents.framed(type, event))));
            }
        }
        AggregatorJob.start(config(prefix, since, "pipelines", AggregatorConfig.ARCHIVE, "bounded", "true"))
                .getJobExecutionResult().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.bootstrapServers()))) {
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            deleteBelow.forEach((tp, offset) -> delete.put(tp, RecordsToDelete.beforeOffset(offset)));
            admin.deleteRecords(delete).all().get(30, TimeUnit.SECONDS);
        }

        // Every topic but one: its undecodable records are not restored either.
        Set<String> topics = new LinkedHashSet<>();
        for (EventType type : EventType.values()) {
            topics.add(type.topic().name());
        }
        topics.remove(notRestored.topic().name());
        deleted.keySet().removeIf(id -> id.startsWith(notRestored.topic().name() + "/"));
        long started = System.nanoTime();
        AggregatorJob.start(config(prefix, since, "pipelines", AggregatorConfig.RESTORE,
                        "restore-topics", String.join(",", topics), "restore-from", Instant.ofEpochMilli(since).toString()))
                .getJobExecutionResult().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        System.out.printf("restore of %d topics: %d ms%n", topics.size(), (System.nanoTime() - started) / 1_000_000);

        List<ConsumerRecord<byte[], byte[]>> restored = new ArrayList<>();
        for (String topic : topics) {
            String restoreTopic = topic + TopicDefinition.RESTORE_SUFFIX;
            try (KafkaConsumer<byte[], byte[]> consumer = Kafka.consumer(restoreTopic, true)) {
                long expected = deleted.keySet().stream().filter(id -> id.startsWith(topic + "/")).count();
                restored.addAll(Kafka.collect(consumer, r -> Kafka.key(r).startsWith(prefix),
                        found -> found.size() >= expected, WAIT, Duration.ofSeconds(1)));
            }
        }
        try (KafkaConsumer<byte[], byte[]> consumer = Kafka.consumer(
                notRestored.topic().name() + TopicDefinition.RESTORE_SUFFIX, true)) {
            assertThat(Kafka.collect(consumer, r -> Kafka.key(r) != null && Kafka.key(r).startsWith(prefix),
                    found -> true, WAIT, Duration.ofSeconds(1))).as("restore topic of a topic not restored").isEmpty();
        }
        assertThat(restored).extracting(RestoreJobTest::originalId)
                .containsExactlyInAnyOrderElementsOf(deleted.keySet())
                .doesNotContainAnyElementsOf(kept);
        for (ConsumerRecord<byte[], byte[]> record : restored) {
            ProducerRecordSent original = deleted.get(originalId(record));
            assertThat(record.topic()).isEqualTo(original.at().topic() + TopicDefinition.RESTORE_SUFFIX);
            assertThat(record.partition()).isEqualTo(original.at().partition());
            assertThat(record.timestamp()).isEqualTo(original.at().timestamp());
            assertThat(Kafka.key(record)).isEqualTo(original.key());
            assertThat(record.value()).as("value of %s", originalId(record)).isEqualTo(original.value());
            assertThat(Kafka.header(record, RestorePipeline.LOG_START_HEADER)).isEqualTo(Long.toString(
                    deleteBelow.get(new TopicPartition(original.at().topic(), original.at().partition()))));
        }
        Map<String, List<Long>> offsetsByPartition = new HashMap<>();
        restored.stream().sorted(Comparator.comparingLong(ConsumerRecord::offset)).forEach(r ->
                offsetsByPartition.computeIfAbsent(r.topic() + "/" + r.partition(), k -> new ArrayList<>())
                        .add(Long.parseLong(Kafka.header(r, RestorePipeline.OFFSET_HEADER))));
        offsetsByPartition.forEach((partition, offsets) -> assertThat(offsets).as(partition).isSorted());
    }

    private static ServiceHealthEvent serviceHealth(String prefix) {
        return ServiceHealthEvent.newBuilder().setEventId(UUID.randomUUID().toString())
                .setTimestamp(Instant.ofEpochMilli(System.currentTimeMillis())).setSource("node-producer")
                .setServiceName(prefix + "-json").setNamespace("default").setHealthStatus(HealthStatus.DEGRADED)
                .setLatencyMs(250).setErrorRate(0.5).setMessage("from node").build();
    }

    /** The event as a JSON producer (e.g. Node.js) writes it: its fields, envelope defaults left out. */
    private static byte[] json(ServiceHealthEvent event) {
        return ("{\"eventId\": \"" + event.getEventId() + "\", \"timestamp\": " + event.getTimestamp().toEpochMilli()
                + ", \"source\": \"" + event.getSource() + "\", \"serviceName\": \"" + event.getServiceName()
                + "\", \"namespace\": \"" + event.getNamespace() + "\", \"healthStatus\": \""
                + event.getHealthStatus() + "\", \"latencyMs\": " + event.getLatencyMs() + ", \"errorRate\": "
                + event.getErrorRate() + ", \"message\": \"" + event.getMessage() + "\"}").getBytes(UTF_8);
    }

    private AggregatorConfig config(String prefix, long since, String... overrides) {
        List<String> args = new ArrayList<>(List.of(
                "catalog.warehouse", state.resolve("warehouse").toUri().toString(), "parallelism", "2"));
        args.addAll(List.of(overrides));
        return JobTests.config(prefix, state, since, args.toArray(String[]::new));
    }

    private static String id(RecordMetadata at) {
        return at.topic() + "/" + at.partition() + "@" + at.offset();
    }

    private static String originalId(ConsumerRecord<byte[], byte[]> restored) {
        return Kafka.header(restored, RestorePipeline.TOPIC_HEADER) + "/"
                + Kafka.header(restored, RestorePipeline.PARTITION_HEADER) + "@"
                + Kafka.header(restored, RestorePipeline.OFFSET_HEADER);
    }

    private record ProducerRecordSent(RecordMetadata at, String key, byte[] value) {
    }
}
