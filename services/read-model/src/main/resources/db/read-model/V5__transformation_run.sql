-- ---------------------------------------------------------------------------------------------------------------
-- Transformation runs (data-transformation): one row per job and run, as its latest report describes it. A
-- DataTransformation event reports a run that has ended: every status (SUCCESS, FAILURE, PARTIAL, CANCELLED) is
-- final, there is no "running" to progress from and no sequence number. Two reports of the same run (a redelivery,
-- or a scheduler correcting or retrying the run under the same id) are ordered by their event time, ties by event
-- id: a row only moves to a later (finished_at, last_event_id), so a redelivered or older report leaves it as it is
-- and the row does not depend on the order the reports arrive in.
CREATE TABLE transformation_run (
    job_name        text        NOT NULL,
    run_id          text        NOT NULL,
    output_dataset  text        NOT NULL,
    input_datasets  text[]      NOT NULL,               -- as reported, in order
    engine          text,
    status          text        NOT NULL,               -- SUCCESS | FAILURE | PARTIAL | CANCELLED | UNKNOWN
    records_in      bigint      NOT NULL,
    records_out     bigint      NOT NULL,
    duration_ms     bigint      NOT NULL,
    error_message   text,
    metadata        jsonb       NOT NULL DEFAULT '{}',
    finished_at     timestamptz NOT NULL,               -- the report's event time: when the run ended
    source          text        NOT NULL,               -- the envelope's source (the reporting component)
    last_event_id   text        NOT NULL,
    projected_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (job_name, run_id)
);
-- GET /transformations lists runs newest first, by output or input dataset, by job, or all.
CREATE INDEX transformation_run_output_idx ON transformation_run (output_dataset, finished_at DESC);
CREATE INDEX transformation_run_inputs_idx ON transformation_run USING gin (input_datasets);
CREATE INDEX transformation_run_job_idx ON transformation_run (job_name, finished_at DESC);
CREATE INDEX transformation_run_finished_idx ON transformation_run (finished_at DESC);

-- ---------------------------------------------------------------------------------------------------------------
-- Lineage edges derived from runs live in lineage_edge next to the declared ones (data-lineage), so that the query
-- API's /lineage stays one recursive walk over one table and its partial indexes. origin tells them apart and is part
-- of the key: a declared edge and a run-derived edge of the same job are two rows, each changed only by its own
-- projection (a DataLineage REMOVE does not touch what runs observed, a run does not resurrect a removed declaration).
--   data-lineage         declared by a DataLineage event (the lineage projection)
--   data-transformation  observed in a run that wrote data (the transformations projection): one edge per input and
--                        job into the run's output; never removed; run_id and updated_at of the latest such run
ALTER TABLE lineage_edge ADD COLUMN origin text NOT NULL DEFAULT 'data-lineage';
ALTER TABLE lineage_edge DROP CONSTRAINT lineage_edge_pkey,
    ADD PRIMARY KEY (source_dataset, target_dataset, job_name, origin);
