package com.carbon254.events.gateway.mapping;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Writes an {@link AcceptedBatch} field by field, in the shape its record components describe. A batch answer has
 * one entry per event (up to a thousand), and Jackson's reflective bean serializer spent most of the answer's CPU
 * looking fields up and calling accessors per entry (see {@code bench/README.md}).
 */
// Instantiated by Jackson from AcceptedBatch's @JsonSerialize, so reachable by reflection in a native image too.
@RegisterForReflection
final class AcceptedBatchSerializer extends StdSerializer<AcceptedBatch> {

    AcceptedBatchSerializer() {
        super(AcceptedBatch.class);
    }

    @Override
    public void serialize(AcceptedBatch batch, JsonGenerator json, SerializerProvider provider) throws IOException {
        json.writeStartObject();
        json.writeNumberField("accepted", batch.accepted());
        json.writeStringField("eventType", batch.eventType());
        json.writeStringField("topic", batch.topic());
        json.writeArrayFieldStart("events");
        for (AcceptedBatch.StoredEvent event : batch.events()) {
            json.writeStartObject();
            json.writeStringField("eventId", event.eventId());
            json.writeNumberField("partition", event.partition());
            json.writeNumberField("offset", event.offset());
            json.writeStringField("key", event.key());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
