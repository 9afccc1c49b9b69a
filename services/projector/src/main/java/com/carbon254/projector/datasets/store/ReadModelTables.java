package com.carbon254.projector.datasets.store;

import com.carbon254.projector.pipeline.Generation;
import com.carbon254.readmodel.ReadModelSchema;

/**
 * The tables one generation of the dataset projection writes, and the name its positions are stored under.
 * The live projection writes {@code read_model.dataset} / {@code read_model.dataset_event} as {@code datasets};
 * replay generation {@code n} writes {@code read_model.dataset_rebuild_n} / {@code read_model.dataset_event_rebuild_n}
 * as {@code datasets#rebuild-n} until it is swapped in ({@link Generation}).
 */
public record ReadModelTables(String dataset, String datasetEvent, String projection) {

    /** The name the live dataset projection stores its positions under (and the read model's name). */
    public static final String LIVE_PROJECTION = "datasets";

    /** The tables the query API reads. */
    public static ReadModelTables live() {
        return of(Generation.LIVE);
    }

    /** The tables of a generation. */
    public static ReadModelTables of(Generation generation) {
        return new ReadModelTables(generation.table(ReadModelSchema.DATASET),
                generation.table(ReadModelSchema.DATASET_EVENT), generation.positions(LIVE_PROJECTION));
    }
}
