package com.carbon254.events.runtime;

/**
 * An event the broker has acknowledged (with {@code acks=all}: stored on every in-sync replica), and where it is.
 *
 * @param eventId   the event's id
 * @param eventType its type name, e.g. {@code DataIngestion}
 * @param topic     the topic it was written to
 * @param partition the partition it was written to (chosen by its key)
 * @param offset    its offset in that partition
 * @param key       its Kafka key: the id of the entity the event is about
 */
public record PublishedEvent(String eventId, String eventType, String topic, int partition, long offset, String key) {
}
