package com.carbon254.events.gateway.service;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;

import com.carbon254.api.runtime.audit.Actors;
import com.carbon254.api.runtime.rest.ProblemException;
import com.carbon254.events.catalog.EventType;
import com.carbon254.events.catalog.PublishRule;
import com.carbon254.events.gateway.config.GatewayConfig;
import com.carbon254.events.runtime.EventContext;
import com.carbon254.events.runtime.EventEnvelope;
import com.carbon254.events.runtime.EventPublishException;
import com.carbon254.events.runtime.EventPublisher;
import com.carbon254.events.runtime.PublishedEvent;
import com.carbon254.events.runtime.SubmittedBy;
import com.carbon254.events.runtime.json.EventValidationException;
import com.carbon254.events.runtime.json.FieldViolation;
import com.carbon254.events.runtime.json.JsonEventReader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Takes events from any producer as JSON: checks that the caller may publish the type (its {@link PublishRule}), checks
 * the events against their contract and its limits, completes their envelope, records the caller's token subject as
 * {@code submittedBy} (audit and security types) and publishes them, answering only once the broker stored them. A
 * batch is all or nothing up to the broker: if any event is invalid, none is published.
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
     * @param caller   who publishes: their roles decide, their token subject is recorded as submitter
     * @return where the event was stored; fails with a {@link ProblemException} (unknown type 404, forbidden 403),
     *         {@link EventValidationException} or {@link EventPublishException}
     */
    public Uni<PublishedEvent> ingest(String typeName, JsonNode json, EventContext context, SecurityIdentity caller) {
        return Uni.createFrom().item(() -> {
                    EventType type = authorized(typeName, caller);
                    return complete(validated(type, () -> reader.read(type, json)), context, caller);
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
     * @param caller   who publishes: their roles decide, their token subject is recorded as submitter
     * @return where each event was stored, in request order; fails with a {@link ProblemException} (unknown type,
     *         forbidden, batch too large), {@link JsonProcessingException} (malformed JSON),
     *         {@link EventValidationException} (every violation, paths prefixed by the event's index; nothing is
     *         published) or {@link EventPublishException}
     */
    public Uni<List<PublishedEvent>> ingestBatch(String typeName, byte[] body, EventContext context,
                                                 SecurityIdentity caller) {
        return Uni.createFrom().<List<SpecificRecord>>deferred(() -> {
                    EventType type = authorized(typeName, caller);
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
                    events.forEach(event -> complete(event, context, caller));
                    return events;
                })
                // The gateway's hot path bypasses the channel's emitter (everything else goes through it): one emitter
                // message per record costs more CPU per event than this path's goal (>= 60 % of a raw producer's
                // throughput) leaves room for; the event runtime's README compares both ways.
                .chain(events -> publisher.publishAllDirectly(events).onItemOrFailure()
                        .invoke((stored, failure) -> published(EventType.of(events.get(0)), events.size(), failure)));
    }

    /** The batch's events, or why it is refused: too large, empty, or every violation of its events. */
    private List<SpecificRecord> readBatch(EventType type, JsonNode json) {
        if (json != null && json.isArray()) {
            if (json.size() > config.maxBatchSize()) {
                throw GatewayProblems.batchTooLarge(json.size(), config.maxBatchSize());
            }
            if (json.isEmpty()) {
                throw new EventValidationException("batch of " + type.typeName() + " events",
                        List.of(new FieldViolation("", "a batch holds at least one event")));
            }
        }
        return validated(type, () -> reader.readAll(type, json));
    }

    /** The event type, if the caller may publish it through the gateway (its publish rule's role). */
    private static EventType authorized(String typeName, SecurityIdentity caller) {
        EventType type = EventType.byTypeName(typeName).orElseThrow(() -> GatewayProblems.unknownEventType(typeName));
        PublishRule rule = type.publishRule();
        if (rule.gatewayRole().filter(caller::hasRole).isEmpty()) {
            throw GatewayProblems.publishForbidden(type);
        }
        return type;
    }

    private SpecificRecord complete(SpecificRecord event, EventContext context, SecurityIdentity caller) {
        return SubmittedBy.stamp(EventEnvelope.complete(event, config.source(), context), Actors.of(caller));
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
