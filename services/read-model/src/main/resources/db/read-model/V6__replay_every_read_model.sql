-- Every read model can be replayed (POST /admin/projections/{readModel}/rebuild on the projector): a generation of its
-- tables, <table>_rebuild_<n>, is created with CREATE TABLE ... (LIKE <table> INCLUDING ALL), filled while the live
-- tables keep serving, and swapped in by renaming (ReplayedReadModel lists each read model's tables). Keep every
-- constraint and index of those tables on the table itself, and never refer to their generated names: a swapped-in
-- table carries the names generated for its generation.

-- ---------------------------------------------------------------------------------------------------------------
-- Provenance: where the record that last changed a row was read (NULL for rows written before this migration). A
-- replay from a start position (per partition; an instant gives the offsets of its first records) keeps the rows that
-- records below it wrote last, as they are, and builds the others again from the records from there on. The tables
-- that hold one row per event (dataset_event, service_timeline, audit_entry) had these columns already.
ALTER TABLE ingestion_window   ADD COLUMN kafka_topic text, ADD COLUMN kafka_partition integer, ADD COLUMN kafka_offset bigint;
ALTER TABLE quality_window     ADD COLUMN kafka_topic text, ADD COLUMN kafka_partition integer, ADD COLUMN kafka_offset bigint;
ALTER TABLE transformation_run ADD COLUMN kafka_topic text, ADD COLUMN kafka_partition integer, ADD COLUMN kafka_offset bigint;
ALTER TABLE service_status     ADD COLUMN kafka_topic text, ADD COLUMN kafka_partition integer, ADD COLUMN kafka_offset bigint;
ALTER TABLE lineage_edge       ADD COLUMN kafka_topic text, ADD COLUMN kafka_partition integer, ADD COLUMN kafka_offset bigint;

-- Generations and replay runs of every read model, not only of datasets (projection holds the read model's name:
-- datasets, ingestion-stats, quality, lineage, service-health, audit-trail); only datasets have a search index.
ALTER TABLE projection_generation ALTER COLUMN index_name DROP NOT NULL;

-- A replay starts from the beginning, from an instant (from_time) or from offsets per partition (from_offsets:
-- [{"topic": ..., "partition": ..., "offset": ...}]).
ALTER TABLE projection_rebuild ADD COLUMN from_offsets jsonb;

-- ---------------------------------------------------------------------------------------------------------------
-- Where the retained chain starts: the seq and hash the oldest retained entry links to, i.e. the newest retention
-- anchor, or (0, the genesis hash) when no cut removed anything. The one definition for whoever verifies the chain.
CREATE FUNCTION audit_chain_start(OUT seq bigint, OUT hash bytea) LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT coalesce(a.seq, 0), coalesce(a.hash, sha256(convert_to('254carbon-audit-genesis', 'UTF8')))
      FROM (SELECT 1) one LEFT JOIN (SELECT seq, hash FROM audit_chain_anchor ORDER BY seq DESC LIMIT 1) a ON true
$$;

-- Since when the trail holds what it was given: records older than that may have had their entries removed by a
-- retention cut, so a replay of the audit trail does not append them again. Per cut: the end of the newest month it
-- dropped, or the cut's own time if earlier (a cut of the current month removes only what was there when it ran).
-- NULL when no cut was made.
CREATE FUNCTION audit_retained_since() RETURNS timestamptz LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT max(least(make_timestamptz(substr(p, 13, 4)::int, substr(p, 18, 2)::int, 1, 0, 0, 0, 'UTC')
                     + interval '1 month', a.cut_at))
      FROM audit_chain_anchor a, unnest(a.partitions) AS p
     WHERE p ~ '^audit_entry_[0-9]{4}_[0-9]{2}$'
$$;
