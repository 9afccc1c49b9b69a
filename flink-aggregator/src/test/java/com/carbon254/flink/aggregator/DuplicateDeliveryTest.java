package com.carbon254.flink.aggregator;

import com.carbon254.events.data.DataIngestionAggregatedEvent;
import com.carbon254.events.data.DataIngestionEvent;
import com.carbon254.events.data.DataQualityAggregatedEvent;
import com.carbon254.events.data.DataQualityEvent;
import com.carbon254.events.data.QualitySeverity;
import com.carbon254.events.data.Status;
import com.carbon254.flink.aggregator.pipeline.DropDuplicateEvents;
import com.carbon254.flink.aggregator.pipeline.TooLateEvents;
import com.carbon254.flink.aggregator.serde.RegistryAvroDeserializationSchema;
import com.carbon254.flink.aggregator.support.Events;
import com.carbon254.flink.aggregator.support.JobTests;
import com.carbon254.flink.aggregator.support.Kafka;
import com.carbon254.flink.aggregator.support.TestStack;
import com.carbon254.flink.aggregator.support.Wire;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Exactly-once effect under redelivery, on a MiniCluster against the real broker and registry: a producer that sends
 * the same event again (same eventId, new offset) changes no window, within a run and after a restore from a
 * checkpoint; events with other ids are all counted. Test configuration: 5-minute windows, 1 minute of
 * out-of-orderness, 2 minutes of allowed lateness.
 */
class DuplicateDeliveryTest {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = JobTests.miniCluster(REPORTER);

    private static final long MINUTE = 60_000;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration SETTLE = Duration.ofSeconds(3);

    @TempDir
    Path state;

    private JobClient first;
    private JobClient second;
    private KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void startStack() {
        TestStack.get();
    }

    @AfterEach
    void stop() throws Exception {
        JobTests.cancel(first);
        JobTests.cancel(second);
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    void redeliveriesChangeNoWindowAndEventsWithOtherIdsAreAllCounted() throws Exception {
        String prefix = JobTests.uniquePrefix("dup");
        String dataset = prefix + "-orders";
        String checked = prefix + "-checked";
        long w0 = Instant.parse("2031-07-01T00:00:00Z").toEpochMilli();
        long since = System.currentTimeMillis();
        int partition = 6;
        int qualityPartition = 3;
        first = AggregatorJob.start(JobTests.config(prefix, state, since));

        DataIngestionEvent o1 = ingestion(dataset, w0 + MINUTE, 10);
        DataIngestionEvent o2 = ingestion(dataset, w0 + 2 * MINUTE, 20);
        DataIngestionEvent o3 = ingestion(dataset, w0 + 3 * MINUTE, 30);
        // Everything o2 says, but another event: counted.
        DataIngestionEvent twin = DataIngestionEvent.newBuilder(o2).setEventId(UUID.randomUUID().toString()).build();
        DataQualityEvent q1 = Events.quality(checked, w0 + MINUTE, "not_null", true, QualitySeverity.CRITICAL);
        DataQualityEvent q2 = Events.quality(checked, w0 + 2 * MINUTE, "range", false, QualitySeverity.CRITICAL);
        DataQualityEvent q3 = Events.quality(checked, w0 + 3 * MINUTE, "unique", true, QualitySeverity.WARNING);

        try (KafkaConsumer<byte[], byte[]> results = Kafka.consumer("data-ingestion-aggregated", true);
                KafkaConsumer<byte[], byte[]> qualityResults = Kafka.consumer("data-quality-aggregated", true)) {
            // Each redelivery is a new record at a new offset, with the bytes (so the eventId) of the original.
            for (DataIngestionEvent event : List.of(o1, o2, o1, twin, o3, o2, o3)) {
                produce(partition, event);
            }
            produce(partition, ingestion(dataset, w0 + 6 * MINUTE, 1)); // watermark 5 min: [0, 5) fires
            for (DataQualityEvent event : List.of(q1, q1, q2, q3, q2, q3)) {
                produce(qualityPartition, event);
            }
            produce(qualityPartition, Events.quality(checked, w0 + 6 * MINUTE, "tick", true, QualitySeverity.INFO));

            List<DataIngestionAggregatedEvent> seen = new ArrayList<>(awaitResults(results, dataset, 1));
            // After the window fired, within the allowed lateness: a redelivery would still update it, a new event
            // does (the update's totals tell which of the two it took in).
            produce(partition, o1);
            produce(partition, ingestion(dataset, w0 + 4 * MINUTE, 500));
            seen.addAll(awaitResults(results, dataset, 1));
            seen.addAll(awaitResults(results, dataset, 0));

            assertThat(seen).extracting(e -> e.getWindowStart().toEpochMilli(), e -> e.getUpdateSequence(),
                            DataIngestionAggregatedEvent::getEventCount,
                            DataIngestionAggregatedEvent::getTotalRecordCount,
                            DataIngestionAggregatedEvent::getTotalSizeBytes,
                            DataIngestionAggregatedEvent::getSuccessCount)
                    .containsExactly(
                            tuple(w0, 0, 4L, 80L, 8_000L, 4L),
                            tuple(w0, 1, 5L, 580L, 58_000L, 5L));

            List<DataQualityAggregatedEvent> quality = Kafka.collect(qualityResults,
                            r -> checked.equals(Kafka.key(r)), r -> !r.isEmpty(), WAIT, Duration.ZERO).stream()
                    .map(r -> Wire.decode(r.value(), DataQualityAggregatedEvent.class)).toList();
            assertThat(quality).singleElement().satisfies(result -> {
                assertThat(result.getChecks()).isEqualTo(3);
                assertThat(result.getPassed()).isEqualTo(2);
                assertThat(result.getFailed()).isEqualTo(1);
                assertThat(result.getCriticalFailures()).isEqualTo(1);
                assertThat(result.getFailedChecks()).containsExactly("range");
            });
        }
        // Dropped and counted, not dead-lettered: no window sent anything to the dead-letter topic.
        assertThat(JobTests.counter(REPORTER, first.getJobID(), DropDuplicateEvents.DUPLICATE_EVENTS_METRIC))
                .isEqualTo(4 + 3);
        assertThat(JobTests.counter(REPORTER, first.getJobID(), TooLateEvents.TOO_LATE_EVENTS_METRIC)).isZero();
        assertThat(JobTests.counter(REPORTER, first.getJobID(),
                RegistryAvroDeserializationSchema.UNDECODABLE_RECORDS_METRIC)).isZero();
    }

    @Test
    void aRedeliveryAfterARestoreFromACheckpointIsStillDropped(@InjectMiniCluster MiniCluster miniCluster)
            throws Exception {
        String prefix = JobTests.uniquePrefix("dup-restore");
        String dataset = prefix + "-orders";
        long w0 = Instant.parse("2031-08-01T00:00:00Z").toEpochMilli();
        long since = System.currentTimeMillis();
        int partition = 9;
        DataIngestionEvent o1 = ingestion(dataset, w0 + MINUTE, 10);
        DataIngestionEvent o2 = ingestion(dataset, w0 + 2 * MINUTE, 20);
        DataIngestionEvent o3 = ingestion(dataset, w0 + 3 * MINUTE, 30);

        try (KafkaConsumer<byte[], byte[]> committed = Kafka.consumer("data-ingestion-aggregated", true);
                KafkaConsumer<byte[], byte[]> uncommitted = Kafka.consumer("data-ingestion-aggregated", false)) {
            for (DataIngestionEvent event : List.of(o1, o2, o3)) {
                produce(partition, event);
            }
            produce(partition, ingestion(dataset, w0 + 6 * MINUTE, 1)); // watermark 5 min: [0, 5) fires
            // Checkpoints only when the test asks for one. The window's result (even uncommitted) means that the
            // three events went through the de-duplication, so the checkpoint taken after it holds their ids.
            first = AggregatorJob.start(JobTests.config(prefix, state, since,
                    "flink.execution.checkpointing.interval", "1 h",
                    "flink.execution.checkpointing.min-pause", "1 h"));
            awaitResults(uncommitted, dataset, 1);
            assertThat(miniCluster.triggerCheckpoint(first.getJobID(), CheckpointType.FULL)
                    .get(60, TimeUnit.SECONDS)).isPositive();
            JobTests.cancel(first);
            first = null;

            // The restart resumes from the retained checkpoint (the ids, the windows, the offsets after the tick).
            second = AggregatorJob.start(JobTests.config(prefix, state, since));
            for (DataIngestionEvent event : List.of(o1, o2, o3)) {
                produce(partition, event);
            }
            produce(partition, ingestion(dataset, w0 + 4 * MINUTE, 500)); // a new late event: one update
            produce(partition, ingestion(dataset, w0 + 6 * MINUTE, 1)); // the restarted watermark back at 5 min

            List<DataIngestionAggregatedEvent> seen = new ArrayList<>(awaitResults(committed, dataset, 2));
            seen.addAll(awaitResults(committed, dataset, 0));
            assertThat(seen).extracting(e -> e.getWindowStart().toEpochMilli(), e -> e.getUpdateSequence(),
                            DataIngestionAggregatedEvent::getEventCount,
                            DataIngestionAggregatedEvent::getTotalRecordCount)
                    .containsExactly(tuple(w0, 0, 3L, 60L), tuple(w0, 1, 4L, 560L));
        }
        assertThat(JobTests.counter(REPORTER, second.getJobID(), DropDuplicateEvents.DUPLICATE_EVENTS_METRIC))
                .isEqualTo(3);
    }

    private static DataIngestionEvent ingestion(String dataset, long timestamp, long records) {
        return Events.ingestion(dataset, timestamp, records, records * 100, Status.SUCCESS, "ingest-a");
    }

    private void produce(int partition, DataIngestionEvent event) {
        produce("data-ingestion", partition, event.getDatasetName(), event);
    }

    private void produce(int partition, DataQualityEvent event) {
        produce("data-quality", partition, event.getDatasetName(), event);
    }

    private void produce(String topic, int partition, String key, SpecificRecordBase event) {
        if (producer == null) {
            producer = Kafka.producer();
        }
        Kafka.send(producer, topic, partition, key, Wire.encode(event, Wire.schemaId(topic + "-value")));
    }

    /** Waits for {@code count} more results of {@code dataset} (with 0: checks that none follows for a moment). */
    private static List<DataIngestionAggregatedEvent> awaitResults(KafkaConsumer<byte[], byte[]> consumer,
            String dataset, int count) {
        return Kafka.collect(consumer, r -> dataset.equals(Kafka.key(r)), r -> r.size() >= count, WAIT,
                        count == 0 ? SETTLE : Duration.ZERO).stream()
                .map(r -> Wire.decode(r.value(), DataIngestionAggregatedEvent.class))
                .toList();
    }
}
