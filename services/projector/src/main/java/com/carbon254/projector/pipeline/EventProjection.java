package com.carbon254.projector.pipeline;

import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * A projection of catalog events (the values the event runtime's deserializer reads: Avro records, whatever their
 * writer format) whose channel has the projection's name. A subclass declares its channel and hands each poll batch
 * to {@link #consume}:
 *
 * <pre>{@code
 * @Incoming(NAME)
 * public Uni<Void> project(KafkaRecordBatch<String, SpecificRecord> batch) {
 *     return consume(batch);
 * }
 * }</pre>
 */
public abstract class EventProjection implements Projection<SpecificRecord> {

    @Inject
    BatchPipeline pipeline;

    private final String name;

    protected EventProjection(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    /** Projects a poll batch of the projection's channel through the pipeline, then acknowledges it. */
    protected Uni<Void> consume(KafkaRecordBatch<String, SpecificRecord> batch) {
        return pipeline.consume(this, batch);
    }
}
