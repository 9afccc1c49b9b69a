package com.carbon254.readmodel;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The read models the projector replays ({@code POST /admin/projections/{readModel}/rebuild}), by the name the admin
 * API uses, and the tables of each. A replay that builds a generation creates {@code <table>_rebuild_<n>} for each
 * table {@code LIKE} the live one and renames it to the live name when it switches: the query API keeps reading the
 * names below. The audit trail is not rebuilt into new tables: its replay appends what the trail lacks to the live
 * chain ({@link #generations()} false).
 */
public enum ReplayedReadModel {

    /** Current state and history of every dataset (and, beside the tables, the search index). */
    DATASETS("datasets", true, ReadModelSchema.DATASET, ReadModelSchema.DATASET_EVENT),
    /** The Flink aggregator's ingestion windows. */
    INGESTION_STATS("ingestion-stats", true, ReadModelSchema.INGESTION_WINDOW),
    /** The Flink aggregator's data-quality windows. */
    QUALITY("quality", true, ReadModelSchema.QUALITY_WINDOW),
    /** The lineage graph, which declared edges and transformation runs both write, and the runs themselves. */
    LINEAGE("lineage", true, ReadModelSchema.LINEAGE_EDGE, ReadModelSchema.TRANSFORMATION_RUN),
    /** Latest health and timeline of every service. */
    SERVICE_HEALTH("service-health", true, ReadModelSchema.SERVICE_STATUS, ReadModelSchema.SERVICE_TIMELINE),
    /** The audit trail: one hash chain, append-only. */
    AUDIT_TRAIL("audit-trail", false, ReadModelSchema.AUDIT_ENTRY, ReadModelSchema.AUDIT_CHAIN_HEAD,
            ReadModelSchema.AUDIT_EVENT_SEEN);

    private final String modelName;
    private final boolean generations;
    private final List<String> tables;

    ReplayedReadModel(String modelName, boolean generations, String... tables) {
        this.modelName = modelName;
        this.generations = generations;
        this.tables = List.of(tables);
    }

    /** The name in the admin API, in {@code projection_generation} and {@code projection_rebuild}. */
    public String modelName() {
        return modelName;
    }

    /** Whether a replay builds new tables and switches to them (else it appends to the live ones). */
    public boolean generations() {
        return generations;
    }

    /** The tables (schema-qualified, as the query API reads them). */
    public List<String> tables() {
        return tables;
    }

    /** The read model of this name. */
    public static Optional<ReplayedReadModel> named(String name) {
        return Arrays.stream(values()).filter(model -> model.modelName.equals(name)).findFirst();
    }

    /** Every name, in declaration order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(ReplayedReadModel::modelName).toList();
    }
}
