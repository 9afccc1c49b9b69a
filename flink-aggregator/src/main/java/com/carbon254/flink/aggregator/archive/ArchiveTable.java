package com.carbon254.flink.aggregator.archive;

import com.carbon254.events.catalog.EventType;
import org.apache.flink.formats.avro.typeutils.AvroSchemaConverter;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.flink.FlinkSchemaUtil;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One table of the archive: its name, the Flink row type of the rows written to it (the Iceberg schema is derived
 * from it) and the timestamp column whose day partitions it.
 *
 * <p>An event type's table has the Kafka coordinates of each record first ({@value #KAFKA_PARTITION},
 * {@value #KAFKA_OFFSET}, {@value #KAFKA_TIMESTAMP}), then the event's fields in contract order, as Flink's Avro
 * converter maps them (timestamps as {@code timestamptz}, enums as strings, optional fields nullable, nested records
 * as structs). The coordinates come first so that fields a later contract version appends stay at the end, where
 * Iceberg adds them to an existing table. Rows are partitioned by the day of the event's own {@code timestamp}.
 *
 * @param name      table name in the archive's namespace, e.g. {@code data_ingestion}
 * @param rowType   the rows' Flink type
 * @param dayColumn the timestamp column partitioned by day
 */
public record ArchiveTable(String name, RowType rowType, String dayColumn) implements Serializable {

    public static final String KAFKA_TOPIC = "kafka_topic";
    public static final String KAFKA_PARTITION = "kafka_partition";
    public static final String KAFKA_OFFSET = "kafka_offset";
    public static final String KAFKA_TIMESTAMP = "kafka_timestamp";
    /** The table of records the archive could not decode (with their bytes and why). */
    public static final String UNDECODABLE = "undecodable_records";

    /** The table of an event type: its type name in snake case, e.g. {@code DataIngestion} → {@code data_ingestion}. */
    public static ArchiveTable of(EventType type) {
        List<RowType.RowField> fields = new ArrayList<>(kafkaCoordinates());
        fields.addAll(eventRowType(type).getFields());
        return new ArchiveTable(snakeCase(type.typeName()), new RowType(false, fields), "timestamp");
    }

    /** The table of undecodable records: topic, coordinates, key and value bytes, reason and detail. */
    public static ArchiveTable undecodable() {
        List<RowType.RowField> fields = new ArrayList<>();
        fields.add(field(KAFKA_TOPIC, DataTypes.STRING().notNull().getLogicalType()));
        fields.addAll(kafkaCoordinates());
        fields.add(field("key", DataTypes.BYTES().getLogicalType()));
        fields.add(field("value", DataTypes.BYTES().getLogicalType()));
        fields.add(field("reason", DataTypes.STRING().notNull().getLogicalType()));
        fields.add(field("detail", DataTypes.STRING().getLogicalType()));
        return new ArchiveTable(UNDECODABLE, new RowType(false, fields), KAFKA_TIMESTAMP);
    }

    /** The event's own fields as a Flink row type (Flink's Avro mapping, timestamps with local time zone). */
    public static RowType eventRowType(EventType type) {
        return (RowType) AvroSchemaConverter.convertToDataType(type.schema().toString(), false).getLogicalType();
    }

    /** The Iceberg schema of the table (field ids are assigned anew when the table is created). */
    public Schema schema() {
        return FlinkSchemaUtil.convert(FlinkSchemaUtil.toResolvedSchema(rowType));
    }

    /** Partitioned by the day of {@link #dayColumn()}. */
    public PartitionSpec spec(Schema schema) {
        return PartitionSpec.builderFor(schema).day(dayColumn).build();
    }

    private static List<RowType.RowField> kafkaCoordinates() {
        return List.of(
                field(KAFKA_PARTITION, DataTypes.INT().notNull().getLogicalType()),
                field(KAFKA_OFFSET, DataTypes.BIGINT().notNull().getLogicalType()),
                field(KAFKA_TIMESTAMP, DataTypes.TIMESTAMP_LTZ(3).notNull().getLogicalType()));
    }

    private static RowType.RowField field(String name, LogicalType type) {
        return new RowType.RowField(name, type);
    }

    static String snakeCase(String typeName) {
        return typeName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
