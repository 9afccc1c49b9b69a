package com.carbon254.query;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * Writes rows of the platform read models (V2 and later migrations) the way the projector does, with plain SQL, for the query
 * API's tests. The audit chain is appended like the projector appends it: head locked, hash computed by the SQL
 * function ({@code audit_entry_hash_v2}, or {@code audit_entry_hash} for entries written before version 2), head
 * advanced in the same transaction.
 */
final class PlatformFixtures {

    private PlatformFixtures() {
    }

    /** Runs one statement with positional arguments (Instants are written as timestamptz). */
    static int execute(String sql, Object... args) {
        try (Connection c = ReadModelFixtures.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of the first row of a query, as a number. */
    static long count(String sql, Object... args) {
        try (Connection c = ReadModelFixtures.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * Runs a statement as someone who can switch the audit trail's append-only triggers off (a superuser, with
     * {@code session_replication_role = replica}): the tampering the hash chain must reveal.
     */
    static int tamper(String sql, Object... args) {
        try (Connection c = ReadModelFixtures.connect()) {
            try (Statement replica = c.createStatement()) {
                replica.execute("SET session_replication_role = replica");
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                return ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i] instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : args[i];
            ps.setObject(i + 1, arg);
        }
    }

    static void window(String dataset, Instant start, long events, boolean late, int updateSequence) {
        execute("INSERT INTO read_model.ingestion_window (dataset_name, window_start, window_end, event_count, "
                + "total_record_count, total_size_bytes, success_count, failure_count, partial_count, first_event_time, "
                + "last_event_time, distinct_sources, late, update_sequence, last_event_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                dataset, start, start.plusSeconds(300), events, events * 100, events * 4096, events - 2, 1L, 1L,
                start.plusSeconds(5), start.plusSeconds(290), 3, late, updateSequence, "agg-" + dataset + start);
    }

    static void qualityWindow(String dataset, Instant start, long checks, long passed, long critical,
            String[] failedChecks, int updateSequence) {
        execute("INSERT INTO read_model.quality_window (dataset_name, window_start, window_end, checks, passed, failed, "
                + "pass_rate, critical_failures, failed_checks, first_event_time, last_event_time, late, update_sequence, "
                + "last_event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                dataset, start, start.plusSeconds(300), checks, passed, checks - passed, (double) passed / checks,
                critical, failedChecks, start.plusSeconds(5), start.plusSeconds(290), updateSequence > 0,
                updateSequence, "quality-" + dataset + start);
    }

    static void transformationRun(String job, String runId, String[] inputs, String output, String status,
            Instant finishedAt, String errorMessage) {
        execute("INSERT INTO read_model.transformation_run (job_name, run_id, output_dataset, input_datasets, engine, "
                + "status, records_in, records_out, duration_ms, error_message, metadata, finished_at, source, "
                + "last_event_id) VALUES (?, ?, ?, ?, 'dbt', ?, 1000, ?, 42000, ?, '{\"scheduler\": \"airflow\"}'::jsonb, "
                + "?, 'test', ?)", job, runId, output, inputs, status, "SUCCESS".equals(status) ? 900L : 0L,
                errorMessage, finishedAt, "run-" + job + "-" + runId);
    }

    /** An edge as the transformations projection derives it from a run that wrote data: input → output. */
    static void runEdge(String input, String output, String job, String runId, Instant at) {
        execute("INSERT INTO read_model.lineage_edge (source_dataset, target_dataset, job_name, run_id, first_seen_at, "
                + "updated_at, removed, last_event_id, origin) VALUES (?, ?, ?, ?, ?, ?, false, ?, "
                + "'data-transformation')", input, output, job, runId, at, at, "run-" + job + "-" + runId);
    }

    static void serviceStatus(String namespace, String service, String status, Instant since, Instant reported,
            Long latencyMs, Double errorRate, String message) {
        execute("INSERT INTO read_model.service_status (namespace, service_name, health_status, latency_ms, error_rate, "
                + "message, reported_at, status_since, last_event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                namespace, service, status, latencyMs, errorRate, message, reported, since,
                "health-" + namespace + service);
    }

    static void timeline(String eventId, String namespace, String service, String kind, Instant at, String summary,
            String detailsJson) {
        execute("INSERT INTO read_model.service_timeline (event_id, namespace, service_name, kind, occurred_at, "
                + "summary, details, kafka_topic, kafka_partition, kafka_offset) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, 'system-health', 0, 1)",
                eventId, namespace, service, kind, at, summary, detailsJson);
    }

    static void edge(String source, String target, String job, String transformation, Instant at, boolean removed) {
        execute("INSERT INTO read_model.lineage_edge (source_dataset, target_dataset, job_name, transformation, "
                + "first_seen_at, updated_at, removed, last_event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                source, target, job, transformation, at, at, removed, "lin-" + source + "-" + target + "-" + job);
    }

    /**
     * Appends one audit entry to the chain as the projector does (hash version 2, with its submitter); returns its seq.
     */
    static long appendAudit(Instant occurredAt, String eventId, String eventType, String actor, String submittedBy,
            String action, String entity, String outcome, String payloadJson) {
        return appendAudit(2, occurredAt, eventId, eventType, actor, submittedBy, action, entity, outcome, payloadJson);
    }

    /**
     * Appends one audit entry to the chain; {@code hashVersion} 1 as entries were appended before the trail recorded
     * submitters (audit_entry_hash, no submitter), 2 as the projector appends now (audit_entry_hash_v2).
     */
    static long appendAudit(int hashVersion, Instant occurredAt, String eventId, String eventType, String actor,
            String submittedBy, String action, String entity, String outcome, String payloadJson) {
        try (Connection c = ReadModelFixtures.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT read_model.audit_ensure_partition(now())")) {
                ps.executeQuery().close();
            }
            long seq;
            byte[] prev;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT seq, hash FROM read_model.audit_chain_head FOR UPDATE"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                seq = rs.getLong(1) + 1;
                prev = rs.getBytes(2);
            }
            String hash = hashVersion == 1
                    ? "read_model.audit_entry_hash(?, ?, ?, ?, ?, ?, ?, ?, ?, 'test', ?::jsonb)"
                    : "read_model.audit_entry_hash_v2(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'test', ?::jsonb)";
            byte[] stored;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO read_model.audit_entry (seq, occurred_at, "
                    + "event_id, event_type, actor, submitted_by, action, entity, outcome, source, payload, kafka_topic, "
                    + "kafka_partition, kafka_offset, prev_hash, hash, hash_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    + "'test', ?::jsonb, 'audit-user-actions', 0, ?, ?, " + hash + ", ?) RETURNING hash")) {
                OffsetDateTime at = occurredAt.atOffset(ZoneOffset.UTC);
                Object[] row = { seq, at, eventId, eventType, actor, submittedBy, action, entity, outcome, payloadJson,
                        seq, prev };
                Object[] hashed = hashVersion == 1
                        ? new Object[] { prev, seq, at, eventId, eventType, actor, action, entity, outcome, payloadJson }
                        : new Object[] { prev, seq, at, eventId, eventType, actor, submittedBy, action, entity, outcome,
                                payloadJson };
                Object[] args = new Object[row.length + hashed.length + 1];
                System.arraycopy(row, 0, args, 0, row.length);
                System.arraycopy(hashed, 0, args, row.length, hashed.length);
                args[args.length - 1] = (short) hashVersion;
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    stored = rs.getBytes(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE read_model.audit_chain_head SET seq = ?, hash = ?, updated_at = now()")) {
                bind(ps, seq, stored);
                ps.executeUpdate();
            }
            c.commit();
            return seq;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deadLetter(String dlqTopic, int partition, long offset, String originalTopic, Integer originalPartition,
            Long originalOffset, String reason, String cause, String eventType, String key, byte[] value,
            String preview, String headersJson, Instant at, Instant redrivenAt, String redrivenBy) {
        execute("INSERT INTO read_model.dead_letter (dlq_topic, dlq_partition, dlq_offset, original_topic, "
                + "original_partition, original_offset, reason, cause, event_type, record_key, value, value_preview, "
                + "headers, dead_lettered_at, redriven_at, redriven_by, redrive_partition, redrive_offset) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)",
                dlqTopic, partition, offset, originalTopic, originalPartition, originalOffset, reason, cause, eventType,
                key, value, preview, headersJson, at, redrivenAt, redrivenBy, redrivenAt == null ? null : 2,
                redrivenAt == null ? null : 77L);
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
