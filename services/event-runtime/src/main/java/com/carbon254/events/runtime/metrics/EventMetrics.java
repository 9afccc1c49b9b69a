package com.carbon254.events.runtime.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The event meters every service shares. Micrometer names render in Prometheus as:
 * <ul>
 * <li>{@code carbon254_events_published_total{topic,event_type}}: events the broker acknowledged
 *     ({@link com.carbon254.events.runtime.EventPublisher});</li>
 * <li>{@code carbon254_events_publish_failures_total{topic,event_type}}: events whose publication failed;</li>
 * <li>{@code carbon254_events_publish_seconds{topic}} (histogram): from handing a call's events to the producer to
 *     the broker's last acknowledgement;</li>
 * <li>{@code carbon254_events_consumed_total{channel,topic,event_type,outcome}}: records an incoming channel
 *     finished with, {@code outcome} = {@code processed} (acknowledged) or {@code failed} (nacked: the failure
 *     strategy, dead-letter by default, took it), counted by the consumer through {@link #consumed} (not by a
 *     SmallRye interceptor: an interceptor wraps every message, and a consumer of {@code KafkaRecordBatch} or
 *     {@code KafkaRecord} then fails with a ClassCastException);</li>
 * <li>{@code carbon254_events_processing_seconds{channel,topic}} (histogram): from a record (or its batch) reaching
 *     the consumer to its acknowledgement or nack;</li>
 * <li>{@code carbon254_dead_letters_total{topic,dead_letter_topic}}: records written to a dead-letter topic,
 *     {@code topic} being the topic the record came from
 *     ({@link com.carbon254.events.runtime.serde.DeadLetterSerialization});</li>
 * <li>{@code carbon254_consumer_lag{group,topic,partition}}: see {@link ConsumerLagMonitor}.</li>
 * </ul>
 * {@code event_type} is the catalog type name (e.g. {@code DataIngestion}), or {@code unknown} for a record that
 * carries no {@code eventType} header (e.g. a record that could not be read).
 */
@ApplicationScoped
public class EventMetrics {

    /** The {@code event_type} of a record without the header. */
    public static final String UNKNOWN_TYPE = "unknown";
    public static final String PROCESSED = "processed";
    public static final String FAILED = "failed";

    static final String PUBLISHED = "carbon254.events.published";
    static final String PUBLISH_FAILURES = "carbon254.events.publish.failures";
    static final String PUBLISH_LATENCY = "carbon254.events.publish";
    static final String CONSUMED = "carbon254.events.consumed";
    static final String PROCESSING_LATENCY = "carbon254.events.processing";
    static final String DEAD_LETTERS = "carbon254.dead.letters";
    static final String CONSUMER_LAG = "carbon254.consumer.lag";

    private final MeterRegistry registry;
    // Meter lookups by name and tags cost a registry search per event: keep the meters at hand by their labels.
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public EventMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@code events} events of one type acknowledged by the broker on {@code topic}. */
    public void published(String topic, String eventType, int events) {
        counter(PUBLISHED, "Events published and acknowledged by the broker", "topic", topic, "event_type", eventType)
                .increment(events);
    }

    /** {@code events} events of one type whose publication failed. */
    public void publishFailed(String topic, String eventType, int events) {
        counter(PUBLISH_FAILURES, "Events whose publication failed (not acknowledged by the broker)",
                "topic", topic, "event_type", eventType).increment(events);
    }

    /** Time from handing events to the producer to the broker's acknowledgement of the last of them. */
    public void publishLatency(String topic, long nanos) {
        timer(PUBLISH_LATENCY, "Time from sending events to the broker's acknowledgement", "topic", topic)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One record an incoming channel finished with. */
    public void consumed(String channel, String topic, String eventType, String outcome, long nanos) {
        counter(CONSUMED, "Records consumed, by outcome (processed = acknowledged, failed = nacked)",
                "channel", channel, "topic", topic, "event_type", eventType, "outcome", outcome).increment();
        timer(PROCESSING_LATENCY, "Time from a record entering its channel to its acknowledgement or nack",
                "channel", channel, "topic", topic).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One record written to {@code deadLetterTopic}; {@code topic} is where it was read from. */
    public void deadLettered(String topic, String deadLetterTopic) {
        counter(DEAD_LETTERS, "Records written to a dead-letter topic, by the topic they came from",
                "topic", topic, "dead_letter_topic", deadLetterTopic).increment();
    }

    MeterRegistry registry() {
        return registry;
    }

    private Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(key(name, tags),
                k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }

    private Timer timer(String name, String description, String... tags) {
        return timers.computeIfAbsent(key(name, tags), k -> Timer.builder(name).description(description).tags(tags)
                // Buckets for histogram_quantile in Prometheus; bounded to the range an event path can take.
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry));
    }

    private static String key(String name, String... tags) {
        return name + '|' + String.join("|", tags);
    }
}
