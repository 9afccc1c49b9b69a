-- ---------------------------------------------------------------------------------------------------------------
-- Data-quality windows (data-quality-aggregated): the Flink aggregator's pass rate of DataQuality check results per
-- dataset and five-minute event-time window. A late re-emission of a window (higher update_sequence) replaces the row.
CREATE TABLE quality_window (
    dataset_name        text        NOT NULL,
    window_start        timestamptz NOT NULL,
    window_end          timestamptz NOT NULL,
    checks              bigint      NOT NULL,
    passed              bigint      NOT NULL,
    failed              bigint      NOT NULL,
    pass_rate           double precision NOT NULL,
    critical_failures   bigint      NOT NULL,
    failed_checks       text[]      NOT NULL,   -- distinct names of the checks that failed, sorted
    first_event_time    timestamptz NOT NULL,
    last_event_time     timestamptz NOT NULL,
    late                boolean     NOT NULL,
    update_sequence     integer     NOT NULL,
    last_event_id       text        NOT NULL,
    projected_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (dataset_name, window_start)
);
-- "Datasets whose latest window is below a pass rate" reads the latest window of each dataset.
CREATE INDEX quality_window_latest_idx ON quality_window (dataset_name, window_start DESC);
