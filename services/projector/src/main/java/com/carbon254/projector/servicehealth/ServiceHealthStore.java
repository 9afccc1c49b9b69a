package com.carbon254.projector.servicehealth;

import static com.carbon254.projector.pipeline.SqlTime.utc;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;


import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code read_model.service_status} and {@code read_model.service_timeline}. */
@ApplicationScoped
public class ServiceHealthStore {

    /** The stored statuses of some services, row-locked for the rest of the transaction. */
    public Uni<Map<ServiceStatus.Key, ServiceStatus>> lockStatuses(SqlConnection tx,
            Collection<ServiceStatus.Key> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return tx.preparedQuery("SELECT s.* FROM read_model.service_status s JOIN unnest($1::text[], $2::text[]) "
                        + "AS k(ns, name) ON s.namespace = k.ns AND s.service_name = k.name FOR UPDATE OF s")
                .execute(Tuple.of(keys.stream().map(ServiceStatus.Key::namespace).toArray(String[]::new),
                        keys.stream().map(ServiceStatus.Key::serviceName).toArray(String[]::new)))
                .map(rows -> {
                    Map<ServiceStatus.Key, ServiceStatus> statuses = new HashMap<>();
                    rows.forEach(row -> {
                        ServiceStatus s = new ServiceStatus(row.getString("namespace"), row.getString("service_name"),
                                row.getString("health_status"), row.getLong("latency_ms"),
                                row.getDouble("error_rate"), row.getString("message"),
                                instant(row.getOffsetDateTime("reported_at")),
                                instant(row.getOffsetDateTime("status_since")), row.getString("last_event_id"));
                        statuses.put(s.key(), s);
                    });
                    return statuses;
                });
    }

    /** Writes the new latest statuses (insert or replace). */
    public Uni<Void> upsertStatuses(SqlConnection tx, Collection<ServiceStatus> statuses) {
        if (statuses.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = statuses.stream().map(s -> Tuple.from(Arrays.asList(s.namespace(), s.serviceName(),
                s.healthStatus(), s.latencyMs(), s.errorRate(), s.message(), utc(s.reportedAt()),
                utc(s.statusSince()), s.lastEventId()))).toList();
        return tx.preparedQuery("INSERT INTO read_model.service_status (namespace, service_name, health_status, "
                        + "latency_ms, error_rate, message, reported_at, status_since, last_event_id) VALUES "
                        + "($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (namespace, service_name) DO UPDATE SET "
                        + "health_status = EXCLUDED.health_status, latency_ms = EXCLUDED.latency_ms, "
                        + "error_rate = EXCLUDED.error_rate, message = EXCLUDED.message, "
                        + "reported_at = EXCLUDED.reported_at, status_since = EXCLUDED.status_since, "
                        + "last_event_id = EXCLUDED.last_event_id")
                .executeBatch(rows).replaceWithVoid();
    }

    /** Adds timeline entries; an entry whose event is already there is left as it is. */
    public Uni<Void> insertTimeline(SqlConnection tx, List<TimelineEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = entries.stream().map(e -> Tuple.from(Arrays.asList(e.eventId(), e.namespace(),
                e.serviceName(), e.kind(), utc(e.occurredAt()), e.summary(), e.details(), e.source().topic(),
                e.source().partition(), e.source().offset()))).toList();
        return tx.preparedQuery("INSERT INTO read_model.service_timeline (event_id, namespace, service_name, kind, "
                        + "occurred_at, summary, details, kafka_topic, kafka_partition, kafka_offset) VALUES "
                        + "($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9, $10) ON CONFLICT (event_id) DO NOTHING")
                .executeBatch(rows).replaceWithVoid();
    }

    /** Keeps the newest {@code maxEntries} timeline entries of each of these services. */
    public Uni<Void> trimTimeline(SqlConnection tx, Collection<ServiceStatus.Key> services, int maxEntries) {
        if (services.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("DELETE FROM read_model.service_timeline t USING (SELECT event_id, row_number() "
                        + "OVER (PARTITION BY namespace, service_name ORDER BY occurred_at DESC, event_id DESC) AS n "
                        + "FROM read_model.service_timeline s JOIN unnest($1::text[], $2::text[]) AS k(ns, name) "
                        + "ON s.namespace = k.ns AND s.service_name = k.name) old "
                        + "WHERE t.event_id = old.event_id AND old.n > $3")
                .execute(Tuple.of(services.stream().map(ServiceStatus.Key::namespace).toArray(String[]::new),
                        services.stream().map(ServiceStatus.Key::serviceName).toArray(String[]::new), maxEntries))
                .replaceWithVoid();
    }

    private static java.time.Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
