package com.carbon254.projector.lineage;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.carbon254.events.data.DataLineageEvent;
import com.carbon254.events.data.LineageOperation;
import com.carbon254.projector.pipeline.LatestWinsProjection;

/**
 * {@code data-lineage} → {@code lineage_edge} (rules in {@link LineageEdgeStore#apply}). An operation this reader does
 * not know ({@code UNKNOWN}, a symbol added to the schema later) is ignored, as the schema asks, and counted stale.
 */
@Singleton
public class LineageProjection extends LatestWinsProjection<DataLineageEvent> {

    /** The projection's name and channel. */
    public static final String NAME = "lineage";

    @Inject
    LineageProjection(LineageEdgeStore store) {
        super(NAME, DataLineageEvent.class, (tx, generation, events) -> store.apply(tx, generation, events.stream()
                .filter(e -> e.value().getOperation() != LineageOperation.UNKNOWN).toList()));
    }
}
