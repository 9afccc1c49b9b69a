package com.carbon254.projector.projection;

/**
 * One consumed record, ready for the projection: either a {@link DatasetChange} or a poison record that could not
 * be read as one.
 *
 * @param source       where it was read
 * @param change       the event, or null for a poison record
 * @param poisonReason why it is poison (cannot be deserialised, not a dataset event, …), or null
 * @param handle       what the caller needs to dead-letter it (the live consumer: its Kafka message)
 * @param <H>          type of the handle
 */
public record ProjectionRecord<H>(SourcePosition source, DatasetChange change, String poisonReason, H handle) {

    public static <H> ProjectionRecord<H> change(DatasetChange change, H handle) {
        return new ProjectionRecord<>(change.source(), change, null, handle);
    }

    public static <H> ProjectionRecord<H> poison(SourcePosition source, String reason, H handle) {
        return new ProjectionRecord<>(source, null, reason, handle);
    }

    public boolean isPoison() {
        return change == null;
    }
}
