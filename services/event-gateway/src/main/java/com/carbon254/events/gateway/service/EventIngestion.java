package com.carbon254.events.gateway.service;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.gateway.config.GatewayConfig;
import com.carbon254.events.runtime.EventContext;
import com.carbon254.events.runtime.EventEnvelope;
import com.carbon254.events.runtime.EventPublishException;
import com.carbon254.events.runtime.EventPublisher;
import com.carbon254.events.runtime.PublishedEvent;
import com.carbon254.events.runtime.json.EventValidationException;
import com.carbon254.events.runtime.json.FieldViolation;
import com.carbon254.events.runtime.json.JsonEventReader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Takes events from any producer as JSON: checks them against their contract, completes their envelope and publishes
 * them, answering only once the broker stored them. A batch is all or nothing up to the broker: if any event is
 * invalid, none is published.
 */
@ApplicationScoped
public class EventIngestion {

    /** Counter of events handed to the broker, tagged by {@code eventType} and {@code outcome} (stored, not-stored). */
    static final String EVENTS_METRIC = "carbon254.gateway.events";
    /** Counter of requests refused because their events break the contract, tagged by {@code eventType}. */
    static final String INVALID_METRIC = "carbon254.gateway.invalid-requests";

    private final JsonEventReader reader = JsonEventReader.forIngestion();

    @Inject
    EventPublisher publisher;

    @Inject
    GatewayConfig config;

    @Inject
    MeterRegistry metrics;

    /** Quarkus' mapper, as the REST layer would parse a body with. */
    @Inject
    ObjectMapper mapper;

    /**
     * Validates, completes and publishes one event.
     *
     * @param typeName the event type name, e.g. {@code DataIngestion}
     * @param json     the event as natural JSON
     * @param context  correlation and causation ids for an event that carries none
     * @return where the event was stored; fails with {@link UnknownEventTypeException},
     *         {@link EventValidationException} or {@link EventPublishException}
     */
    public Uni<PublishedEvent> ingest(String typeName, JsonNode json, EventContext context) {
        return Uni.createFrom().item(() -> {
                    EventType type = typeOf(typeName);
                    return complete(validated(type, () -> reader.read(type, json)), context);
                })
                .chain(event -> publisher.publish(event)
                        .onItemOrFailure().invoke((stored, failure) -> published(EventType.of(event), 1, failure)));
    }

    /**
     * Validates a whole batch of events of one type, then completes and publishes them in order.
     *
     * <p>The body is read straight into records ({@link JsonEventReader#readValidBatch}); only a batch that is not
     * plainly valid is parsed into a JSON tree, to list its violations (or say why it is refused).
     *
     * @param typeName the event type name of every event in the batch
     * @param body     the request body: a JSON array of events
     * @param context  correlation and causation ids for the events that carry none
     * @return where each event was stored, in request order; fails with {@link UnknownEventTypeException},
     *         {@link JsonProcessingException} (malformed JSON), {@link BatchTooLargeException},
     *         {@link EventValidationException} (every violation, paths prefixed by the event's index; nothing is
     *         published) or {@link EventPublishException}
     */
    public Uni<List<PublishedEvent>> ingestBatch(String typeName, byte[] body, EventContext context) {
        return Uni.createFrom().<List<SpecificRecord>>deferred(() -> {
                    EventType type = typeOf(typeName);
                    byte[] json = body == null ? new byte[0] : body;
                    Optional<List<SpecificRecord>> valid = reader.readValidBatch(type, json, config.maxBatchSize());
                    if (valid.isPresent()) {
                        return Uni.createFrom().item(valid.get());
                    }
                    try {
                        return Uni.createFrom().item(readBatch(type, mapper.readTree(json)));
                    } catch (IOException malformed) {
                        return Uni.createFrom().failure(malformed);
                    }
                })
                .map(events -> {
                    events.forEach(event -> complete(event, context));
                    return events;
                })
                .chain(events -> publisher.publishAll(events).onItemOrFailure()
                        .invoke((stored, failure) -> published(EventType.of(events.get(0)), events.size(), failure)));
    }

    /** The batch's events, or why it is refused: too large, empty, or every violation of its events. */
    private List<SpecificRecord> readBatch(EventType type, JsonNode json) {
        if (json != null && json.isArray()) {
            if (json.size() > config.maxBatchSize()) {
                throw new BatchTooLargeException(json.size(), config.maxBatchSize());
            }
            if (json.isEmpty()) {
                throw new EventValidationException("batch of " + type.typeName() + " events",
                        List.of(new FieldViolation("", "a batch holds at least one event")));
            }
        }
        return validated(type, () -> reader.readAll(type, json));
    }

    private static EventType typeOf(String typeName) {
        return EventType.byTypeName(typeName).orElseThrow(() -> new UnknownEventTypeException(typeName));
    }

    private SpecificRecord complete(SpecificRecord event, EventContext context) {
        return EventEnvelope.complete(event, config.source(), context);
    }

    private <T> T validated(EventType type, Supplier<T> reading) {
        try {
            return reading.get();
        } catch (EventValidationException e) {
            metrics.counter(INVALID_METRIC, "eventType", type.typeName()).increment();
            throw e;
        }
    }

    private void published(EventType type, int events, Throwable failure) {
        String outcome = failure == null ? "stored" : "not-stored";
        metrics.counter(EVENTS_METRIC, "eventType", type.typeName(), "outcome", outcome).increment(events);
    }
}
