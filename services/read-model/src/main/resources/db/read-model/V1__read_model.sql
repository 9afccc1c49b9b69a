-- The dataset read models, owned and migrated by the projector (Flyway, schema read_model) and read by the
-- query API. This is the only copy of the DDL: the query API's tests run these very scripts.
--
-- Every table the projector rebuilds (dataset, dataset_event) is created again as <table>_rebuild_<n> with
-- CREATE TABLE ... (LIKE ... INCLUDING ALL) during a rebuild and swapped in by renaming: keep all of their
-- constraints and indexes on the table itself so that the copy carries them.

-- Current state of every dataset the event store ever saw. A deleted dataset stays as a tombstone
-- (deleted = true) so that its version keeps stale events out and the search delete can be retried;
-- the query API excludes tombstones.
CREATE TABLE dataset (
    id              text        PRIMARY KEY,
    version         bigint      NOT NULL,            -- datasetVersion of the last applied event
    name            text        NOT NULL,
    description     text,
    owner           text,
    format          text,
    location        text,
    tags            text[]      NOT NULL DEFAULT '{}',
    columns         jsonb       NOT NULL DEFAULT '[]',
    status          text,
    created_at      timestamptz,                     -- null while the DatasetCreated event has not been seen
    created_by      text,
    updated_at      timestamptz NOT NULL,            -- event time of the last applied event
    updated_by      text,
    deleted         boolean     NOT NULL DEFAULT false,
    deleted_at      timestamptz,
    deleted_by      text,
    delete_reason   text,
    last_event_id   text        NOT NULL
);
CREATE INDEX dataset_live_name_idx   ON dataset (name) WHERE NOT deleted;
CREATE INDEX dataset_live_owner_idx  ON dataset (owner, name) WHERE NOT deleted;
CREATE INDEX dataset_live_status_idx ON dataset (status, name) WHERE NOT deleted;
CREATE INDEX dataset_live_format_idx ON dataset (format, name) WHERE NOT deleted;
CREATE INDEX dataset_tags_idx        ON dataset USING gin (tags);

-- Every distinct lifecycle event, as it was published: powers /history and as-of (time travel).
-- An event that arrived late (a version lower than the current one) is still history.
CREATE TABLE dataset_event (
    event_id        text        PRIMARY KEY,          -- redeliveries of one event collapse here
    dataset_id      text        NOT NULL,
    dataset_version bigint      NOT NULL,
    event_type      text        NOT NULL,             -- DatasetCreated | DatasetUpdated | DatasetDeleted
    occurred_at     timestamptz NOT NULL,             -- the event's own timestamp (event time)
    payload         jsonb       NOT NULL,             -- the event's fields as plain JSON (see AvroJson)
    kafka_topic     text        NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    -- clock time of the insert (not the transaction start): what freshness measurements read
    projected_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- One event per version of a dataset: a second event claiming a taken version is a conflict.
    CONSTRAINT dataset_event_version_uq UNIQUE (dataset_id, dataset_version)
);
CREATE INDEX dataset_event_time_idx ON dataset_event (dataset_id, occurred_at);

-- Where each projection stands in each partition: the offset of the next record to apply. Written in the
-- same transaction as the read-model rows it accounts for, which makes the effect exactly-once; Kafka's
-- committed offsets are not used.
CREATE TABLE projection_position (
    projection        text        NOT NULL,
    topic             text        NOT NULL,
    kafka_partition   integer     NOT NULL,
    next_offset       bigint      NOT NULL,
    last_record_time  timestamptz,                    -- Kafka timestamp of the last record consumed
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (projection, topic, kafka_partition)
);

-- The search outbox: datasets whose current state the search index still owes, per projection (generation).
-- Upserted in the batch transaction with the rows it points at, deleted once the node confirmed that version (or a
-- newer one). A narrow table of its own, so that the wide, many-indexed dataset rows are written once per change.
CREATE TABLE search_outbox (
    projection  text        NOT NULL,
    dataset_id  text        NOT NULL,
    version     bigint      NOT NULL,
    PRIMARY KEY (projection, dataset_id)
);

-- Which generation of a projection is live: the index its search alias points at is <alias>-v<generation>.
CREATE TABLE projection_generation (
    projection  text        PRIMARY KEY,
    generation  integer     NOT NULL,
    index_name  text        NOT NULL,
    switched_at timestamptz NOT NULL DEFAULT now()
);

-- Rebuild runs: progress, outcome, and which generation each produced.
CREATE TABLE projection_rebuild (
    id            uuid        PRIMARY KEY,
    projection    text        NOT NULL,
    generation    integer     NOT NULL,
    state         text        NOT NULL,
    from_time     timestamptz,
    events_total  bigint,
    events_done   bigint      NOT NULL DEFAULT 0,
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz,
    error         text
);
