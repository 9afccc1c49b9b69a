-- Write model of the dataset catalog (CQRS command side) and its transactional outbox.
-- Owned by dataset-command; no other service reads or writes this schema. Flyway creates the schema
-- (quarkus.flyway.schemas) and keeps its history table in it.

-- Current state of each live dataset. A deleted dataset's row is removed: its history lives on the
-- data-events topic (the event store), which is what the read models are built from.
CREATE TABLE dataset_command.dataset (
    id          UUID          PRIMARY KEY,
    name        VARCHAR(255)  NOT NULL,
    description TEXT,
    owner       VARCHAR(255)  NOT NULL,
    format      VARCHAR(64)   NOT NULL,
    location    VARCHAR(2048) NOT NULL,
    -- The list-valued parts of the state, {"tags": [...], "columns": [{name, type, nullable, description}]}:
    -- one JSON object because Hibernate Reactive binds JSON columns as objects, not arrays.
    details     JSONB         NOT NULL,
    status      VARCHAR(16)   NOT NULL,
    -- Aggregate version: 1 after creation, +1 per accepted command; it is the datasetVersion of the
    -- event the command produced, and the ETag clients send back in If-Match.
    version     BIGINT        NOT NULL CHECK (version >= 1),
    created_at  TIMESTAMPTZ   NOT NULL,
    created_by  VARCHAR(255)  NOT NULL,
    updated_at  TIMESTAMPTZ   NOT NULL,
    updated_by  VARCHAR(255)  NOT NULL,
    CONSTRAINT dataset_name_unique UNIQUE (name)
);

-- Events waiting to be (or already) published to Kafka. A row is written in the same transaction as the
-- dataset change it describes, so an event exists if and only if the change was committed.
CREATE TABLE dataset_command.outbox (
    -- Commit-ish order of all events; the relay publishes in this order.
    seq               BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id          UUID         NOT NULL,
    event_type        VARCHAR(64)  NOT NULL,
    aggregate_id      UUID         NOT NULL,
    aggregate_version BIGINT       NOT NULL,
    -- The complete event (envelope included) in Avro single-object encoding: the relay republishes
    -- exactly these bytes' content, so a retry keeps the eventId and every other field.
    payload           BYTEA        NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    -- Set only after the broker acknowledged the record.
    published_at      TIMESTAMPTZ,
    topic             VARCHAR(249),
    kafka_partition   INTEGER,
    kafka_offset      BIGINT,
    publish_attempts  INTEGER      NOT NULL DEFAULT 0,
    last_error        TEXT,
    CONSTRAINT outbox_event_id_unique UNIQUE (event_id),
    -- One event per dataset version: a second command on a stale version cannot slip an event in.
    CONSTRAINT outbox_aggregate_version_unique UNIQUE (aggregate_id, aggregate_version)
);

-- The relay's and the backlog gauge's only access path: small, because published rows leave it.
CREATE INDEX outbox_unpublished_idx ON dataset_command.outbox (seq) WHERE published_at IS NULL;
