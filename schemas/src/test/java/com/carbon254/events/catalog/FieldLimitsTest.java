package com.carbon254.events.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import com.carbon254.events.common.DatasetColumn;
import com.carbon254.events.data.DataIngestionEvent;
import com.carbon254.events.data.DatasetCreatedEvent;
import com.carbon254.events.system.ServiceHealthEvent;

class FieldLimitsTest {

    @Test
    void everyStringArrayAndMapFieldOfEveryContractDeclaresItsLimits() {
        List<String> undeclared = new ArrayList<>();
        for (EventType type : EventType.values()) {
            collectUndeclared(type.schema(), undeclared);
        }
        assertTrue(undeclared.isEmpty(), "fields without maxLength/maxItems: " + undeclared);
        assertEquals("uuid", EventType.DATA_INGESTION.schema().getField("eventId").getProp(FieldLimits.FORMAT));
    }

    @Test
    void theSampleOfEveryTypeIsWithinItsLimits() {
        for (EventType type : EventType.values()) {
            assertEquals(List.of(), FieldLimits.check(SampleEvents.of(type), SampleEvents.NOW), type.typeName());
        }
    }

    @Test
    void oversizedTextsNulCharactersNegativeCountsAndBadIdsAreReportedWithTheirPaths() {
        DataIngestionEvent event = (DataIngestionEvent) SampleEvents.of(EventType.DATA_INGESTION);
        event.setEventId("../../etc/passwd");
        event.setDatasetName("x".repeat(500_000));
        event.setLocation("s3://lake/\0");
        event.setRecordCount(-1L);
        event.setMetadata(Map.of("k".repeat(300), "v"));

        List<FieldLimits.Violation> violations = FieldLimits.check(event, SampleEvents.NOW);

        assertEquals(List.of("eventId", "datasetName", "recordCount", "location", "metadata." + "k".repeat(40) + "…"),
                violations.stream().map(FieldLimits.Violation::field).toList(), violations.toString());
        assertTrue(violations.get(1).problem().contains("at most 255 characters"), violations.toString());
        assertTrue(violations.get(3).problem().contains("NUL"), violations.toString());
    }

    @Test
    void timestampsBefore1970OrTooFarAheadAreRefused() {
        ServiceHealthEvent past = (ServiceHealthEvent) SampleEvents.of(EventType.SERVICE_HEALTH);
        past.setTimestamp(Instant.parse("1969-12-31T23:59:59Z"));
        ServiceHealthEvent future = (ServiceHealthEvent) SampleEvents.of(EventType.SERVICE_HEALTH);
        future.setTimestamp(SampleEvents.NOW.plus(FieldLimits.MAX_CLOCK_SKEW).plus(Duration.ofSeconds(1)));
        ServiceHealthEvent skewed = (ServiceHealthEvent) SampleEvents.of(EventType.SERVICE_HEALTH);
        skewed.setTimestamp(SampleEvents.NOW.plus(Duration.ofHours(1)));

        assertEquals("timestamp", FieldLimits.check(past, SampleEvents.NOW).get(0).field());
        assertEquals("timestamp", FieldLimits.check(future, SampleEvents.NOW).get(0).field());
        assertEquals(List.of(), FieldLimits.check(skewed, SampleEvents.NOW));
    }

    @Test
    void nestedRecordsAndArrayItemsAreChecked() {
        DatasetCreatedEvent event = (DatasetCreatedEvent) SampleEvents.of(EventType.DATASET_CREATED);
        event.setTags(List.of("ok", "t".repeat(101)));
        event.setColumns(List.of(DatasetColumn.newBuilder().setName("c\0").setType("int").build()));

        List<FieldLimits.Violation> violations = FieldLimits.check(event, SampleEvents.NOW);

        assertEquals(List.of("tags[1]", "columns[0].name"),
                violations.stream().map(FieldLimits.Violation::field).toList(), violations.toString());
    }

    private static void collectUndeclared(Schema record, List<String> undeclared) {
        for (Schema.Field field : record.getFields()) {
            Schema type = nonNull(field.schema());
            String name = record.getName() + "." + field.name();
            switch (type.getType()) {
                case STRING -> {
                    if (FieldLimits.maxLength(field) == null && !FieldLimits.UUID.equals(field.getProp(FieldLimits.FORMAT))) {
                        undeclared.add(name);
                    }
                }
                case ARRAY, MAP -> {
                    if (field.getObjectProp(FieldLimits.MAX_ITEMS) == null) {
                        undeclared.add(name);
                    }
                    Schema item = nonNull(type.getType() == Schema.Type.ARRAY ? type.getElementType() : type.getValueType());
                    if (item.getType() == Schema.Type.STRING && FieldLimits.maxLength(field) == null) {
                        undeclared.add(name + "[]");
                    }
                    if (item.getType() == Schema.Type.RECORD) {
                        collectUndeclared(item, undeclared);
                    }
                }
                case RECORD -> collectUndeclared(type, undeclared);
                default -> {
                }
            }
        }
        assertNotNull(record);
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElseThrow();
    }
}
