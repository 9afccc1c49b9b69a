package com.carbon254.events.gateway.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.runtime.EventEnvelope;
import com.carbon254.events.runtime.SubmittedBy;

/**
 * An example request body for every event type: the catalog's example event ({@link
 * com.carbon254.events.catalog.EventExamples}, derived from the Avro schema) without the envelope fields the gateway
 * fills in, and {@code submittedBy}, which only the gateway sets.
 */
final class EventExamples {

    private static final Set<String> FILLED_BY_THE_GATEWAY = Set.of(EventEnvelope.EVENT_ID, EventEnvelope.EVENT_TYPE,
            EventEnvelope.TIMESTAMP, EventEnvelope.VERSION, EventEnvelope.CORRELATION_ID, EventEnvelope.CAUSATION_ID,
            SubmittedBy.FIELD);

    private EventExamples() {
    }

    /** The example body of one event of that type. */
    static Map<String, Object> of(EventType type) {
        Map<String, Object> example = new LinkedHashMap<>(com.carbon254.events.catalog.EventExamples.of(type));
        example.keySet().removeAll(FILLED_BY_THE_GATEWAY);
        return example;
    }
}
