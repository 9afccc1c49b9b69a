package com.carbon254.api.runtime.audit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.runtime.EventContext;
import com.carbon254.events.runtime.EventEnvelope;
import com.carbon254.events.runtime.EventPublishException;
import com.carbon254.events.runtime.EventPublisher;
import com.carbon254.events.runtime.SubmittedBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Publishes the audit and security events a platform service records about what it observed itself, through the
 * runtime's {@link EventPublisher}, with {@code submittedBy} = {@code service:<quarkus.application.name>}. An audit event that cannot be
 * published never fails the operation it describes: the failure is logged and counted
 * ({@value #FAILED_METRIC}{@code {type}}), never dropped silently; the published ones are counted in
 * {@value #PUBLISHED_METRIC}{@code {type}}.
 *
 * <p>Events published in the background (the audit of every call and read) outlive a broker outage: a failure worth
 * retrying (the broker did not acknowledge in time, or could not be reached) is retried with exponential backoff, from
 * one second up to {@code carbon254.audit.retry-max-backoff}, for up to {@code carbon254.audit.retry-for}, with the
 * same eventIds (the audit trail stores an eventId once). Events waiting for a retry are
 * {@value #RETRYING_METRIC}. Only then, or for an event the broker can never take, the failure is counted.
 */
@ApplicationScoped
public class AuditPublisher {

    /** Counter of audit events the broker acknowledged, tagged by event type. */
    public static final String PUBLISHED_METRIC = "carbon254.audit.published";
    /** Counter of audit events that could not be published, tagged by event type. */
    public static final String FAILED_METRIC = "carbon254.audit.publish.failures";

    /** Gauge of audit events waiting for a retry of their publication. */
    public static final String RETRYING_METRIC = "carbon254.audit.retries.in.flight";

    private static final Logger LOG = Logger.getLogger(AuditPublisher.class);

    @Inject
    EventPublisher publisher;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    /** How long a background publication is retried before its failure is counted. */
    @ConfigProperty(name = "carbon254.audit.retry-for", defaultValue = "10m")
    Duration retryFor;

    @ConfigProperty(name = "carbon254.audit.retry-max-backoff", defaultValue = "30s")
    Duration retryMaxBackoff;

    private final AtomicInteger retrying = new AtomicInteger();

    @PostConstruct
    void registerGauge() {
        Gauge.builder(RETRYING_METRIC, retrying, AtomicInteger::get)
                .description("Audit events waiting for a retry of their publication").register(registry);
    }

    /**
     * Completes the event's envelope (source: this service), records this service as its submitter
     * ({@code submittedBy} = {@code service:<name>}, for the types that have it) and publishes it.
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
        return attempt(events, context).onFailure().recoverWithUni(failure -> counted(events, failure));
    }

    /** One publication of the completed events; fails as the publisher does. */
    private Uni<Void> attempt(List<? extends SpecificRecord> events, EventContext context) {
        return Uni.createFrom().deferred(() -> publisher.publishAll(events.stream()
                        .map(event -> SubmittedBy.stamp(EventEnvelope.complete(event, service, context),
                                SubmittedBy.service(service))).toList()))
                .onItem().invoke(stored -> stored.forEach(e -> counter(PUBLISHED_METRIC, e.eventType()).increment()))
                .replaceWithVoid();
    }

    private Uni<Void> counted(List<? extends SpecificRecord> events, Throwable failure) {
        events.forEach(event -> counter(FAILED_METRIC, EventType.of(event).typeName()).increment());
        LOG.errorf(failure, "Audit event(s) %s (%s) could not be published: %s",
                events.stream().map(EventEnvelope::eventId).toList(),
                EventType.of(events.get(0)).typeName(), failure.getMessage());
        return Uni.createFrom().voidItem();
    }

    /** As {@link #publishAll}, retrying what a broker outage makes fail (see the class comment). */
    private Uni<Void> publishAllRetrying(List<? extends SpecificRecord> events, EventContext context) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        AtomicBoolean waiting = new AtomicBoolean();
        return attempt(events, context)
                .onFailure(AuditPublisher::retryable).invoke(failure -> {
                    if (waiting.compareAndSet(false, true)) {
                        retrying.addAndGet(events.size());
                        LOG.warnf("Audit event(s) %s not published yet (%s); retrying for up to %s",
                                events.stream().map(EventEnvelope::eventId).toList(), failure.getMessage(), retryFor);
                    }
                })
                .onFailure(AuditPublisher::retryable).retry().withBackOff(Duration.ofSeconds(1), retryMaxBackoff)
                .expireIn(retryFor.toMillis())
                .onTermination().invoke(() -> {
                    if (waiting.get()) {
                        retrying.addAndGet(-events.size());
                    }
                })
                .onFailure().recoverWithUni(failure -> counted(events, failure));
    }

    private static boolean retryable(Throwable failure) {
        return failure instanceof EventPublishException publication && publication.retryable();
    }

    /** As {@link #publish}, without waiting (the caller goes on at once), and retrying through a broker outage. */
    public void publishInBackground(SpecificRecord event, EventContext context) {
        publishAllInBackground(List.of(event), context);
    }

    /** As {@link #publishAll}, without waiting (the caller goes on at once), and retrying through a broker outage. */
    public void publishAllInBackground(List<? extends SpecificRecord> events, EventContext context) {
        publishAllRetrying(events, context).subscribe().with(ignored -> { });
    }

    /** The name of this service, the {@code source} of its audit events. */
    public String service() {
        return service;
    }

    private Counter counter(String name, String type) {
        return Counter.builder(name).tag("type", type).register(registry);
    }
}
