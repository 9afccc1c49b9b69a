package com.carbon254.readmodel;

/**
 * The PostgreSQL schema of the read models: its name, where its Flyway migrations are (on the classpath, in this jar:
 * the only copy of the DDL; the projector migrates it at start, the query API's tests build it from the same scripts)
 * and the names of its tables. The migrations say what each table holds.
 */
public final class ReadModelSchema {

    /** The schema. */
    public static final String SCHEMA = "read_model";

    /** The classpath location of the Flyway migrations ({@code quarkus.flyway.locations}). */
    public static final String MIGRATIONS = "db/read-model";

    /** Current state of every dataset (tombstones included). */
    public static final String DATASET = SCHEMA + ".dataset";
    /** Every distinct dataset lifecycle event: history and as-of. */
    public static final String DATASET_EVENT = SCHEMA + ".dataset_event";
    /** Datasets whose state the search index still owes, per projection (generation). */
    public static final String SEARCH_OUTBOX = SCHEMA + ".search_outbox";
    /** Where each projection stands in each partition (written with the rows). */
    public static final String PROJECTION_POSITION = SCHEMA + ".projection_position";
    /** The live generation of the dataset projection and its index. */
    public static final String PROJECTION_GENERATION = SCHEMA + ".projection_generation";
    /** Rebuild runs and their progress. */
    public static final String PROJECTION_REBUILD = SCHEMA + ".projection_rebuild";
    /** Flink's ingestion windows. */
    public static final String INGESTION_WINDOW = SCHEMA + ".ingestion_window";
    /** Flink's data-quality windows. */
    public static final String QUALITY_WINDOW = SCHEMA + ".quality_window";
    /** Transformation runs, one per job and run (their lineage is in {@link #LINEAGE_EDGE}). */
    public static final String TRANSFORMATION_RUN = SCHEMA + ".transformation_run";
    /** Latest health per service. */
    public static final String SERVICE_STATUS = SCHEMA + ".service_status";
    /** A service's transitions, deployments and configuration changes. */
    public static final String SERVICE_TIMELINE = SCHEMA + ".service_timeline";
    /** The lineage graph: declared edges and those observed in transformation runs. */
    public static final String LINEAGE_EDGE = SCHEMA + ".lineage_edge";
    /** The audit trail: one hash chain, append-only. */
    public static final String AUDIT_ENTRY = SCHEMA + ".audit_entry";
    /** The head of the audit chain. */
    public static final String AUDIT_CHAIN_HEAD = SCHEMA + ".audit_chain_head";
    /** Retention cuts of the audit trail and the hash each left as the chain's anchor. */
    public static final String AUDIT_CHAIN_ANCHOR = SCHEMA + ".audit_chain_anchor";
    /** Event ids already in the audit trail. */
    public static final String AUDIT_EVENT_SEEN = SCHEMA + ".audit_event_seen";
    /** Every record of every dead-letter topic. */
    public static final String DEAD_LETTER = SCHEMA + ".dead_letter";

    private ReadModelSchema() {
    }
}
