package com.carbon254.query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes read-model rows and search documents the way the projector does (same tables, same payload JSON, same
 * document shape), so the query API is tested against what it will read in production.
 */
final class ReadModelFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReadModelFixtures() {
    }

    /** A dataset's state for one version. */
    record State(String id, long version, String name, String description, String owner, String format,
            String status, List<String> tags, Instant at, String actor) {
    }

    static Connection connect() throws SQLException {
        var c = ReadModelResource.config;
        return DriverManager.getConnection(c.get("quarkus.datasource.jdbc.url"), c.get("quarkus.datasource.username"),
                c.get("quarkus.datasource.password"));
    }

    static ObjectNode payload(String type, State s, String eventId) {
        ObjectNode p = JSON.createObjectNode();
        p.put("eventId", eventId).put("eventType", type).put("timestamp", s.at().toString())
                .put("source", "test").put("version", "1").putNull("correlationId").putNull("causationId")
                .put("datasetId", s.id()).put("datasetVersion", s.version()).put("name", s.name());
        if (!type.equals("DatasetDeleted")) {
            p.put("description", s.description()).put("owner", s.owner()).put("format", s.format())
                    .put("location", "s3://lake/" + s.name());
            s.tags().forEach(p.putArray("tags")::add);
            p.putArray("columns").addObject().put("name", "id").put("type", "bigint").put("nullable", false)
                    .putNull("description");
            p.put("status", s.status());
            p.put(type.equals("DatasetCreated") ? "createdBy" : "updatedBy", s.actor());
        } else {
            p.put("deletedBy", s.actor()).put("reason", "obsolete");
        }
        return p;
    }

    /** Appends a lifecycle event to the history and upserts the current state (as the projector would). */
    static void event(String type, State s, Instant createdAt, String createdBy) throws SQLException {
        String eventId = s.id() + "-v" + s.version();
        try (Connection c = connect()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO read_model.dataset_event (event_id, dataset_id, "
                    + "dataset_version, event_type, occurred_at, payload, kafka_topic, kafka_partition, kafka_offset) "
                    + "VALUES (?, ?, ?, ?, ?, ?::jsonb, 'data-events', 0, ?)")) {
                ps.setString(1, eventId);
                ps.setString(2, s.id());
                ps.setLong(3, s.version());
                ps.setString(4, type);
                ps.setTimestamp(5, Timestamp.from(s.at()));
                ps.setString(6, payload(type, s, eventId).toString());
                ps.setLong(7, System.nanoTime() & 0xffffff);
                ps.executeUpdate();
            }
            boolean deleted = type.equals("DatasetDeleted");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO read_model.dataset (id, version, name, description, "
                    + "owner, format, location, tags, columns, status, created_at, created_by, updated_at, updated_by, "
                    + "deleted, deleted_at, deleted_by, last_event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                    + "?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, "
                    + "name = EXCLUDED.name, description = EXCLUDED.description, owner = EXCLUDED.owner, "
                    + "format = EXCLUDED.format, tags = EXCLUDED.tags, status = EXCLUDED.status, "
                    + "updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by, deleted = EXCLUDED.deleted, "
                    + "deleted_at = EXCLUDED.deleted_at, deleted_by = EXCLUDED.deleted_by, "
                    + "last_event_id = EXCLUDED.last_event_id")) {
                ps.setString(1, s.id());
                ps.setLong(2, s.version());
                ps.setString(3, s.name());
                ps.setString(4, s.description());
                ps.setString(5, s.owner());
                ps.setString(6, s.format());
                ps.setString(7, "s3://lake/" + s.name());
                ps.setArray(8, c.createArrayOf("text", s.tags().toArray()));
                ps.setString(9, "[{\"name\":\"id\",\"type\":\"bigint\",\"nullable\":false,\"description\":null}]");
                ps.setString(10, s.status());
                ps.setTimestamp(11, Timestamp.from(createdAt));
                ps.setString(12, createdBy);
                ps.setTimestamp(13, Timestamp.from(s.at()));
                ps.setString(14, s.actor());
                ps.setBoolean(15, deleted);
                ps.setTimestamp(16, deleted ? Timestamp.from(s.at()) : null);
                ps.setString(17, deleted ? s.actor() : null);
                ps.setString(18, eventId);
                ps.executeUpdate();
            }
        }
        String search = ReadModelResource.config.get("carbon254.search.url");
        String action = deleted(type)
                ? "{\"delete\":{\"_index\":\"datasets\",\"_id\":\"" + s.id() + "\",\"version\":" + s.version()
                        + ",\"version_type\":\"external\"}}\n"
                : "{\"index\":{\"_index\":\"datasets\",\"_id\":\"" + s.id() + "\",\"version\":" + s.version()
                        + ",\"version_type\":\"external\"}}\n" + document(s, createdAt, createdBy) + "\n";
        ReadModelResource.post(search + "/_bulk?refresh=true", action, "application/x-ndjson");
    }

    private static boolean deleted(String type) {
        return type.equals("DatasetDeleted");
    }

    private static String document(State s, Instant createdAt, String createdBy) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("id", s.id()).put("version", s.version()).put("name", s.name()).put("description", s.description())
                .put("owner", s.owner()).put("format", s.format()).put("location", "s3://lake/" + s.name());
        s.tags().forEach(doc.putArray("tags")::add);
        doc.put("status", s.status());
        doc.putArray("columns").addObject().put("name", "id").put("type", "bigint").put("nullable", false);
        doc.put("createdAt", createdAt.toString()).put("createdBy", createdBy).put("updatedAt", s.at().toString())
                .put("updatedBy", s.actor());
        return doc.toString();
    }
}
