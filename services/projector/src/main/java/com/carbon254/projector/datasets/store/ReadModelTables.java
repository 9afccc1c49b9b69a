package com.carbon254.projector.datasets.store;

import java.util.regex.Pattern;

import com.carbon254.readmodel.ReadModelSchema;

/**
 * The tables one generation of the dataset projection writes, and the name its positions are stored under.
 * The live projection writes {@code read_model.dataset} / {@code read_model.dataset_event} as {@code datasets};
 * rebuild {@code n} writes {@code read_model.dataset_rebuild_n} / {@code read_model.dataset_event_rebuild_n} as
 * {@code datasets#rebuild-n} until it is swapped in.
 */
public record ReadModelTables(String dataset, String datasetEvent, String projection) {

    /** The name the live dataset projection stores its positions under. */
    public static final String LIVE_PROJECTION = "datasets";

    private static final Pattern SAFE = Pattern.compile("[a-z_][a-z0-9_.]*");

    public ReadModelTables {
        // Table names are spliced into SQL (they cannot be bind parameters): only ever our own names.
        if (!SAFE.matcher(dataset).matches() || !SAFE.matcher(datasetEvent).matches()) {
            throw new IllegalArgumentException("unexpected table name " + dataset + " / " + datasetEvent);
        }
    }

    /** The tables the query API reads. */
    public static ReadModelTables live() {
        return new ReadModelTables(ReadModelSchema.DATASET, ReadModelSchema.DATASET_EVENT, LIVE_PROJECTION);
    }

    /** The tables rebuild {@code generation} fills. */
    public static ReadModelTables rebuild(int generation) {
        return new ReadModelTables(ReadModelSchema.DATASET + "_rebuild_" + generation,
                ReadModelSchema.DATASET_EVENT + "_rebuild_" + generation, LIVE_PROJECTION + "#rebuild-" + generation);
    }

    /** The table name without its schema. */
    public static String bare(String qualified) {
        return qualified.substring(qualified.indexOf('.') + 1);
    }
}
