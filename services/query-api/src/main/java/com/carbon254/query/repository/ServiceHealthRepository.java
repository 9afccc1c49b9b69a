package com.carbon254.query.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.query.mapping.ServiceHealth;
import com.carbon254.query.mapping.TimelineEntry;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads {@code read_model.service_status} and {@code read_model.service_timeline} (written by the projector's
 * service-health projection). A null filter means "any".
 */
@ApplicationScoped
public class ServiceHealthRepository {

    private static final String LATEST = """
            SELECT service_name, namespace, health_status, status_since, reported_at, latency_ms, error_rate, message
              FROM read_model.service_status
             WHERE ($1::text IS NULL OR health_status = $1) AND ($2::text IS NULL OR namespace = $2)
             ORDER BY namespace, service_name""";

    private static final String TIMELINE = """
            SELECT event_id, service_name, namespace, kind, occurred_at, summary, details::text AS details
              FROM read_model.service_timeline
             WHERE service_name = $1 AND ($2::text IS NULL OR namespace = $2)
             ORDER BY occurred_at DESC, event_id DESC
             LIMIT $3""";

    /** A service is known once it reported its health or has any timeline entry (e.g. only deployments). */
    private static final String KNOWN = """
            SELECT EXISTS (SELECT 1 FROM read_model.service_status
                            WHERE service_name = $1 AND ($2::text IS NULL OR namespace = $2))
                OR EXISTS (SELECT 1 FROM read_model.service_timeline
                            WHERE service_name = $1 AND ($2::text IS NULL OR namespace = $2)) AS known""";

    /** The application's JSON mapper (Quarkus' own, with the platform's customizations). */
    @Inject
    ObjectMapper json;

    @Inject
    Pool pool;

    public Uni<List<ServiceHealth>> latest(String status, String namespace) {
        return pool.preparedQuery(LATEST).execute(Tuple.of(status, namespace))
                .map(rows -> Rows.list(rows, ServiceHealthRepository::health));
    }

    public Uni<Boolean> known(String serviceName, String namespace) {
        return pool.preparedQuery(KNOWN).execute(Tuple.of(serviceName, namespace))
                .map(rows -> rows.iterator().next().getBoolean("known"));
    }

    /** The newest {@code limit} entries, newest first. */
    public Uni<List<TimelineEntry>> timeline(String serviceName, String namespace, int limit) {
        return pool.preparedQuery(TIMELINE).execute(Tuple.of(serviceName, namespace, limit))
                .map(this::entries);
    }

    private List<TimelineEntry> entries(RowSet<Row> rows) {
        return Rows.list(rows, row -> new TimelineEntry(row.getString("event_id"), row.getString("service_name"),
                row.getString("namespace"), row.getString("kind"), Rows.instant(row, "occurred_at"),
                row.getString("summary"), Rows.json(row, "details", json)));
    }

    private static ServiceHealth health(Row row) {
        return new ServiceHealth(row.getString("service_name"), row.getString("namespace"),
                row.getString("health_status"), Rows.instant(row, "status_since"), Rows.instant(row, "reported_at"),
                row.getLong("latency_ms"), row.getDouble("error_rate"), row.getString("message"));
    }
}
