package com.carbon254.flink.aggregator;

import com.carbon254.events.data.DataIngestionAggregatedEvent;
import com.carbon254.flink.aggregator.support.Events;
import com.carbon254.flink.aggregator.support.JobTests;
import com.carbon254.flink.aggregator.support.Kafka;
import com.carbon254.flink.aggregator.support.TestStack;
import com.carbon254.flink.aggregator.support.Wire;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly once across a crash: a job whose results after its last checkpoint are already in Kafka (in an open
 * transaction) is cancelled; the next start resumes from the retained checkpoint, re-emits those results, and a
 * read_committed consumer sees every window result exactly once.
 */
class ExactlyOnceRecoveryTest {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = JobTests.miniCluster(REPORTER);

    private static final long MINUTE = 60_000;
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path state;

    private JobClient first;
    private JobClient second;

    @BeforeAll
    static void startStack() {
        TestStack.get();
    }

    @AfterEach
    void stop() throws Exception {
        JobTests.cancel(first);
        JobTests.cancel(second);
    }

    @Test
    void eachWindowResultIsCommittedExactlyOnceAcrossACrashAndARestartFromTheRetainedCheckpoint(
            @InjectMiniCluster MiniCluster miniCluster) throws Exception {
        String prefix = JobTests.uniquePrefix("eo");
        String[] datasets = {prefix + "-a", prefix + "-b"};
        // One partition for both datasets: its order is the order the events are produced in. (Across partitions, a
        // partition that was idle longer than the idleness timeout no longer holds the watermark back; its events
        // can then be late relative to the others' when it resumes: a matter of configuration, not of this test.)
        int[] partitions = {1, 1};
        long w0 = Instant.parse("2031-06-01T00:00:00Z").toEpochMilli();
        long since = System.currentTimeMillis();

        try (KafkaProducer<byte[], byte[]> producer = Kafka.producer();
                KafkaConsumer<byte[], byte[]> committed = Kafka.consumer("data-ingestion-aggregated", true);
                KafkaConsumer<byte[], byte[]> uncommitted = Kafka.consumer("data-ingestion-aggregated", false)) {

            // Phase 1: windows [0, 5) and [5, 10) of both datasets, and events at 12 min that fire them.
            produce(producer, datasets, partitions, w0, new long[] {1, 2, 6, 7, 12});
            // Checkpoints only when the test asks for one (no periodic checkpoint within the next hour).
            first = AggregatorJob.start(JobTests.config(prefix, state, since,
                    "flink.execution.checkpointing.interval", "1 h",
                    "flink.execution.checkpointing.min-pause", "1 h"));
            awaitResults(uncommitted, prefix, 4);
            long checkpoint = miniCluster.triggerCheckpoint(first.getJobID(), CheckpointType.FULL)
                    .get(60, TimeUnit.SECONDS);
            assertThat(checkpoint).isPositive();
            assertThat(awaitResults(committed, prefix, 4)).hasSize(4);

            // Phase 2: windows [10, 15) and [15, 20) fire after the checkpoint: their results are written in a
            // transaction that the crash leaves uncommitted.
            produce(producer, datasets, partitions, w0, new long[] {13, 16, 23});
            awaitResults(uncommitted, prefix, 4);
            JobTests.cancel(first);
            first = null;
            assertThat(RetainedCheckpoints.latest(state.resolve("checkpoints").toUri().toString(),
                    state.resolve("savepoints").toUri().toString())).isPresent();

            // The restart resumes from the retained checkpoint: offsets and windows of phase 1, phase 2 read again.
            second = AggregatorJob.start(JobTests.config(prefix, state, since));
            List<DataIngestionAggregatedEvent> all = awaitResults(committed, prefix, 4);
            all = new java.util.ArrayList<>(all);
            all.addAll(awaitResults(committed, prefix, 0)); // settle: no duplicate follows

            assertThat(all).hasSize(4);
            // Together with phase 1: 4 windows x 2 datasets, each exactly once.
            List<DataIngestionAggregatedEvent> phase1 = awaitResultsFromStart(prefix, 8);
            Map<String, Long> perWindow = phase1.stream().collect(Collectors.groupingBy(
                    e -> e.getDatasetName() + "@" + e.getWindowStart() + "#" + e.getUpdateSequence(),
                    Collectors.counting()));
            assertThat(perWindow).hasSize(8);
            assertThat(perWindow.values()).containsOnly(1L);
            assertThat(phase1).allSatisfy(e -> assertThat(e.getUpdateSequence()).isZero());
            assertThat(phase1).extracting(e -> e.getWindowStart().toEpochMilli())
                    .containsOnly(w0, w0 + 5 * MINUTE, w0 + 10 * MINUTE, w0 + 15 * MINUTE);
            // The eventIds of the re-emitted results are those of the aborted ones.
            List<DataIngestionAggregatedEvent> everything = awaitUncommittedFromStart(prefix, 12);
            Map<String, Long> idCounts = everything.stream()
                    .collect(Collectors.groupingBy(DataIngestionAggregatedEvent::getEventId, Collectors.counting()));
            assertThat(idCounts).hasSize(8);
            assertThat(idCounts.values().stream().filter(n -> n == 2).count()).isEqualTo(4);
        }
    }

    private static void produce(KafkaProducer<byte[], byte[]> producer, String[] datasets, int[] partitions,
            long w0, long[] minutes) {
        for (long minute : minutes) {
            for (int d = 0; d < datasets.length; d++) {
                Kafka.send(producer, "data-ingestion", partitions[d], datasets[d],
                        Wire.encode(Events.ingestion(datasets[d], w0 + minute * MINUTE),
                                Wire.schemaId("data-ingestion-value")));
            }
        }
    }

    private static List<DataIngestionAggregatedEvent> awaitResults(KafkaConsumer<byte[], byte[]> consumer,
            String prefix, int count) {
        return Kafka.collect(consumer, r -> r.key() != null && Kafka.key(r).startsWith(prefix),
                        r -> r.size() >= count, WAIT, count == 0 ? Duration.ofSeconds(3) : Duration.ZERO).stream()
                .map(r -> Wire.decode(r.value(), DataIngestionAggregatedEvent.class))
                .toList();
    }

    private static List<DataIngestionAggregatedEvent> awaitResultsFromStart(String prefix, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = Kafka.consumer("data-ingestion-aggregated", true)) {
            return awaitResults(consumer, prefix, count);
        }
    }

    private static List<DataIngestionAggregatedEvent> awaitUncommittedFromStart(String prefix, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = Kafka.consumer("data-ingestion-aggregated", false)) {
            return awaitResults(consumer, prefix, count);
        }
    }
}
