package com.carbon254.projector.lineage;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.carbon254.events.data.DataLineageEvent;
import com.carbon254.events.data.LineageOperation;

import com.carbon254.projector.pipeline.EventProjection;
import com.carbon254.projector.pipeline.ConsumedRecord;
import com.carbon254.projector.pipeline.Generation;
import com.carbon254.projector.pipeline.Outcome;
import com.carbon254.projector.pipeline.ProjectedBatch;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * {@code data-lineage} → {@code lineage_edge} (rules in {@link LineageEdgeStore#apply}). An operation this reader does
 * not know ({@code UNKNOWN}, a symbol added to the schema later) is ignored, as the schema asks, and counted stale.
 */
@ApplicationScoped
public class LineageProjection extends EventProjection {

    /** The projection's name and channel. */
    public static final String NAME = "lineage";

    @Inject
    LineageEdgeStore store;

    LineageProjection() {
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
        List<ConsumedRecord<DataLineageEvent>> known = batch.accept(records, DataLineageEvent.class);
        List<ConsumedRecord<DataLineageEvent>> events = known.stream()
                .filter(e -> e.value().getOperation() != LineageOperation.UNKNOWN).toList();
        batch.count(Outcome.STALE, known.size() - events.size());
        return store.apply(tx, generation, events).map(applied -> batch.count(Outcome.APPLIED, applied)
                .count(Outcome.STALE, events.size() - applied));
    }
}
