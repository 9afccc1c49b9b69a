package com.carbon254.events.runtime;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The Kafka headers written on every event record: the envelope fields a consumer, a router or an operator with
 * {@code kcat} needs without decoding the value, each under its field's name ({@link EventEnvelope}). Values are UTF-8
 * text; a null envelope field gives no header.
 */
public final class EventHeaders {

    /** The event's type name, e.g. {@code DataIngestion}: lets a consumer of a multi-type topic route early. */
    public static final String EVENT_TYPE = EventEnvelope.EVENT_TYPE;
    /** The event's id. */
    public static final String EVENT_ID = EventEnvelope.EVENT_ID;
    /** The flow the event belongs to. */
    public static final String CORRELATION_ID = EventEnvelope.CORRELATION_ID;
    /** The event (or command) that caused this one. */
    public static final String CAUSATION_ID = EventEnvelope.CAUSATION_ID;
    /** The producing service. */
    public static final String SOURCE = EventEnvelope.SOURCE;

    /** The envelope fields written as headers, in this order. */
    private static final List<String> ENVELOPE_FIELDS = List.of(EVENT_TYPE, EVENT_ID, CORRELATION_ID, CAUSATION_ID,
            SOURCE);

    private EventHeaders() {
    }

    /** The headers of a (completed) event. */
    public static Headers of(SpecificRecord event) {
        RecordHeaders headers = new RecordHeaders();
        for (String name : ENVELOPE_FIELDS) {
            String value = EventEnvelope.text(event, name);
            if (value != null) {
                headers.add(name, value.getBytes(StandardCharsets.UTF_8));
            }
        }
        return headers;
    }

    /** The last value of a header as text, if the record has it. */
    public static Optional<String> read(Headers headers, String name) {
        if (headers == null) {
            return Optional.empty();
        }
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }
}
