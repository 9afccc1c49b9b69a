package com.carbon254.projector.servicehealth;

import static com.carbon254.projector.pipeline.SqlTime.instant;
import static com.carbon254.projector.pipeline.SqlTime.utc;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.carbon254.projector.pipeline.Generation;
import com.carbon254.projector.pipeline.SourcePosition;
import com.carbon254.readmodel.ReadModelSchema;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code read_model.service_status} and {@code read_model.service_timeline}, of one generation. */
@ApplicationScoped
public class ServiceHealthStore {

    /** The stored statuses of some services, row-locked for the rest of the transaction. */
    public Uni<Map<ServiceStatus.Key, ServiceStatus>> lockStatuses(SqlConnection tx, Generation generation,
            Collection<ServiceStatus.Key> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return tx.preparedQuery("SELECT s.* FROM " + generation.table(ReadModelSchema.SERVICE_STATUS) + " s "
                        + "JOIN unnest($1::text[], $2::text[]) AS k(ns, name) ON s.namespace = k.ns "
                        + "AND s.service_name = k.name FOR UPDATE OF s")
                .execute(Tuple.of(keys.stream().map(ServiceStatus.Key::namespace).toArray(String[]::new),
                        keys.stream().map(ServiceStatus.Key::serviceName).toArray(String[]::new)))
                .map(rows -> {
                    Map<ServiceStatus.Key, ServiceStatus> statuses = new HashMap<>();
                    rows.forEach(row -> {
                        ServiceStatus s = new ServiceStatus(row.getString("namespace"), row.getString("service_name"),
                                row.getString("health_status"), row.getLong("latency_ms"),
                                row.getDouble("error_rate"), row.getString("message"),
                                instant(row.getOffsetDateTime("reported_at")),
                                instant(row.getOffsetDateTime("status_since")), row.getString("last_event_id"),
                                source(row));
                        statuses.put(s.key(), s);
                    });
                    return statuses;
                });
    }

    private static SourcePosition source(Row row) {
        String topic = row.getString("kafka_topic");
        return topic == null ? null : new SourcePosition(topic, row.getInteger("kafka_partition"),
                row.getLong("kafka_offset"), null);
    }

    /** Writes the new latest statuses (insert or replace), with the event that set each as its provenance. */
    public Uni<Void> upsertStatuses(SqlConnection tx, Generation generation, Collection<ServiceStatus> statuses) {
        if (statuses.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = statuses.stream().map(s -> Tuple.from(Arrays.asList(s.namespace(), s.serviceName(),
                s.healthStatus(), s.latencyMs(), s.errorRate(), s.message(), utc(s.reportedAt()),
                utc(s.statusSince()), s.lastEventId(), s.source() == null ? null : s.source().topic(),
                s.source() == null ? null : s.source().partition(),
                s.source() == null ? null : s.source().offset()))).toList();
        return tx.preparedQuery("INSERT INTO " + generation.table(ReadModelSchema.SERVICE_STATUS) + " (namespace, "
                        + "service_name, health_status, latency_ms, error_rate, message, reported_at, status_since, "
                        + "last_event_id, kafka_topic, kafka_partition, kafka_offset) VALUES "
                        + "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (namespace, service_name) "
                        + "DO UPDATE SET health_status = EXCLUDED.health_status, latency_ms = EXCLUDED.latency_ms, "
                        + "error_rate = EXCLUDED.error_rate, message = EXCLUDED.message, "
                        + "reported_at = EXCLUDED.reported_at, status_since = EXCLUDED.status_since, "
                        + "last_event_id = EXCLUDED.last_event_id, kafka_topic = EXCLUDED.kafka_topic, "
                        + "kafka_partition = EXCLUDED.kafka_partition, kafka_offset = EXCLUDED.kafka_offset")
                .executeBatch(rows).replaceWithVoid();
    }

    /** Adds timeline entries; an entry whose event is already there is left as it is. */
    public Uni<Void> insertTimeline(SqlConnection tx, Generation generation, List<TimelineEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = entries.stream().map(e -> Tuple.from(Arrays.asList(e.eventId(), e.namespace(),
                e.serviceName(), e.kind(), utc(e.occurredAt()), e.summary(), e.details(), e.source().topic(),
                e.source().partition(), e.source().offset()))).toList();
        return tx.preparedQuery("INSERT INTO " + generation.table(ReadModelSchema.SERVICE_TIMELINE) + " (event_id, "
                        + "namespace, service_name, kind, occurred_at, summary, details, kafka_topic, kafka_partition, "
                        + "kafka_offset) VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9, $10) "
                        + "ON CONFLICT (event_id) DO NOTHING")
                .executeBatch(rows).replaceWithVoid();
    }

    /** Keeps the newest {@code maxEntries} timeline entries of each of these services. */
    public Uni<Void> trimTimeline(SqlConnection tx, Generation generation, Collection<ServiceStatus.Key> services,
            int maxEntries) {
        if (services.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String timeline = generation.table(ReadModelSchema.SERVICE_TIMELINE);
        return tx.preparedQuery("DELETE FROM " + timeline + " t USING (SELECT event_id, row_number() "
                        + "OVER (PARTITION BY namespace, service_name ORDER BY occurred_at DESC, event_id DESC) AS n "
                        + "FROM " + timeline + " s JOIN unnest($1::text[], $2::text[]) AS k(ns, name) "
                        + "ON s.namespace = k.ns AND s.service_name = k.name) old "
                        + "WHERE t.event_id = old.event_id AND old.n > $3")
                .execute(Tuple.of(services.stream().map(ServiceStatus.Key::namespace).toArray(String[]::new),
                        services.stream().map(ServiceStatus.Key::serviceName).toArray(String[]::new), maxEntries))
                .replaceWithVoid();
    }

    /**
     * Seeds the statuses a replay from a start position did not keep (a record from there on wrote them last) from
     * the newest health transition the kept timeline holds for the service: its status, and since when. The replayed
     * heartbeats then carry on from there, as the live projection did, instead of taking their first one for the
     * service's first report. A service whose kept timeline holds no transition (none before the start, or trimmed)
     * starts anew.
     */
    public Uni<Void> seedStatusesFromTimeline(SqlClient tx, Generation generation) {
        String status = generation.table(ReadModelSchema.SERVICE_STATUS);
        return tx.query("INSERT INTO " + status + " (namespace, service_name, health_status, latency_ms, error_rate, "
                        + "message, reported_at, status_since, last_event_id, kafka_topic, kafka_partition, "
                        + "kafka_offset) SELECT DISTINCT ON (t.namespace, t.service_name) t.namespace, t.service_name, "
                        + "t.details ->> 'healthStatus', (t.details ->> 'latencyMs')::bigint, "
                        + "(t.details ->> 'errorRate')::double precision, t.details ->> 'message', t.occurred_at, "
                        + "t.occurred_at, t.event_id, t.kafka_topic, t.kafka_partition, t.kafka_offset FROM "
                        + generation.table(ReadModelSchema.SERVICE_TIMELINE) + " t WHERE t.kind = '"
                        + TimelineEntry.HEALTH_TRANSITION + "' AND NOT EXISTS (SELECT 1 FROM " + status + " s WHERE "
                        + "s.namespace = t.namespace AND s.service_name = t.service_name) "
                        + "ORDER BY t.namespace, t.service_name, t.occurred_at DESC, t.event_id DESC")
                .execute().replaceWithVoid();
    }
}
