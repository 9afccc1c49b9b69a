package com.carbon254.flink.aggregator;

import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.data.DataIngestionAggregatedEvent;
import com.carbon254.events.data.DataIngestionEvent;
import com.carbon254.events.data.DataQualityAggregatedEvent;
import com.carbon254.events.data.DataQualityEvent;
import com.carbon254.events.data.QualitySeverity;
import com.carbon254.events.data.Status;
import com.carbon254.flink.aggregator.pipeline.DeadLetters;
import com.carbon254.flink.aggregator.pipeline.SequencedWindowFunction;
import com.carbon254.flink.aggregator.pipeline.TooLateEvents;
import com.carbon254.flink.aggregator.serde.RegistryAvroDeserializationSchema;
import com.carbon254.flink.aggregator.support.Events;
import com.carbon254.flink.aggregator.support.JobTests;
import com.carbon254.flink.aggregator.support.Kafka;
import com.carbon254.flink.aggregator.support.TestStack;
import com.carbon254.flink.aggregator.support.Wire;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job on a MiniCluster against the real broker and registry: windows over out-of-order events of several
 * partitions, late updates, too-late events, undecodable records.
 */
class AggregatorJobTest {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = JobTests.miniCluster(REPORTER);

    private static final long MINUTE = 60_000;
    private static final long WINDOW = 5 * MINUTE;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration SETTLE = Duration.ofSeconds(3);

    @TempDir
    Path checkpoints;

    private JobClient job;
    private KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void startStack() {
        TestStack.get();
    }

    @AfterEach
    void stop() throws Exception {
        JobTests.cancel(job);
        if (producer != null) {
            producer.close();
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = Kafka.producer();
        }
        return producer;
    }

    private RecordMetadata produce(String topic, int partition, String dataset, byte[] value) {
        return Kafka.send(producer(), topic, partition, dataset, value);
    }

    private RecordMetadata produce(int partition, DataIngestionEvent event) {
        return produce("data-ingestion", partition, event.getDatasetName(),
                Wire.encode(event, Wire.schemaId("data-ingestion-value")));
    }

    private RecordMetadata produce(int partition, DataQualityEvent event) {
        return produce("data-quality", partition, event.getDatasetName(),
                Wire.encode(event, Wire.schemaId("data-quality-value")));
    }

    private static Predicate<ConsumerRecord<byte[], byte[]>> keyStartsWith(String prefix) {
        return record -> record.key() != null && Kafka.key(record).startsWith(prefix);
    }

    @Test
    void windowsOfOutOfOrderEventsSpreadOverSeveralPartitions() throws Exception {
        String prefix = JobTests.uniquePrefix("windows");
        long base = Instant.parse("2031-03-01T00:00:00Z").toEpochMilli();
        long since = System.currentTimeMillis();
        Random random = new Random(42);
        int[] partitions = {0, 3, 7, 11};
        Status[] statuses = Status.values();

        // Four datasets on four partitions; three cover 20 minutes, one only 10 (the partitions' event times move
        // apart); events arrive up to 45 s out of order (the out-of-orderness is 1 min), 300 per dataset.
        Map<String, Map<Long, List<DataIngestionEvent>>> expected = new TreeMap<>();
        for (int d = 0; d < partitions.length; d++) {
            String dataset = prefix + "-d" + d;
            long span = d == 3 ? 10 * MINUTE : 20 * MINUTE;
            List<DataIngestionEvent> events = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                long time = base + i * span / 300 + random.nextInt(1000);
                events.add(Events.ingestion(dataset, time, 1 + random.nextInt(100), 1 + random.nextInt(10_000),
                        statuses[random.nextInt(3)], "source-" + random.nextInt(3)));
            }
            for (DataIngestionEvent event : events) {
                expected.computeIfAbsent(dataset, k -> new TreeMap<>())
                        .computeIfAbsent(windowStart(event.getTimestamp().toEpochMilli()), k -> new ArrayList<>())
                        .add(event);
            }
            Map<DataIngestionEvent, Long> arrival = new HashMap<>();
            events.forEach(e -> arrival.put(e, e.getTimestamp().toEpochMilli() + random.nextInt(45_000)));
            events.sort(Comparator.comparing(arrival::get));
            for (DataIngestionEvent event : events) {
                Kafka.sendAsync(producer(), "data-ingestion", partitions[d], dataset,
                        Wire.encode(event, Wire.schemaId("data-ingestion-value")));
            }
            // Moves this partition's watermark past every window above.
            produce(partitions[d], Events.ingestion(prefix + "-tick", base + 60 * MINUTE));
        }
        // The quality pipeline: two datasets, 10 minutes, every third check fails (half of those critically).
        Map<String, Map<Long, List<DataQualityEvent>>> expectedQuality = new TreeMap<>();
        int[] qualityPartitions = {1, 4};
        for (int q = 0; q < qualityPartitions.length; q++) {
            String dataset = prefix + "-q" + q;
            for (int i = 0; i < 40; i++) {
                long time = base + i * 10 * MINUTE / 40;
                DataQualityEvent event = Events.quality(dataset, time, "check-" + (i % 4), i % 3 != 0,
                        i % 2 == 0 ? QualitySeverity.CRITICAL : QualitySeverity.WARNING);
                expectedQuality.computeIfAbsent(dataset, k -> new TreeMap<>())
                        .computeIfAbsent(windowStart(time), k -> new ArrayList<>()).add(event);
                produce(qualityPartitions[q], event);
            }
            produce(qualityPartitions[q], Events.quality(prefix + "-tick", base + 60 * MINUTE, "t", true,
                    QualitySeverity.INFO));
        }

        // Watermarks emitted after every few records: a watermark shared by all partitions would close windows
        // before the slower partitions' events are read. Idleness 5 s: a partition whose first fetch is slow (a
        // loaded machine) must not be taken for idle while the others' watermarks run ahead.
        job = AggregatorJob.start(JobTests.config(prefix, checkpoints, since,
                "flink.pipeline.auto-watermark-interval", "1 ms", "idleness", "5 s"));

        int windows = expected.values().stream().mapToInt(Map::size).sum();
        List<ConsumerRecord<byte[], byte[]>> results;
        try (KafkaConsumer<byte[], byte[]> consumer = Kafka.consumer("data-ingestion-aggregated", true)) {
            results = Kafka.collect(consumer, keyStartsWith(prefix + "-d"), r -> r.size() >= windows, WAIT, SETTLE);
        }
        assertThat(results).hasSize(windows);
        int schemaId = Wire.schemaId(TopicCatalog.DATA_INGESTION_AGGREGATED.valueSubject());
        for (ConsumerRecord<byte[], byte[]> record : results) {
            assertThat(Wire.idOf(record.value())).isEqualTo(schemaId);
            DataIngestionAggregatedEvent result = Wire.decode(record.value(), DataIngestionAggregatedEvent.class);
            assertThat(Kafka.key(record)).isEqualTo(result.getDatasetName());
            long start = result.getWindowStart().toEpochMilli();
            List<DataIngestionEvent> events = expected.get(result.getDatasetName()).get(start);
            assertThat(events).as("window %s of %s", result.getWindowStart(), result.getDatasetName()).isNotNull();
            assertThat(result.getWindowEnd().toEpochMilli()).isEqualTo(start + WINDOW);
            assertThat(result.getEventCount()).isEqualTo(events.size());
            assertThat(result.getTotalRecordCount())
                    .isEqualTo(events.stream().mapToLong(DataIngestionEvent::getRecordCount).sum());
            assertThat(result.getTotalSizeBytes())
                    .isEqualTo(events.stream().mapToLong(DataIngestionEvent::getSizeBytes).sum());
            assertThat(result.getSuccessCount()).isEqualTo(count(events, Status.SUCCESS));
            assertThat(result.getFailureCount()).isEqualTo(count(events, Status.FAILURE));
            assertThat(result.getPartialCount()).isEqualTo(count(events, Status.PARTIAL));
            assertThat(result.getFirstEventTime()).isEqualTo(events.stream().map(DataIngestionEvent::getTimestamp)
                    .min(Comparator.naturalOrder()).orElseThrow());
            assertThat(result.getLastEventTime()).isEqualTo(events.stream().map(DataIngestionEvent::getTimestamp)
                    .max(Comparator.naturalOrder()).orElseThrow());
            assertThat(result.getDistinctSources())
                    .isEqualTo((int) events.stream().map(DataIngestionEvent::getSource).distinct().count());
            assertThat(result.getLate()).isFalse();
            assertThat(result.getUpdateSequence()).isZero();
            assertThat(result.getEventId()).isEqualTo(SequencedWindowFunction.resultId("DataIngestionAggregated",
                    result.getDatasetName(), start, 0));
            assertThat(result.getEventType()).isEqualTo("DataIngestionAggregated");
            assertThat(result.getSource()).isEqualTo("flink-aggregator");
        }

        int qualityWindows = expectedQuality.values().stream().mapToInt(Map::size).sum();
        try (KafkaConsumer<byte[], byte[]> consumer = Kafka.consumer("data-quality-aggregated", true)) {
            results = Kafka.collect(consumer, keyStartsWith(prefix + "-q"), r -> r.size() >= qualityWindows, WAIT,
                    Duration.ZERO);
        }
        assertThat(results).hasSize(qualityWindows);
        for (ConsumerRecord<byte[], byte[]> record : results) {
            assertThat(Wire.idOf(record.value()))
                    .isEqualTo(Wire.schemaId(TopicCatalog.DATA_QUALITY_AGGREGATED.valueSubject()));
            DataQualityAggregatedEvent result = Wire.decode(record.value(), DataQualityAggregatedEvent.class);
            List<DataQualityEvent> events = expectedQuality.get(result.getDatasetName())
                    .get(result.getWindowStart().toEpochMilli());
            long passed = events.stream().filter(DataQualityEvent::getPassed).count();
            assertThat(result.getChecks()).isEqualTo(events.size());
            assertThat(result.getPassed()).isEqualTo(passed);
            assertThat(result.getFailed()).isEqualTo(events.size() - passed);
            assertThat(result.getPassRate()).isEqualTo((double) passed / events.size());
            assertThat(result.getCriticalFailures()).isEqualTo(events.stream()
                    .filter(e -> !e.getPassed() && e.getSeverity() == QualitySeverity.CRITICAL).count());
            assertThat(result.getFailedChecks()).isEqualTo(events.stream().filter(e -> !e.getPassed())
                    .map(DataQualityEvent::getCheckName).distinct().sorted().toList());
            assertThat(result.getLate()).isFalse();
        }

        assertThat(JobTests.counter(REPORTER, job.getJobID(), TooLateEvents.TOO_LATE_EVENTS_METRIC)).isZero();
        assertThat(JobTests.counter(REPORTER, job.getJobID(),
                RegistryAvroDeserializationSchema.UNDECODABLE_RECORDS_METRIC)).isZero();
    }

    @Test
    void lateEventsUpdateTheirWindowAndTooLateOnesGoToTheDeadLetterTopic() throws Exception {
        String prefix = JobTests.uniquePrefix("late");
        String dataset = prefix + "-orders";
        long w0 = Instant.parse("2031-04-01T00:00:00Z").toEpochMilli();
        long since = System.currentTimeMillis();
        int partition = 5;
        job = AggregatorJob.start(JobTests.config(prefix, checkpoints, since, "out-of-orderness", "30 s"));

        try (KafkaConsumer<byte[], byte[]> results = Kafka.consumer("data-ingestion-aggregated", true);
                KafkaConsumer<byte[], byte[]> deadLetters = Kafka.consumer("data-ingestion.dlq", true)) {
            List<DataIngestionAggregatedEvent> seen = new ArrayList<>();
            // On time: three events in [0, 5 min); one at 6 min moves the watermark to 5.5 min: the window fires.
            for (long minute : new long[] {1, 2, 3, 6}) {
                produce(partition, Events.ingestion(dataset, w0 + minute * MINUTE));
            }
            seen.addAll(awaitResults(results, dataset, 1));
            // Late but within the allowed lateness (watermark 5.5 min < 5 + 2 min): an updated result.
            produce(partition, Events.ingestion(dataset, w0 + 4 * MINUTE));
            seen.addAll(awaitResults(results, dataset, 1));
            // 11 min: the watermark passes 10.5 min, [5, 10) fires and [0, 5) is closed for good.
            produce(partition, Events.ingestion(dataset, w0 + 11 * MINUTE));
            seen.addAll(awaitResults(results, dataset, 1));
            // Too late for [0, 5): a dead letter, not an update.
            RecordMetadata tooLate = produce(partition, Events.ingestion(dataset, w0 + 150_000));

            List<ConsumerRecord<byte[], byte[]>> letters = Kafka.collect(deadLetters,
                    r -> "data-ingestion".equals(Kafka.header(r, DeadLetters.TOPIC))
                            && Integer.toString(partition).equals(Kafka.header(r, DeadLetters.PARTITION))
                            && Long.toString(tooLate.offset()).equals(Kafka.header(r, DeadLetters.OFFSET)),
                    r -> !r.isEmpty(), WAIT, SETTLE);
            assertThat(letters).hasSize(1);
            ConsumerRecord<byte[], byte[]> letter = letters.get(0);
            assertThat(Kafka.header(letter, DeadLetters.REASON)).isEqualTo(DeadLetters.TOO_LATE);
            assertThat(Kafka.header(letter, DeadLetters.CAUSE)).contains("allowed lateness");
            assertThat(Kafka.key(letter)).isEqualTo(dataset);
            assertThat(Wire.decode(letter.value(), DataIngestionEvent.class).getTimestamp())
                    .isEqualTo(Instant.ofEpochMilli(w0 + 150_000));
            seen.addAll(awaitResults(results, dataset, 0)); // nothing else arrives

            assertThat(seen).extracting(e -> e.getWindowStart().toEpochMilli(), e -> e.getUpdateSequence(),
                            DataIngestionAggregatedEvent::getLate, DataIngestionAggregatedEvent::getEventCount)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(w0, 0, false, 3L),
                            org.assertj.core.groups.Tuple.tuple(w0, 1, true, 4L),
                            org.assertj.core.groups.Tuple.tuple(w0 + WINDOW, 0, false, 1L));
            assertThat(seen.get(1).getEventId()).isNotEqualTo(seen.get(0).getEventId());
        }
        assertThat(JobTests.counter(REPORTER, job.getJobID(), TooLateEvents.TOO_LATE_EVENTS_METRIC)).isEqualTo(1);
    }

    /** Waits for {@code count} more results of {@code dataset} (then checks that no more follow for a moment). */
    private static List<DataIngestionAggregatedEvent> awaitResults(KafkaConsumer<byte[], byte[]> consumer,
            String dataset, int count) {
        return Kafka.collect(consumer, r -> dataset.equals(Kafka.key(r)), r -> r.size() >= count, WAIT,
                        count == 0 ? SETTLE : Duration.ZERO).stream()
                .map(r -> Wire.decode(r.value(), DataIngestionAggregatedEvent.class))
                .toList();
    }

    @Test
    void undecodableRecordsGoToTheDeadLetterTopicAndTheJobGoesOn() throws Exception {
        String prefix = JobTests.uniquePrefix("poison");
        String dataset = prefix + "-orders";
        long w0 = Instant.parse("2031-05-01T00:00:00Z").toEpochMilli();
        long since = System.currentTimeMillis();
        int partition = 2;
        job = AggregatorJob.start(JobTests.config(prefix, checkpoints, since));

        byte[] valid = Wire.encode(Events.ingestion(dataset, w0 + MINUTE), Wire.schemaId("data-ingestion-value"));
        Map<Long, String> expectedReasons = new HashMap<>();
        Map<Long, byte[]> originals = new HashMap<>();
        Object[][] poison = {
                {"garbage, not even framed".getBytes(), DeadLetters.BAD_FRAMING},
                {new byte[] {0, 0x7f, 0x00, 0x00, 0x01, 42, 42}, DeadLetters.UNKNOWN_SCHEMA},
                {Arrays.copyOf(valid, valid.length - 9), DeadLetters.UNDECODABLE},
                {new byte[0], DeadLetters.EMPTY_VALUE},
        };
        for (Object[] bad : poison) {
            RecordMetadata sent = produce("data-ingestion", partition, dataset, (byte[]) bad[0]);
            expectedReasons.put(sent.offset(), (String) bad[1]);
            originals.put(sent.offset(), (byte[]) bad[0]);
        }
        // Valid events after the poison: the job still aggregates them.
        produce("data-ingestion", partition, dataset, valid);
        produce(partition, Events.ingestion(dataset, w0 + 2 * MINUTE));
        produce(partition, Events.ingestion(dataset, w0 + 8 * MINUTE));

        try (KafkaConsumer<byte[], byte[]> results = Kafka.consumer("data-ingestion-aggregated", true)) {
            List<DataIngestionAggregatedEvent> window = awaitResults(results, dataset, 1);
            assertThat(window.get(0).getEventCount()).isEqualTo(2);
        }
        try (KafkaConsumer<byte[], byte[]> deadLetters = Kafka.consumer("data-ingestion.dlq", true)) {
            List<ConsumerRecord<byte[], byte[]>> letters = Kafka.collect(deadLetters,
                    r -> "data-ingestion".equals(Kafka.header(r, DeadLetters.TOPIC))
                            && Integer.toString(partition).equals(Kafka.header(r, DeadLetters.PARTITION))
                            && expectedReasons.containsKey(Long.parseLong(Kafka.header(r, DeadLetters.OFFSET))),
                    r -> r.size() >= poison.length, WAIT, SETTLE);
            assertThat(letters).hasSize(poison.length);
            Set<String> reasons = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> letter : letters) {
                long offset = Long.parseLong(Kafka.header(letter, DeadLetters.OFFSET));
                assertThat(Kafka.header(letter, DeadLetters.REASON)).isEqualTo(expectedReasons.get(offset));
                assertThat(Kafka.header(letter, DeadLetters.CAUSE)).isNotBlank();
                assertThat(Kafka.header(letter, DeadLetters.PRODUCER)).isEqualTo("flink-aggregator");
                assertThat(Kafka.key(letter)).isEqualTo(dataset);
                byte[] original = originals.get(offset);
                assertThat(letter.value() == null ? new byte[0] : letter.value()).isEqualTo(original);
                reasons.add(Kafka.header(letter, DeadLetters.REASON));
            }
            assertThat(reasons).hasSize(poison.length);
        }
        assertThat(JobTests.counter(REPORTER, job.getJobID(),
                RegistryAvroDeserializationSchema.UNDECODABLE_RECORDS_METRIC)).isEqualTo(poison.length);
    }

    private static long windowStart(long time) {
        return time - Math.floorMod(time, WINDOW);
    }

    private static long count(List<DataIngestionEvent> events, Status status) {
        return events.stream().filter(e -> e.getStatus() == status).count();
    }
}
