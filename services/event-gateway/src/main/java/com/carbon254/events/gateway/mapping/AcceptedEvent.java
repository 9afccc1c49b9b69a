package com.carbon254.events.gateway.mapping;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.carbon254.events.runtime.PublishedEvent;

/**
 * An event the broker has stored, as the gateway reports it to the producer.
 *
 * @param eventId   the event's id (the producer's own, or the one the gateway gave it)
 * @param eventType its type name
 * @param topic     the topic it is on
 * @param partition the partition it is on (chosen by its key)
 * @param offset    its offset in that partition
 * @param key       its Kafka key, the id of the entity it is about
 */
@Schema(name = "AcceptedEvent", description = "An event stored by the broker, and where")
public record AcceptedEvent(
        @Schema(examples = "0b9f3c1e-6f2a-4c7e-9a51-2d8f1c0e7b44") String eventId,
        @Schema(examples = "DataIngestion") String eventType,
        @Schema(examples = "data-ingestion") String topic,
        @Schema(examples = "7") int partition,
        @Schema(examples = "1024") long offset,
        @Schema(examples = "sales.orders") String key) {

    /** The report of a published event. */
    public static AcceptedEvent from(PublishedEvent published) {
        return new AcceptedEvent(published.eventId(), published.eventType(), published.topic(), published.partition(),
                published.offset(), published.key());
    }
}
