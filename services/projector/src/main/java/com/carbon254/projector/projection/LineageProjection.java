package com.carbon254.projector.projection;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;

import com.carbon254.events.data.DataLineageEvent;
import com.carbon254.events.data.LineageOperation;
import com.carbon254.projector.messaging.ProjectionChannel;
import com.carbon254.projector.repository.LineageEdgeStore;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * {@code data-lineage} → {@code lineage_edge} (rules in {@link LineageEdgeStore#apply}). An operation this reader does
 * not know ({@code UNKNOWN}, a symbol added to the schema later) is ignored, as the schema asks, and counted stale.
 */
@ApplicationScoped
public class LineageProjection implements TableProjection<SpecificRecord> {

    @Inject
    LineageEdgeStore store;

    @Override
    public String name() {
        return ProjectionChannel.LINEAGE.projection();
    }

    @Override
    public Uni<ProjectedBatch<SpecificRecord>> apply(SqlConnection tx, List<ConsumedRecord<SpecificRecord>> records) {
        ProjectedBatch<SpecificRecord> batch = new ProjectedBatch<>();
        List<DataLineageEvent> events = new ArrayList<>();
        for (ConsumedRecord<SpecificRecord> record : records) {
            if (record.isPoison()) {
                batch.reject(record, record.poisonReason());
            } else if (record.value() instanceof DataLineageEvent e) {
                if (e.getOperation() == LineageOperation.UNKNOWN) {
                    batch.count(DatasetFold.Outcome.STALE);
                } else {
                    events.add(e);
                }
            } else {
                batch.reject(record, UnexpectedEvents.reason(record));
            }
        }
        return store.apply(tx, events).map(applied -> batch.count(DatasetFold.Outcome.APPLIED, applied)
                .count(DatasetFold.Outcome.STALE, events.size() - applied));
    }
}
