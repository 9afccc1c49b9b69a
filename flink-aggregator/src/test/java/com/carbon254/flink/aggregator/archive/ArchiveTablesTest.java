package com.carbon254.flink.aggregator.archive;

import com.carbon254.events.catalog.EventType;
import com.carbon254.flink.aggregator.AggregatorConfig;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The archive's tables in a Hadoop catalog on a temporary warehouse: names, schema, partitioning, evolution. */
class ArchiveTablesTest {

    @TempDir
    Path warehouse;

    @Test
    void everyEventTypeHasItsOwnTableNamedInSnakeCase() {
        assertThat(ArchiveTable.of(EventType.DATA_INGESTION).name()).isEqualTo("data_ingestion");
        assertThat(ArchiveTable.of(EventType.DATA_QUALITY_AGGREGATED).name()).isEqualTo("data_quality_aggregated");
        assertThat(ArchiveTable.of(EventType.API_CALL).name()).isEqualTo("api_call");
        assertThat(Arrays.stream(EventType.values()).map(t -> ArchiveTable.of(t).name()).distinct())
                .hasSize(EventType.values().length)
                .doesNotContain(ArchiveTable.UNDECODABLE);
    }

    @Test
    void createsADayPartitionedTableWithTheKafkaCoordinatesFirstThenTheContractsFields() throws Exception {
        Catalog catalog = catalog();
        TableIdentifier id = TableIdentifier.of("events", "data_quality");
        Table table = ArchivePipeline.ensure(catalog, id, ArchiveTable.of(EventType.DATA_QUALITY));

        assertThat(table.schema().columns().subList(0, 4)).extracting(Types.NestedField::name)
                .containsExactly(ArchiveTable.KAFKA_PARTITION, ArchiveTable.KAFKA_OFFSET, ArchiveTable.KAFKA_TIMESTAMP,
                        "eventId");
        assertThat(table.schema().findField("timestamp").type()).isEqualTo(Types.TimestampType.withZone());
        assertThat(table.schema().findField("severity").type()).as("an enum").isEqualTo(Types.StringType.get());
        assertThat(table.schema().findField("severity").isRequired()).isTrue();
        assertThat(table.schema().findField("metricValue").isOptional()).as("a [null, double] union").isTrue();
        assertThat(table.spec().fields()).singleElement().satisfies(field -> {
            assertThat(field.transform().toString()).isEqualTo("day");
            assertThat(table.schema().findColumnName(field.sourceId())).isEqualTo("timestamp");
        });
        assertThat(table.properties()).containsEntry("write.format.default", "parquet")
                .containsEntry("write.metadata.delete-after-commit.enabled", "true");
    }

    @Test
    void givesATableOfAnOlderContractTheFieldsANewerVersionAdded() throws Exception {
        Catalog catalog = catalog();
        TableIdentifier id = TableIdentifier.of("events", "data_quality");
        ArchiveTable current = ArchiveTable.of(EventType.DATA_QUALITY);
        Schema older = new Schema(current.schema().columns().stream()
                .filter(c -> !c.name().equals("metadata") && !c.name().equals("message")).toList());
        catalog.createTable(id, older, current.spec(older));

        Table evolved = ArchivePipeline.ensure(catalog, id, current);

        assertThat(evolved.schema().findField("metadata")).isNotNull();
        assertThat(evolved.schema().findField("message")).isNotNull();
        assertThat(evolved.schema().columns()).hasSameSizeAs(current.schema().columns());
        long schemas = evolved.schemas().size();
        ArchivePipeline.ensure(catalog, id, current);
        evolved.refresh();
        assertThat(evolved.schemas()).as("nothing to add the second time").hasSize((int) schemas);
    }

    @Test
    void aCatalogOfAnUnknownTypeIsRefused() throws Exception {
        AggregatorConfig config = AggregatorConfig.fromArgs("--pipelines", "archive", "--catalog.type", "glue");
        assertThatThrownBy(() -> ArchivePipeline.catalogLoader(config))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hadoop or rest");
    }

    private Catalog catalog() throws Exception {
        AggregatorConfig config = AggregatorConfig.fromArgs("--pipelines", "archive",
                "--catalog.warehouse", warehouse.toUri().toString());
        assertThat(config.catalogProperties()).containsEntry("type", "hadoop");
        return ArchivePipeline.catalogLoader(config).loadCatalog();
    }
}
