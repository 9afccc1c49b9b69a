package com.carbon254.events.runtime;

import org.apache.avro.specific.SpecificRecord;

/**
 * Where an event comes from in a flow of events: the id shared by the whole flow (the correlation id) and the id of
 * the event or command that directly caused it (the causation id). {@link EventEnvelope#complete} copies them into an
 * event that does not carry its own.
 *
 * @param correlationId id shared by every event of the same business flow or request; null if none
 * @param causationId   eventId of the event (or id of the command) that directly caused the event; null if none
 */
public record EventContext(String correlationId, String causationId) {

    private static final EventContext NONE = new EventContext(null, null);

    /** No flow: the event neither belongs to a correlated flow nor has a known cause. */
    public static EventContext none() {
        return NONE;
    }

    /**
     * The context of an event caused by {@code cause}: the same flow (the cause's correlation id, or the cause's own
     * eventId when it starts the flow) and the cause's eventId as causation id.
     */
    public static EventContext causedBy(SpecificRecord cause) {
        String causeId = EventEnvelope.eventId(cause);
        String flow = EventEnvelope.correlationId(cause);
        return new EventContext(flow != null ? flow : causeId, causeId);
    }
}
