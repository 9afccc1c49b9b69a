package com.carbon254.query.mapping;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.carbon254.query.repository.DatasetEventView;
import com.carbon254.query.repository.DatasetView;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Maps read-model rows to API representations. */
public final class DatasetMapper {

    private DatasetMapper() {
    }

    public static Dataset toDataset(DatasetView row, ObjectMapper json) {
        return new Dataset(row.id, row.version, row.name, row.description, row.owner, row.format, row.location,
                row.tags == null ? List.of() : Arrays.asList(row.tags), columns(json(row.columnsJson, json)), row.status,
                instant(row.createdAt), row.createdBy, instant(row.updatedAt), row.updatedBy);
    }

    public static DatasetEvent toEvent(DatasetEventView row, ObjectMapper json) {
        return new DatasetEvent(row.eventId, row.eventType, row.datasetVersion, instant(row.occurredAt), json(row.payloadJson, json));
    }

    /** The columns of a JSON array as the projector stores them (name, type, nullable, description). */
    public static List<Dataset.DatasetColumn> columns(JsonNode array) {
        List<Dataset.DatasetColumn> columns = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode column : array) {
                columns.add(new Dataset.DatasetColumn(text(column, "name"), text(column, "type"),
                        column.hasNonNull("nullable") ? column.get("nullable").asBoolean() : null,
                        text(column, "description")));
            }
        }
        return columns;
    }

    /** Read-model JSON text as a tree, read with the application's mapper. */
    public static JsonNode json(String text, ObjectMapper json) {
        try {
            return json.readTree(text == null ? "null" : text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON in the read model", e);
        }
    }

    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    public static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            array.forEach(v -> values.add(v.asText()));
        }
        return values;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
