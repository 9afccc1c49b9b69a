-- The audit trail records who submitted each entry, is append-only in the database, and can be cut by retention
-- without losing its verifiability.

-- ---------------------------------------------------------------------------------------------------------------
-- Who submitted the entry: the authenticated identity behind it (the gateway's token subject, or service:<name> for
-- a platform service), next to the actor the event claims. Null for entries whose event does not say (older
-- producers, entries written before this column).
ALTER TABLE audit_entry ADD COLUMN submitted_by text;
CREATE INDEX audit_entry_submitted_by_idx ON audit_entry (submitted_by, occurred_at);

-- Which definition of the hash an entry was chained with: 1 = audit_entry_hash (entries written before this
-- migration), 2 = audit_entry_hash_v2. Entries are never rehashed: an old entry keeps verifying with its own version.
ALTER TABLE audit_entry ADD COLUMN hash_version smallint NOT NULL DEFAULT 1;
ALTER TABLE audit_entry ALTER COLUMN hash_version DROP DEFAULT;

-- Version 2 of an entry's hash: sha256(prev_hash || the entry's fields as one JSON array, in this order). JSON keeps
-- what version 1 could not tell apart: an absent value (null) from an empty one (''), and a field containing the
-- separator from two fields. submitted_by is covered. jsonb's text form is canonical, so the bytes hashed depend only
-- on the values.
CREATE FUNCTION audit_entry_hash_v2(prev_hash bytea, seq bigint, occurred_at timestamptz, event_id text,
                                    event_type text, actor text, submitted_by text, action text, entity text,
                                    outcome text, source text, payload jsonb)
    RETURNS bytea LANGUAGE sql IMMUTABLE SET search_path FROM CURRENT AS $$
    SELECT sha256(prev_hash || convert_to(jsonb_build_array(
        2, seq, (extract(epoch FROM occurred_at) * 1000000)::bigint, event_id, event_type, actor, submitted_by, action,
        entity, outcome, source, payload)::text, 'UTF8'))
$$;

-- The hash an entry's stored contents give, by the version it was chained with: the one definition that appending
-- (version 2) and verification (the query API) use.
CREATE FUNCTION audit_entry_computed_hash(e audit_entry) RETURNS bytea LANGUAGE sql IMMUTABLE
    SET search_path FROM CURRENT AS $$
    SELECT CASE e.hash_version
        WHEN 1 THEN audit_entry_hash(e.prev_hash, e.seq, e.occurred_at, e.event_id, e.event_type, e.actor, e.action,
                                     e.entity, e.outcome, e.source, e.payload)
        WHEN 2 THEN audit_entry_hash_v2(e.prev_hash, e.seq, e.occurred_at, e.event_id, e.event_type, e.actor,
                                        e.submitted_by, e.action, e.entity, e.outcome, e.source, e.payload)
    END
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- Append-only: no role, the projector's included, can change or remove an entry row by row. The only way entries go
-- is a retention cut (audit_retention_cut below), which drops whole monthly partitions and leaves an anchor.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'entries go only by a retention cut (POST /admin/audit/retention-cut on the projector)';
END
$$;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- ---------------------------------------------------------------------------------------------------------------
-- Retention cuts: one row per cut, holding the seq and hash of the last entry it removed. The oldest retained entry
-- must link to the newest anchor (its prev_hash is the anchor's hash, its seq the anchor's + 1): a cut is told apart
-- from entries removed any other way, which leave no anchor. Append-only as well.
CREATE TABLE audit_chain_anchor (
    seq              bigint      PRIMARY KEY,   -- seq of the last entry the cut removed
    hash             bytea       NOT NULL,      -- its hash: what the oldest retained entry links to
    removed_entries  bigint      NOT NULL,
    cut_before       timestamptz NOT NULL,      -- the cut removed every monthly partition ending at or before this
    partitions       text[]      NOT NULL,      -- the partitions it dropped
    cut_by           text        NOT NULL,      -- who asked for the cut (the admin token's subject)
    cut_at           timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TRIGGER audit_chain_anchor_append_only BEFORE UPDATE OR DELETE ON audit_chain_anchor
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();

-- Creating a partition of audit_entry needs its owner's rights: SECURITY DEFINER lets the projector's role (INSERT and
-- SELECT on the trail only) keep calling it.
ALTER FUNCTION audit_ensure_partition(timestamptz) SECURITY DEFINER;

-- The retention cut: drops every monthly partition of audit_entry whose range ends at or before cut_before, after
-- recording the anchor, under the chain head lock (no append meanwhile). Refuses to cut anything but a prefix of the
-- chain. Prunes the seen event ids of the removed months. Runs with its owner's rights (SECURITY DEFINER, owned by the
-- schema owner): the projector's role gets EXECUTE on it and nothing else beyond INSERT/SELECT.
CREATE FUNCTION audit_retention_cut(cut_before timestamptz, cut_by text)
    RETURNS TABLE (anchor_seq bigint, anchor_hash bytea, removed_entries bigint, dropped_partitions text[])
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    expired   text[];
    part      text;
    last_seq  bigint;
    last_hash bytea;
    removed   bigint := 0;
    n         bigint;
    m         bigint;
    kept_min  bigint;
    newest    timestamptz;
BEGIN
    PERFORM 1 FROM audit_chain_head FOR UPDATE;
    SELECT coalesce(array_agg(c.relname::text ORDER BY c.relname), '{}') INTO expired
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'audit_entry'::regclass AND c.relname ~ '^audit_entry_[0-9]{4}_[0-9]{2}$'
       AND make_timestamptz(substr(c.relname, 13, 4)::int, substr(c.relname, 18, 2)::int, 1, 0, 0, 0, 'UTC')
           + interval '1 month' <= cut_before;
    FOREACH part IN ARRAY expired LOOP
        EXECUTE format('SELECT count(*), max(seq) FROM %I', part) INTO n, m;
        removed := removed + n;
        last_seq := greatest(last_seq, m);
    END LOOP;
    IF removed > 0 THEN
        SELECT e.hash INTO last_hash FROM audit_entry e WHERE e.seq = last_seq;
        INSERT INTO audit_chain_anchor (seq, hash, removed_entries, cut_before, partitions, cut_by)
        VALUES (last_seq, last_hash, removed, audit_retention_cut.cut_before, expired, audit_retention_cut.cut_by);
    END IF;
    FOREACH part IN ARRAY expired LOOP
        EXECUTE format('DROP TABLE %I', part);
    END LOOP;
    IF removed > 0 THEN
        SELECT min(e.seq) INTO kept_min FROM audit_entry e;
        IF kept_min <= last_seq THEN
            -- Rolls the drops back: cutting anything but the start of the chain would break it.
            RAISE EXCEPTION 'the partitions ending by % do not hold the start of the chain (entry % would be kept, % removed)',
                cut_before, kept_min, last_seq USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
    END IF;
    IF cardinality(expired) > 0 THEN
        SELECT max(make_timestamptz(substr(x, 13, 4)::int, substr(x, 18, 2)::int, 1, 0, 0, 0, 'UTC'))
               + interval '1 month' INTO newest FROM unnest(expired) AS x;
        DELETE FROM audit_event_seen s WHERE s.recorded_at < newest;
    END IF;
    RETURN QUERY SELECT last_seq, last_hash, removed, expired;
END
$$;
