package com.carbon254.projector.transformations;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.carbon254.events.data.DataTransformationEvent;
import com.carbon254.projector.pipeline.LatestWinsProjection;

/**
 * {@code data-transformation} → {@code transformation_run} (one row per job and run, its latest report) and the
 * lineage edges the runs observed (each input → the output, in {@code lineage_edge} with origin
 * {@code data-transformation}). Rules in {@link TransformationRunStore}: an older or redelivered report of a run is
 * counted stale and changes nothing.
 */
@Singleton
public class TransformationsProjection extends LatestWinsProjection<DataTransformationEvent> {

    /** The projection's name and channel. */
    public static final String NAME = "transformations";

    @Inject
    TransformationsProjection(TransformationRunStore store) {
        super(NAME, DataTransformationEvent.class, store::upsert);
    }
}
