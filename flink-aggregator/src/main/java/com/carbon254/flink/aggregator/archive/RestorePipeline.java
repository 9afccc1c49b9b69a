package com.carbon254.flink.aggregator.archive;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.catalog.TopicDefinition;
import com.carbon254.events.runtime.serde.RegistrySchemas;
import com.carbon254.flink.aggregator.AggregatorConfig;
import com.carbon254.flink.aggregator.AggregatorJob;
import com.carbon254.flink.aggregator.pipeline.ConsumedRecord;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.source.IcebergSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The restore: a bounded batch job that writes back, from the analytics archive, the records of some catalog topics
 * that Kafka no longer holds, for a replay to read ({@code --pipelines restore --restore-topics T,... --restore-from
 * INSTANT}).
 *
 * <pre>
 * IcebergSource(each event type's table of the topics; kafka_timestamp >= from) → FromArchiveRows (offset below the
 *   partition's log start offset; the Avro record back, registry-framed)
 * IcebergSource(undecodable_records of the topics; kafka_timestamp >= from) → FromUndecodableRows (offset below the
 *   partition's log start offset; key and value bytes as archived)
 *   → union → keyBy(topic, partition) → InOffsetOrder
 *   → KafkaSink (exactly once) to each topic's restore topic t.restore, same partition, key, value and timestamp,
 *   with headers restored.topic, restored.partition, restored.offset, restored.log-start
 * </pre>
 *
 * <p>The undecodable records are restored too, byte for byte: a replay must meet every record the topic held, in its
 * place, to treat it as the original was treated — skipped as the poison it was, or read by a consumer that reads
 * more than the archive decoded.
 *
 * <p>When the job is built, the log start offsets are read and the restore topics of the topics are emptied (their
 * records deleted up to their end), so that a restore topic holds exactly the last restore. The records are written
 * in one Kafka transaction per writer, committed when the job ends: a replay (read_committed) sees a restore whole or
 * not at all. Each partition's records are sorted in memory (the job's heap state) before they are written.
 */
public final class RestorePipeline {

    public static final String TOPIC_HEADER = "restored.topic";
    public static final String PARTITION_HEADER = "restored.partition";
    public static final String OFFSET_HEADER = "restored.offset";
    public static final String LOG_START_HEADER = "restored.log-start";

    private static final Logger LOG = LoggerFactory.getLogger(RestorePipeline.class);
    private static final long ADMIN_TIMEOUT_SECONDS = 60;

    private RestorePipeline() {
    }

    /** Adds the restore of {@code config.restoreTopics()} to {@code env}, which it switches to batch execution. */
    public static void addTo(StreamExecutionEnvironment env, AggregatorConfig config, RegistrySchemas registry) {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        List<TopicDefinition> topics = config.restoreTopics().stream().map(RestorePipeline::topic).toList();
        Map<String, Map<Integer, Long>> logStarts = prepareKafka(config, topics);
        CatalogLoader catalogLoader = ArchivePipeline.catalogLoader(config);
        Catalog catalog = catalogLoader.loadCatalog();
        Namespace namespace = Namespace.of(config.archiveNamespace());
        Expression fromInstant = Expressions.greaterThanOrEqual(ArchiveTable.KAFKA_TIMESTAMP,
                ChronoUnit.MICROS.between(Instant.EPOCH, config.restoreFrom()));
        List<DataStream<ConsumedRecord>> parts = new ArrayList<>();
        for (TopicDefinition topic : topics) {
            int schemaId = schemaId(registry, topic);
            for (EventType type : topic.eventTypes()) {
                ArchiveTable table = ArchiveTable.of(type);
                rows(env, catalog, catalogLoader, namespace, table, fromInstant).ifPresent(archived -> parts.add(
                        archived.flatMap(new FromArchiveRows(type, schemaId, logStarts.get(topic.name())),
                                ConsumedRecord.typeInfo())
                        .uid("restore-records-" + table.name())
                        .name("below the log start, back to Avro")));
            }
        }
        // What the archive could not decode goes back as it was, merged in offset order with the decoded records of its
        // partition below.
        Expression ofTopics = Expressions.in(ArchiveTable.KAFKA_TOPIC, config.restoreTopics());
        rows(env, catalog, catalogLoader, namespace, ArchiveTable.undecodable(), Expressions.and(fromInstant, ofTopics))
                .ifPresent(archived -> parts.add(archived
                        .flatMap(new FromUndecodableRows(logStarts), ConsumedRecord.typeInfo())
                        .uid("restore-records-" + ArchiveTable.UNDECODABLE)
                        .name("below the log start, bytes as archived")));
        DataStream<ConsumedRecord> restored = parts.stream().reduce(DataStream::union).orElseThrow(() ->
                new IllegalArgumentException("the archive has no table of " + config.restoreTopics()));
        restored.keyBy(r -> r.getTopic() + "/" + r.getPartition(), Types.STRING)
                .process(new InOffsetOrder(), ConsumedRecord.typeInfo())
                .uid("restore-order")
                .name("in offset order per partition")
                // Its own transactions: a restore must not fence the transactions of the streaming jobs.
                .sinkTo(AggregatorJob.sink(config, new RestoredRecordSerializationSchema(logStarts),
                        config.transactionalIdPrefix() + "-restore"))
                .uid("restore-sink")
                .name("exactly-once to the restore topics");
    }

    /** The rows of an archive table that match {@code filter}; empty (with a warning) if the archive lacks it. */
    private static Optional<DataStream<RowData>> rows(StreamExecutionEnvironment env, Catalog catalog,
            CatalogLoader catalogLoader, Namespace namespace, ArchiveTable table, Expression filter) {
        TableIdentifier id = TableIdentifier.of(namespace, table.name());
        if (!catalog.tableExists(id)) {
            LOG.warn("The archive has no table {}: nothing of it to restore", id);
            return Optional.empty();
        }
        IcebergSource<RowData> source = IcebergSource.forRowData()
                .tableLoader(TableLoader.fromCatalog(catalogLoader, id))
                .streaming(false)
                // By name: columns a later contract version added are null in older rows.
                .project(FlinkSchemaUtil.toResolvedSchema(table.rowType()))
                // Applied to each row as it is read, not only to prune files.
                .filters(List.of(filter))
                .build();
        return Optional.of(env.fromSource(source, WatermarkStrategy.noWatermarks(), "archive " + table.name(),
                        InternalTypeInfo.of(table.rowType()))
                .uid("restore-source-" + table.name()));
    }

    private static TopicDefinition topic(String name) {
        return TopicCatalog.topics().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("restore-topics: " + name
                        + " is not an event topic of the catalog"));
    }

    private static int schemaId(RegistrySchemas registry, TopicDefinition topic) {
        return Math.toIntExact(registry.contentIdOf(topic.valueSubject(), topic.valueSchema()).orElseThrow(() ->
                new IllegalStateException("The value schema of " + topic.name() + " is not registered under subject '"
                        + topic.valueSubject() + "' in the registry at " + registry.url())));
    }

    /**
     * The log start offset of every partition of {@code topics}, after emptying their restore topics (a restore topic
     * holds the last restore only).
     */
    private static Map<String, Map<Integer, Long>> prepareKafka(AggregatorConfig config,
            List<TopicDefinition> topics) {
        Properties properties = new Properties();
        properties.putAll(config.kafkaProperties());
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> restoreEnds = new HashMap<>();
            for (TopicDefinition topic : topics) {
                for (int p = 0; p < topic.partitions(); p++) {
                    earliest.put(new TopicPartition(topic.name(), p), OffsetSpec.earliest());
                    restoreEnds.put(new TopicPartition(topic.restore().name(), p), OffsetSpec.latest());
                }
            }
            Map<String, Map<Integer, Long>> logStarts = new HashMap<>();
            admin.listOffsets(earliest).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).forEach((tp, info) ->
                    logStarts.computeIfAbsent(tp.topic(), t -> new HashMap<>()).put(tp.partition(), info.offset()));
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            admin.listOffsets(restoreEnds).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).forEach((tp, info) ->
                    delete.put(tp, RecordsToDelete.beforeOffset(info.offset())));
            admin.deleteRecords(delete).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("Restoring {} from {} below the log start offsets {}", config.restoreTopics(),
                    config.restoreFrom(), logStarts);
            return logStarts;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the topics' offsets", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the offsets of " + config.restoreTopics()
                    + " or empty their restore topics: " + e.getMessage(), e);
        }
    }
}
