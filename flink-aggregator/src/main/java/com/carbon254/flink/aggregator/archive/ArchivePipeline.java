package com.carbon254.flink.aggregator.archive;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.catalog.TopicDefinition;
import com.carbon254.events.runtime.serde.RegistrySchemas;
import com.carbon254.flink.aggregator.AggregatorConfig;
import com.carbon254.flink.aggregator.pipeline.ConsumedRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.OutputTag;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DistributionMode;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.IcebergSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The analytics archive: every catalog topic into Apache Iceberg tables, one per event type (plus
 * {@value ArchiveTable#UNDECODABLE}), partitioned by day, exactly once.
 *
 * <pre>
 * KafkaSource(all catalog topics) → ToArchiveRows (decode through the registry, one side output per table)
 *   → one Iceberg sink (Sink V2) per table: writers chained to the source, one committer each
 * </pre>
 *
 * <p>Exactly once: data files are closed on each checkpoint and committed to their table when the checkpoint completes,
 * each commit recording the job and checkpoint id; a restore resumes the source from the checkpoint's offsets and
 * skips commits the table already holds. Rows become visible with the checkpoint that covers them, so
 * {@code checkpoint-interval} trades freshness for the number of (small) files; run the archive as a job of its own,
 * with a longer interval than the aggregations (one minute in {@code ./platform up} and the Kubernetes manifest).
 *
 * <p>At build time the tables are created, or given the columns a newer contract version added ({@link #ensure}).
 */
public final class ArchivePipeline {

    private static final Logger LOG = LoggerFactory.getLogger(ArchivePipeline.class);

    /** Table properties of a new archive table: Parquet (zstd), format v2, metadata files pruned after commits. */
    static final Map<String, String> TABLE_PROPERTIES = Map.of(
            TableProperties.FORMAT_VERSION, "2",
            TableProperties.DEFAULT_FILE_FORMAT, "parquet",
            TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true",
            TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "100");

    private ArchivePipeline() {
    }

    /** Adds the archive to {@code env}: the source, the routing and one Iceberg sink per table. */
    public static void addTo(StreamExecutionEnvironment env, AggregatorConfig config, RegistrySchemas registry) {
        List<TopicDefinition> topics = TopicCatalog.topics();
        SingleOutputStreamOperator<Void> routed = env
                .fromSource(source(config, topics), WatermarkStrategy.noWatermarks(), "catalog topics")
                .uid("archive-source")
                .process(new ToArchiveRows(topics, registry), Types.VOID)
                .uid("archive-rows")
                .name("decode, route to tables");

        CatalogLoader catalogLoader = catalogLoader(config);
        Namespace namespace = Namespace.of(config.archiveNamespace());
        Catalog catalog = catalogLoader.loadCatalog();
        for (EventType type : EventType.values()) {
            sink(routed, ToArchiveRows.output(type), ArchiveTable.of(type), catalog, catalogLoader, namespace);
        }
        sink(routed, ToArchiveRows.undecodableOutput(), ArchiveTable.undecodable(), catalog, catalogLoader, namespace);
        if (catalog instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("Could not close the catalog client used to prepare the tables", e);
            }
        }
    }

    private static KafkaSource<ConsumedRecord> source(AggregatorConfig config, List<TopicDefinition> topics) {
        KafkaSourceBuilder<ConsumedRecord> builder = KafkaSource.<ConsumedRecord>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(topics.stream().map(TopicDefinition::name).toList())
                .setGroupId(config.groupId())
                .setClientIdPrefix(config.groupId() + "-archive")
                .setStartingOffsets(config.startingOffsetsInitializer())
                .setDeserializer(ConsumedRecord.deserializer())
                // Only committed records: the aggregations' results and the outbox relay write in transactions.
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "60000");
        config.kafkaProperties().forEach(builder::setProperty);
        if (config.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    private static void sink(SingleOutputStreamOperator<Void> routed, OutputTag<RowData> output, ArchiveTable table,
            Catalog catalog, CatalogLoader catalogLoader, Namespace namespace) {
        TableIdentifier id = TableIdentifier.of(namespace, table.name());
        ensure(catalog, id, table);
        IcebergSink.forRowData(routed.getSideOutput(output))
                .tableLoader(TableLoader.fromCatalog(catalogLoader, id))
                .resolvedSchema(FlinkSchemaUtil.toResolvedSchema(table.rowType()))
                // Rows stay with the writer that decoded them (no shuffle): events of a day mostly arrive that day.
                .distributionMode(DistributionMode.NONE)
                .uidSuffix("archive-" + table.name())
                .append();
    }

    /**
     * Creates the table (and its namespace) if missing; otherwise adds the columns the table lacks, which a newer
     * contract version added (contracts only add fields with defaults, see the schema governance), as optional
     * columns at the end.
     */
    public static Table ensure(Catalog catalog, TableIdentifier id, ArchiveTable table) {
        Schema schema = table.schema();
        if (catalog instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(id.namespace())) {
            namespaces.createNamespace(id.namespace());
        }
        if (!catalog.tableExists(id)) {
            LOG.info("Creating archive table {}", id);
            return catalog.createTable(id, schema, table.spec(schema), TABLE_PROPERTIES);
        }
        Table existing = catalog.loadTable(id);
        UpdateSchema update = existing.updateSchema().unionByNameWith(schema);
        if (!update.apply().sameSchema(existing.schema())) {
            LOG.info("Adding the columns of the current contract to archive table {}", id);
            update.commit();
        }
        return existing;
    }

    /** The catalog of {@code catalog.*}: {@code type} hadoop or rest, or a {@code catalog-impl}; the rest as is. */
    public static CatalogLoader catalogLoader(AggregatorConfig config) {
        Map<String, String> properties = new HashMap<>(config.catalogProperties());
        String type = properties.remove("type");
        Configuration hadoop = new Configuration();
        return switch (type == null ? "" : type) {
            case "hadoop" -> CatalogLoader.hadoop("archive", hadoop, properties);
            case "rest" -> CatalogLoader.rest("archive", hadoop, properties);
            default -> {
                String impl = properties.get("catalog-impl");
                if (impl == null) {
                    throw new IllegalArgumentException("catalog.type must be hadoop or rest (or set catalog.catalog-impl),"
                            + " got '" + type + "'");
                }
                yield CatalogLoader.custom("archive", properties, hadoop, impl);
            }
        };
    }
}
