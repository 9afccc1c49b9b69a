package com.carbon254.events.runtime;

import java.util.List;

import org.apache.avro.specific.SpecificRecord;

import com.carbon254.events.catalog.EventType;

/** An event checked for publication: its type, topic, key and id resolved from the catalog. */
record OutgoingEvent(SpecificRecord event, EventType type, String topic, String key, String eventId) {

    /** Fails with {@link IllegalArgumentException} if the event is not of the catalog or its envelope is incomplete. */
    static OutgoingEvent of(SpecificRecord event) {
        EventType type = EventType.of(event);
        List<String> missing = EventEnvelope.missingFields(event);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the " + type.typeName() + " event lacks " + missing
                    + "; complete it with EventEnvelope.complete before publishing");
        }
        return new OutgoingEvent(event, type, type.topic().name(), type.keyOf(event), EventEnvelope.eventId(event));
    }
}
