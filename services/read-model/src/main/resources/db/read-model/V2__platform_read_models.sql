-- Read models beyond datasets: Flink ingestion aggregates, service health and timeline, the lineage graph, the
-- audit trail and dead letters. Written by the projector (one projection per model, each storing its consumed
-- positions in projection_position in the same transaction as its rows, as the dataset projection does) and read
-- by the query API. Projection names: ingestion-stats, service-health, lineage, audit-trail, dead-letters.

-- ---------------------------------------------------------------------------------------------------------------
-- Ingestion statistics: one row per dataset and event-time window, from data-ingestion-aggregated (read_committed:
-- the aggregator writes transactionally). The aggregator re-emits a window for late events (late = true,
-- updateSequence grows): a row only ever moves to a higher update_sequence, so a redelivered or reordered older
-- result never regresses it.
CREATE TABLE ingestion_window (
    dataset_name        text        NOT NULL,
    window_start        timestamptz NOT NULL,
    window_end          timestamptz NOT NULL,
    event_count         bigint      NOT NULL,
    total_record_count  bigint      NOT NULL,
    total_size_bytes    bigint      NOT NULL,
    success_count       bigint      NOT NULL,
    failure_count       bigint      NOT NULL,
    partial_count       bigint      NOT NULL,
    first_event_time    timestamptz NOT NULL,
    last_event_time     timestamptz NOT NULL,
    distinct_sources    integer     NOT NULL,
    late                boolean     NOT NULL,
    update_sequence     integer     NOT NULL,
    last_event_id       text        NOT NULL,
    projected_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (dataset_name, window_start)
);

-- ---------------------------------------------------------------------------------------------------------------
-- Latest health per service (system-health). An event older (by event time) than the stored one is not applied to
-- this row. status_since is when the current status began (the event time of the transition into it).
CREATE TABLE service_status (
    namespace      text             NOT NULL,
    service_name   text             NOT NULL,
    health_status  text             NOT NULL,   -- HEALTHY | DEGRADED | UNHEALTHY | UNKNOWN
    latency_ms     bigint,
    error_rate     double precision,
    message        text,
    reported_at    timestamptz      NOT NULL,   -- event time of the latest applied health event
    status_since   timestamptz      NOT NULL,
    last_event_id  text             NOT NULL,
    PRIMARY KEY (namespace, service_name)
);
CREATE INDEX service_status_status_idx ON service_status (health_status, namespace, service_name);

-- A service's timeline: health status transitions (not every heartbeat: an entry when the status differs from the
-- one stored before it), deployments (deployment-events) and configuration changes (config-changes). Bounded: the
-- projector keeps the newest carbon254.projector.service-timeline.max-entries entries per service.
CREATE TABLE service_timeline (
    event_id        text        PRIMARY KEY,    -- redeliveries of one event collapse here
    namespace       text        NOT NULL,
    service_name    text        NOT NULL,
    kind            text        NOT NULL,       -- HEALTH_TRANSITION | DEPLOYMENT | CONFIG_CHANGE
    occurred_at     timestamptz NOT NULL,       -- the event's own timestamp
    summary         text        NOT NULL,       -- one line for people, e.g. "HEALTHY -> DEGRADED", "DEPLOY 1.4.0 SUCCEEDED"
    details         jsonb       NOT NULL,       -- the event's fields as plain JSON; sensitive config values masked
    kafka_topic     text        NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL
);
CREATE INDEX service_timeline_service_idx ON service_timeline (namespace, service_name, occurred_at DESC);
CREATE INDEX service_timeline_name_idx    ON service_timeline (service_name, occurred_at DESC);

-- ---------------------------------------------------------------------------------------------------------------
-- The lineage graph (data-lineage): one edge per source, target and job. REMOVE keeps a tombstone (removed = true)
-- so that an older ADD delivered later cannot resurrect the edge: an event only applies when its event time is not
-- older than updated_at. Queries walk edges WHERE NOT removed.
CREATE TABLE lineage_edge (
    source_dataset  text        NOT NULL,
    target_dataset  text        NOT NULL,
    job_name        text        NOT NULL DEFAULT '',   -- '' when the event names no job (part of the key)
    transformation  text,
    run_id          text,
    metadata        jsonb       NOT NULL DEFAULT '{}',
    first_seen_at   timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,              -- event time of the last applied ADD/REMOVE
    removed         boolean     NOT NULL DEFAULT false,
    last_event_id   text        NOT NULL,
    PRIMARY KEY (source_dataset, target_dataset, job_name)
);
CREATE INDEX lineage_edge_source_idx ON lineage_edge (source_dataset) WHERE NOT removed;
CREATE INDEX lineage_edge_target_idx ON lineage_edge (target_dataset) WHERE NOT removed;

-- ---------------------------------------------------------------------------------------------------------------
-- The audit trail: every event of audit-user-actions, audit-api-calls, audit-data-access, audit-admin-operations
-- and security-events, append-only, in one hash chain. Rows are never updated or deleted except by dropping whole
-- monthly partitions past retention (365 days); the oldest retained row then anchors the chain.
--
-- Partitioned by recorded_at (insertion time, which grows with seq) so that dropping old partitions only ever cuts
-- the chain at its start. Monthly partitions are created ahead by the projector with audit_ensure_partition(); the
-- default partition catches anything else.
--
-- Column mapping per event type (the query API filters on actor, entity, action, occurred_at):
--   UserAction     actor=actor      action=action               entity=entityType || '/' || entityId (or entityType)
--   ApiCall        actor=actor      action=method || ' ' || path entity=service
--   DataAccess     actor=actor      action=accessType           entity=datasetName
--   AdminOperation actor=actor      action=operation            entity=target
--   Security       actor=principal  action=action               entity=resource (may be null)
--   outcome = the event's outcome (SUCCESS | FAILURE | DENIED | …).
CREATE TABLE audit_entry (
    seq             bigint      NOT NULL,               -- position in the chain: 1, 2, 3, … without gaps
    recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    occurred_at     timestamptz NOT NULL,               -- the event's own timestamp
    event_id        text        NOT NULL,
    event_type      text        NOT NULL,               -- UserAction | ApiCall | DataAccess | AdminOperation | Security
    actor           text        NOT NULL,
    action          text        NOT NULL,
    entity          text,
    outcome         text,
    source          text        NOT NULL,               -- the envelope's source (the producing component)
    payload         jsonb       NOT NULL,               -- the whole event as plain JSON
    kafka_topic     text        NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    prev_hash       bytea       NOT NULL,               -- hash of entry seq - 1 (the genesis hash for seq 1)
    hash            bytea       NOT NULL,               -- audit_entry_hash(prev_hash, this row)
    PRIMARY KEY (seq, recorded_at)
) PARTITION BY RANGE (recorded_at);
CREATE TABLE audit_entry_default PARTITION OF audit_entry DEFAULT;
CREATE INDEX audit_entry_actor_idx  ON audit_entry (actor, occurred_at);
CREATE INDEX audit_entry_entity_idx ON audit_entry (entity, occurred_at);
CREATE INDEX audit_entry_action_idx ON audit_entry (action, occurred_at);
CREATE INDEX audit_entry_time_idx   ON audit_entry (occurred_at);

-- The head of the chain (exactly one row): appends lock it FOR UPDATE, which serialises them, and advance it in
-- the same transaction as the rows they insert.
CREATE TABLE audit_chain_head (
    singleton   boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    seq         bigint      NOT NULL,
    hash        bytea       NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO audit_chain_head (seq, hash) VALUES (0, sha256(convert_to('254carbon-audit-genesis', 'UTF8')));

-- Event ids already in the trail: a producer's retry of the same event (same eventId) is stored once. Pruned with
-- the partitions past retention.
CREATE TABLE audit_event_seen (
    event_id     text        PRIMARY KEY,
    recorded_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- The one definition of an entry's hash, used by the projector when appending and by the query API's verification.
-- sha256(prev_hash || fields joined by U+001F); times as epoch microseconds, absent values as ''.
CREATE FUNCTION audit_entry_hash(prev_hash bytea, seq bigint, occurred_at timestamptz, event_id text,
                                 event_type text, actor text, action text, entity text, outcome text,
                                 source text, payload jsonb)
    RETURNS bytea LANGUAGE sql IMMUTABLE SET search_path FROM CURRENT AS $$
    SELECT sha256(prev_hash || convert_to(concat_ws(chr(31),
        seq::text,
        (extract(epoch FROM occurred_at) * 1000000)::bigint::text,
        event_id, event_type, actor, action, coalesce(entity, ''), coalesce(outcome, ''), source, payload::text),
        'UTF8'))
$$;

-- Creates the monthly partition holding the given instant, if missing (idempotent). Call it (for now()) in the
-- appending transaction before inserting: a row that fell into the default partition would block creating its
-- month's partition later. Both functions keep the schema they were created in (SET search_path FROM CURRENT).
CREATE FUNCTION audit_ensure_partition(at timestamptz) RETURNS text LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    month_start timestamptz := date_trunc('month', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    name        text        := 'audit_entry_' || to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM');
BEGIN
    IF to_regclass(name) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF audit_entry FOR VALUES FROM (%L) TO (%L)',
                       name, month_start, month_start + interval '1 month');
    END IF;
    RETURN name;
END
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- Dead letters: every record of every <topic>.dlq topic, as it was, so that it can be browsed and re-driven to its
-- original topic with the same key, value bytes and headers. The DLQ record's own position is the key.
CREATE TABLE dead_letter (
    dlq_topic           text        NOT NULL,
    dlq_partition       integer     NOT NULL,
    dlq_offset          bigint      NOT NULL,
    original_topic      text        NOT NULL,   -- dead-letter-topic header, else the DLQ name without ".dlq"
    original_partition  integer,                -- dead-letter-partition header
    original_offset     bigint,                 -- dead-letter-offset header
    reason              text        NOT NULL,   -- dead-letter-reason header (or "unknown" when absent)
    cause               text,                   -- dead-letter-cause header
    event_type          text,                   -- eventType header, when present
    record_key          text,
    value               bytea,                  -- the record value's exact bytes (null for a tombstone)
    value_preview       text,                   -- decoded event as JSON when decodable, else the value as UTF-8 text
                                                -- when it is text, else null
    headers             jsonb       NOT NULL DEFAULT '[]',  -- [{"key": k, "value": base64 or null}], in order
    dead_lettered_at    timestamptz NOT NULL,   -- the DLQ record's timestamp
    redriven_at         timestamptz,
    redriven_by         text,
    redrive_partition   integer,                -- where the re-driven copy landed on original_topic
    redrive_offset      bigint,
    PRIMARY KEY (dlq_topic, dlq_partition, dlq_offset)
);
CREATE INDEX dead_letter_topic_idx ON dead_letter (original_topic, dead_lettered_at DESC);
