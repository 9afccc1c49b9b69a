package com.carbon254.projector.transformations;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.carbon254.events.data.DataTransformationEvent;
import com.carbon254.projector.pipeline.ConsumedRecord;
import com.carbon254.projector.pipeline.EventProjection;
import com.carbon254.projector.pipeline.Generation;
import com.carbon254.projector.pipeline.Outcome;
import com.carbon254.projector.pipeline.ProjectedBatch;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * {@code data-transformation} → {@code transformation_run} (one row per job and run, its latest report) and the
 * lineage edges the runs observed (each input → the output, in {@code lineage_edge} with origin
 * {@code data-transformation}). Rules in {@link TransformationRunStore}: an older or redelivered report of a run is
 * counted stale and changes nothing.
 */
@ApplicationScoped
public class TransformationsProjection extends EventProjection {

    /** The projection's name and channel. */
    public static final String NAME = "transformations";

    @Inject
    TransformationRunStore store;

    TransformationsProjection() {
        super(NAME);
    }

    @Incoming(NAME)
    public Uni<Void> project(KafkaRecordBatch<String, SpecificRecord> batch) {
        return consume(batch);
    }

    @Override
    protected Uni<ProjectedBatch<SpecificRecord>> write(SqlConnection tx, List<ConsumedRecord<SpecificRecord>> records,
            Generation generation) {
        ProjectedBatch<SpecificRecord> batch = new ProjectedBatch<>();
        List<ConsumedRecord<DataTransformationEvent>> runs = batch.accept(records, DataTransformationEvent.class);
        return store.upsert(tx, generation, runs).map(applied -> batch.count(Outcome.APPLIED, applied)
                .count(Outcome.STALE, runs.size() - applied));
    }
}
