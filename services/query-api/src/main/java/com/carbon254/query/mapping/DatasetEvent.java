package com.carbon254.query.mapping;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One lifecycle event of a dataset, from its history.
 *
 * @param payload the event's fields as plain JSON (the Avro record, unions unwrapped, timestamps ISO-8601)
 */
@Schema(name = "DatasetEvent")
public record DatasetEvent(String eventId, String eventType, long datasetVersion, Instant occurredAt, JsonNode payload) {
}
