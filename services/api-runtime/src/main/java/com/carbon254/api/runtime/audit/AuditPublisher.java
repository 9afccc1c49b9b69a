package com.carbon254.api.runtime.audit;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.runtime.EventContext;
import com.carbon254.events.runtime.EventEnvelope;
import com.carbon254.events.runtime.EventPublisher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Publishes audit and security events through the runtime's {@link EventPublisher}. An audit event that cannot be
 * published never fails the operation it describes: the failure is logged and counted
 * ({@value #FAILED_METRIC}{@code {type}}), never dropped silently; the published ones are counted in
 * {@value #PUBLISHED_METRIC}{@code {type}}.
 */
@ApplicationScoped
public class AuditPublisher {

    /** Counter of audit events the broker acknowledged, tagged by event type. */
    public static final String PUBLISHED_METRIC = "carbon254.audit.published";
    /** Counter of audit events that could not be published, tagged by event type. */
    public static final String FAILED_METRIC = "carbon254.audit.publish.failures";

    private static final Logger LOG = Logger.getLogger(AuditPublisher.class);

    @Inject
    EventPublisher publisher;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    /**
     * Completes the event's envelope (source: this service) and publishes it.
     *
     * @return completes once the broker acknowledged the event or the failure was logged and counted; never fails
     */
    public Uni<Void> publish(SpecificRecord event, EventContext context) {
        return publishAll(List.of(event), context);
    }

    /**
     * Completes the events' envelopes and publishes them together (one hand-over to the producer, which batches them
     * with whatever else is being sent).
     *
     * @return completes once the broker acknowledged every event or the failure was logged and counted; never fails
     */
    public Uni<Void> publishAll(List<? extends SpecificRecord> events, EventContext context) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> publisher.publishAll(events.stream()
                        .map(event -> EventEnvelope.complete(event, service, context)).toList()))
                .onItem().invoke(stored -> stored.forEach(e -> counter(PUBLISHED_METRIC, e.eventType()).increment()))
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    events.forEach(event -> counter(FAILED_METRIC, EventType.of(event).typeName()).increment());
                    LOG.errorf(failure, "Audit event(s) %s (%s) could not be published: %s",
                            events.stream().map(EventEnvelope::eventId).toList(),
                            EventType.of(events.get(0)).typeName(), failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /** As {@link #publish}, without waiting: the caller goes on at once. */
    public void publishInBackground(SpecificRecord event, EventContext context) {
        publish(event, context).subscribe().with(ignored -> { });
    }

    /** As {@link #publishAll}, without waiting: the caller goes on at once. */
    public void publishAllInBackground(List<? extends SpecificRecord> events, EventContext context) {
        publishAll(events, context).subscribe().with(ignored -> { });
    }

    /** The name of this service, the {@code source} of its audit events. */
    public String service() {
        return service;
    }

    private Counter counter(String name, String type) {
        return Counter.builder(name).tag("type", type).register(registry);
    }
}
