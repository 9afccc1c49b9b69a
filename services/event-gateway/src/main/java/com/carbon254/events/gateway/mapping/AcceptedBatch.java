package com.carbon254.events.gateway.mapping;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.carbon254.events.runtime.PublishedEvent;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * A batch the broker has stored entirely. A batch holds events of one type, so they are all on one topic, given once;
 * each event says where on it it is (a batch of a thousand events answers in about 80 KB rather than 150 KB).
 *
 * @param accepted  how many events were stored
 * @param eventType their type name
 * @param topic     the topic they are on
 * @param events    each event and where it is, in request order
 */
@Schema(name = "AcceptedBatch", description = "A batch stored by the broker: every event, in request order")
@JsonSerialize(using = AcceptedBatchSerializer.class)
public record AcceptedBatch(
        int accepted,
        @Schema(examples = "DataIngestion") String eventType,
        @Schema(examples = "data-ingestion") String topic,
        List<StoredEvent> events) {

    /** The report of a published batch of one event type. */
    public static AcceptedBatch from(List<PublishedEvent> published) {
        PublishedEvent first = published.get(0);
        return new AcceptedBatch(published.size(), first.eventType(), first.topic(),
                published.stream().map(StoredEvent::from).toList());
    }

    /**
     * One event of a batch and where the broker stored it.
     *
     * @param eventId   the event's id (the producer's own, or the one the gateway gave it)
     * @param partition the partition it is on (chosen by its key)
     * @param offset    its offset in that partition
     * @param key       its Kafka key, the id of the entity it is about
     */
    @Schema(name = "StoredEvent")
    public record StoredEvent(
            @Schema(examples = "0b9f3c1e-6f2a-4c7e-9a51-2d8f1c0e7b44") String eventId,
            @Schema(examples = "7") int partition,
            @Schema(examples = "1024") long offset,
            @Schema(examples = "sales.orders") String key) {

        static StoredEvent from(PublishedEvent published) {
            return new StoredEvent(published.eventId(), published.partition(), published.offset(), published.key());
        }
    }
}
