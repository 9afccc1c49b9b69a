package com.carbon254.dataset.command.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.runtime.EventModels;

/**
 * Turns an event into the bytes of its outbox row and back, with Avro's single-object encoding: the payload starts
 * with the fingerprint of the schema it was written with. A row written by an older build whose schema differs
 * then fails to decode loudly (and stays in the outbox, visible in the backlog gauge) instead of being misread;
 * the contracts only evolve compatibly, so registering the released schema with {@link #decoder} would read it.
 */
@ApplicationScoped
public class OutboxCodec {

    private final Map<EventType, BinaryMessageEncoder<SpecificRecord>> encoders = new EnumMap<>(EventType.class);
    private final Map<EventType, BinaryMessageDecoder<SpecificRecord>> decoders = new EnumMap<>(EventType.class);

    public OutboxCodec() {
        for (EventType type : EventType.values()) {
            // The runtime's model resolves the generated classes through their own class loader: Avro's default
            // would find a second copy of them in Quarkus dev and test mode.
            SpecificData model = EventModels.of(type);
            encoders.put(type, new BinaryMessageEncoder<>(model, type.schema()));
            decoders.put(type, new BinaryMessageDecoder<>(model, type.schema()));
        }
    }

    /** The payload of an event. */
    public byte[] encode(SpecificRecord event) {
        try {
            ByteBuffer buffer = encoders.get(EventType.of(event)).encode(event);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode " + event.getSchema().getName(), e);
        }
    }

    /**
     * The event stored in a payload.
     *
     * @param eventType the {@code event_type} column, e.g. {@code DatasetCreated}
     * @throws IllegalArgumentException if the type is unknown or the payload is not an event of that type
     */
    public SpecificRecord decode(String eventType, byte[] payload) {
        EventType type = EventType.byTypeName(eventType)
                .orElseThrow(() -> new IllegalArgumentException("Unknown event type " + eventType));
        try {
            return decoder(type).decode(payload);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Cannot decode a " + eventType + " outbox payload: " + e.getMessage(), e);
        }
    }

    BinaryMessageDecoder<SpecificRecord> decoder(EventType type) {
        return decoders.get(type);
    }
}
