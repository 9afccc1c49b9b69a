package com.carbon254.projector.datasets;

import java.util.List;

import org.apache.avro.specific.SpecificRecord;

import com.carbon254.events.common.DatasetColumn;
import com.carbon254.events.data.DatasetCreatedEvent;
import com.carbon254.events.data.DatasetDeletedEvent;
import com.carbon254.events.data.DatasetUpdatedEvent;
import com.carbon254.events.runtime.json.AvroJson;
import com.carbon254.projector.pipeline.SourcePosition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Maps the catalog's lifecycle records to {@link DatasetChange}s. */
public final class DatasetChanges {

    private DatasetChanges() {
    }

    /**
     * The change an event stands for.
     *
     * @throws UnsupportedEventException if the record is not a dataset lifecycle event (it was published on
     *                                   data-events by mistake: it is dead-lettered, not retried)
     */
    public static DatasetChange of(SpecificRecord record, SourcePosition source) {
        String payload = AvroJson.toJsonText(record);
        if (record instanceof DatasetCreatedEvent e) {
            return new DatasetChange(e.getEventId(), DatasetEventType.CREATED, e.getDatasetId(), e.getDatasetVersion(),
                    e.getTimestamp(), new DatasetAttributes(e.getName(), e.getDescription(), e.getOwner(), e.getFormat(),
                            e.getLocation(), e.getTags(), columns(e.getColumns()), status(e.getStatus())),
                    e.getName(), e.getCreatedBy(), null, payload, source);
        }
        if (record instanceof DatasetUpdatedEvent e) {
            return new DatasetChange(e.getEventId(), DatasetEventType.UPDATED, e.getDatasetId(), e.getDatasetVersion(),
                    e.getTimestamp(), new DatasetAttributes(e.getName(), e.getDescription(), e.getOwner(), e.getFormat(),
                            e.getLocation(), e.getTags(), columns(e.getColumns()), status(e.getStatus())),
                    e.getName(), e.getUpdatedBy(), null, payload, source);
        }
        if (record instanceof DatasetDeletedEvent e) {
            return new DatasetChange(e.getEventId(), DatasetEventType.DELETED, e.getDatasetId(), e.getDatasetVersion(),
                    e.getTimestamp(), null, e.getName(), e.getDeletedBy(), e.getReason(), payload, source);
        }
        throw new UnsupportedEventException("data-events carries only dataset lifecycle events, not "
                + (record == null ? "null" : record.getSchema().getFullName()));
    }

    /**
     * The change a stored history payload stands for (the inverse of {@link AvroJson} for the lifecycle records):
     * lets a rebuild re-fold history it trusts from PostgreSQL instead of re-reading it from Kafka.
     */
    public static DatasetChange fromPayload(JsonNode payload, SourcePosition source) {
        String typeName = payload.path("eventType").asText();
        DatasetEventType type = DatasetEventType.byTypeName(typeName).orElseThrow(
                () -> new UnsupportedEventException("not a dataset lifecycle event: " + typeName));
        DatasetAttributes attributes = null;
        String actor;
        if (type == DatasetEventType.DELETED) {
            actor = text(payload, "deletedBy");
        } else {
            List<String> tags = new java.util.ArrayList<>();
            payload.path("tags").forEach(tag -> tags.add(tag.asText()));
            JsonNode columns = payload.path("columns");
            attributes = new DatasetAttributes(text(payload, "name"), text(payload, "description"),
                    text(payload, "owner"), text(payload, "format"), text(payload, "location"), tags,
                    columns.isArray() ? columns.toString() : "[]", text(payload, "status"));
            actor = text(payload, type == DatasetEventType.CREATED ? "createdBy" : "updatedBy");
        }
        return new DatasetChange(text(payload, "eventId"), type, text(payload, "datasetId"),
                payload.path("datasetVersion").asLong(), java.time.Instant.parse(text(payload, "timestamp")),
                attributes, text(payload, "name"), actor, text(payload, "reason"), payload.toString(), source);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String status(Object status) {
        return status == null ? null : status.toString();
    }

    private static String columns(List<DatasetColumn> columns) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        if (columns != null) {
            columns.forEach(column -> array.add(AvroJson.toJson(column)));
        }
        return array.toString();
    }

    /** A record that is not a dataset lifecycle event. */
    public static final class UnsupportedEventException extends RuntimeException {
        public UnsupportedEventException(String message) {
            super(message);
        }
    }
}
