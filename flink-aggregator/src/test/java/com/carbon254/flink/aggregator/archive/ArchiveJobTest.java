package com.carbon254.flink.aggregator.archive;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.flink.aggregator.AggregatorConfig;
import com.carbon254.flink.aggregator.AggregatorJob;
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
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The archive against the devstack's real broker and registry, on a MiniCluster, into a Hadoop catalog on a temporary
 * warehouse, read back with Iceberg's own generic reader.
 */
class ArchiveJobTest {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = JobTests.miniCluster(REPORTER);

    private static final Duration WAIT = Duration.ofSeconds(120);

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
    void everyEventTypeHasATableHoldingEveryRecordProducedWithEveryFieldAndUndecodableRecordsAreKept()
            throws Exception {
        String prefix = JobTests.uniquePrefix("archive");
        long since = System.currentTimeMillis();
        Map<String, SpecificRecordBase> produced = new HashMap<>();
        Map<String, RecordMetadata> where = new HashMap<>();
        RecordMetadata garbage;
        try (KafkaProducer<byte[], byte[]> producer = Kafka.producer()) {
            for (EventType type : EventType.values()) {
                for (int i = 0; i < 2; i++) {
                    SpecificRecordBase event = ArchivedEvents.sample(type, prefix, i);
                    String id = event.get("eventId").toString();
                    produced.put(id, event);
                    where.put(id, Kafka.send(producer, type.topic().name(), i, type.keyOf(event), ArchivedEvents.framed(type, event)));
                }
            }
            garbage = Kafka.send(producer, TopicCatalog.DATA_QUALITY.name(), 1, prefix,
                    (prefix + " is not Avro").getBytes(StandardCharsets.UTF_8));
        }

        // Bounded: the job reads up to the end offsets seen at its start, commits with its final checkpoint, ends.
        first = AggregatorJob.start(config(prefix, since, "bounded", "true"));
        first.getJobExecutionResult().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        first = null;

        Catalog catalog = ArchivePipeline.catalogLoader(config(prefix, since)).loadCatalog();
        for (EventType type : EventType.values()) {
            List<Record> rows = rows(catalog, ArchiveTable.of(type).name(),
                    r -> r.getField("eventId").toString().startsWith(prefix));
            assertThat(rows).as("rows of %s", type).hasSize(2);
            for (Record row : rows) {
                String id = row.getField("eventId").toString();
                Map<?, ?> plain = (Map<?, ?>) ArchivedEvents.plainIceberg(row);
                Map<?, ?> expected = (Map<?, ?>) ArchivedEvents.plainAvro(produced.get(id));
                expected.forEach((field, value) -> assertThat(plain.get(field))
                        .as("%s.%s of %s", type.typeName(), field, id).isEqualTo(value));
                assertThat(plain).hasSize(expected.size() + 3);
                RecordMetadata at = where.get(id);
                assertThat(row.getField(ArchiveTable.KAFKA_PARTITION)).isEqualTo(at.partition());
                assertThat(row.getField(ArchiveTable.KAFKA_OFFSET)).isEqualTo(at.offset());
                assertThat(ArchivedEvents.plainIceberg(row.getField(ArchiveTable.KAFKA_TIMESTAMP)))
                        .isEqualTo(Instant.ofEpochMilli(at.timestamp()));
            }
        }
        Table dataIngestion = catalog.loadTable(identifier(ArchiveTable.of(EventType.DATA_INGESTION).name()));
        assertThat(dataIngestion.spec().fields()).singleElement()
                .satisfies(f -> assertThat(f.transform().toString()).isEqualTo("day"));

        List<Record> undecodable = rows(catalog, ArchiveTable.UNDECODABLE,
                r -> r.getField(ArchiveTable.KAFKA_TOPIC).equals(TopicCatalog.DATA_QUALITY.name())
                        && (long) r.getField(ArchiveTable.KAFKA_OFFSET) == garbage.offset()
                        && (int) r.getField(ArchiveTable.KAFKA_PARTITION) == garbage.partition());
        assertThat(undecodable).singleElement().satisfies(r -> {
            assertThat(r.getField("reason")).isEqualTo("bad-framing");
            assertThat(StandardCharsets.UTF_8.decode((ByteBuffer) r.getField("value")).toString())
                    .isEqualTo(prefix + " is not Avro");
        });
    }

    @Test
    void recordsAreCommittedWithCheckpointsExactlyOnceAcrossACancelAndARestartFromTheRetainedCheckpoint(
            @InjectMiniCluster MiniCluster miniCluster) throws Exception {
        String prefix = JobTests.uniquePrefix("archive-eo");
        long since = System.currentTimeMillis();
        Catalog catalog = ArchivePipeline.catalogLoader(config(prefix, since)).loadCatalog();
        String table = ArchiveTable.of(EventType.DATA_INGESTION).name();
        Predicate<Record> mine = r -> r.getField("datasetName").toString().startsWith(prefix);
        try (KafkaProducer<byte[], byte[]> producer = Kafka.producer()) {
            produce(producer, prefix, 0, 20);
            // Checkpoints only when the test asks for one.
            first = AggregatorJob.start(config(prefix, since, "flink.execution.checkpointing.interval", "1 h",
                    "flink.execution.checkpointing.min-pause", "1 h"));
            awaitArchived(first, 20);
            assertThat(rows(catalog, table, mine)).as("nothing is visible before a checkpoint").isEmpty();
            miniCluster.triggerCheckpoint(first.getJobID(), CheckpointType.FULL).get(60, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> rows(catalog, table, mine).size() == 20);

            // Read and written to data files, not committed: the cancel leaves them out of the table.
            produce(producer, prefix, 20, 10);
            awaitArchived(first, 30);
            JobTests.cancel(first);
            first = null;
            assertThat(rows(catalog, table, mine)).hasSize(20);

            // The restart resumes from the retained checkpoint's offsets and writes the other ten, once.
            second = AggregatorJob.start(config(prefix, since));
            await().atMost(WAIT).until(() -> rows(catalog, table, mine).size() >= 30);
            produce(producer, prefix, 30, 1);
            await().atMost(WAIT).until(() -> rows(catalog, table, mine).size() >= 31);
        }
        List<Record> rows = rows(catalog, table, mine);
        assertThat(rows).hasSize(31);
        assertThat(rows).extracting(r -> r.getField(ArchiveTable.KAFKA_PARTITION) + "@"
                + r.getField(ArchiveTable.KAFKA_OFFSET)).doesNotHaveDuplicates();
        assertThat(rows).extracting(r -> r.getField("datasetName").toString()).doesNotHaveDuplicates();
    }

    private AggregatorConfig config(String prefix, long since, String... overrides) {
        List<String> args = new ArrayList<>(List.of("pipelines", AggregatorConfig.ARCHIVE,
                "catalog.warehouse", state.resolve("warehouse").toUri().toString(), "parallelism", "1"));
        args.addAll(List.of(overrides));
        return JobTests.config(prefix, state, since, args.toArray(String[]::new));
    }

    private static void produce(KafkaProducer<byte[], byte[]> producer, String prefix, int from, int count) {
        for (int i = from; i < from + count; i++) {
            String dataset = prefix + "-" + i;
            Kafka.send(producer, TopicCatalog.DATA_INGESTION.name(), i % 3, dataset,
                    Wire.encode(Events.ingestion(dataset, System.currentTimeMillis()),
                            Wire.schemaId(TopicCatalog.DATA_INGESTION.valueSubject())));
        }
    }

    private static void awaitArchived(JobClient job, long count) {
        await().atMost(WAIT).until(() ->
                JobTests.counter(REPORTER, job.getJobID(), ToArchiveRows.ARCHIVED_RECORDS_METRIC) >= count);
    }

    private static TableIdentifier identifier(String table) {
        return TableIdentifier.of(Namespace.of("events"), table);
    }

    /** The table's current rows that match, read with Iceberg's generic reader. */
    private static List<Record> rows(Catalog catalog, String table, Predicate<Record> filter) throws IOException {
        Table loaded = catalog.loadTable(identifier(table));
        loaded.refresh();
        List<Record> matching = new ArrayList<>();
        try (CloseableIterable<Record> all = IcebergGenerics.read(loaded).build()) {
            for (Record record : all) {
                if (filter.test(record)) {
                    matching.add(record.copy());
                }
            }
        }
        return matching;
    }
}
