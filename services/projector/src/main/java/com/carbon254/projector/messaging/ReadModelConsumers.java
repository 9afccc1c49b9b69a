package com.carbon254.projector.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.carbon254.projector.projection.AuditTrailProjection;
import com.carbon254.projector.projection.ConsumedRecord;
import com.carbon254.projector.projection.DeadLetterProjection;
import com.carbon254.projector.projection.DeadLetterValue;
import com.carbon254.projector.projection.IngestionStatsProjection;
import com.carbon254.projector.projection.LineageProjection;
import com.carbon254.projector.projection.ProjectedBatch;
import com.carbon254.projector.projection.ServiceHealthProjection;
import com.carbon254.projector.projection.TableProjection;
import com.carbon254.projector.service.TableProjectionService;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * The messaging edge of the table projections: one batch channel per projection (see {@link ProjectionChannel} and
 * application.properties), each handing its poll batches to {@link TableProjectionService} and acknowledging them
 * once committed. SmallRye commits no offsets ({@code commit-strategy=ignore}): positions live with the rows, and
 * {@link StoredPositionsRebalanceListener} seeks to them on every assignment ({@link BatchCompletion} mirrors them to
 * Kafka after each commit, for monitoring only).
 */
@ApplicationScoped
public class ReadModelConsumers {

    @Inject
    TableProjectionService projections;

    @Inject
    DeadLetterSink deadLetterSink;

    @Inject
    DeadLetterPreviews previews;

    @Inject
    BatchCompletion completion;

    @Inject
    IngestionStatsProjection ingestionStats;

    @Inject
    ServiceHealthProjection serviceHealth;

    @Inject
    LineageProjection lineage;

    @Inject
    AuditTrailProjection auditTrail;

    @Inject
    DeadLetterProjection deadLetters;

    @Incoming("ingestion-stats")
    public Uni<Void> ingestionStats(KafkaRecordBatch<String, SpecificRecord> batch) {
        return project("ingestion-stats", ingestionStats, batch);
    }

    @Incoming("service-health")
    public Uni<Void> serviceHealth(KafkaRecordBatch<String, SpecificRecord> batch) {
        return project("service-health", serviceHealth, batch);
    }

    @Incoming("lineage")
    public Uni<Void> lineage(KafkaRecordBatch<String, SpecificRecord> batch) {
        return project("lineage", lineage, batch);
    }

    @Incoming("audit-trail")
    public Uni<Void> auditTrail(KafkaRecordBatch<String, SpecificRecord> batch) {
        return project("audit-trail", auditTrail, batch);
    }

    /**
     * Dead letters are read as raw bytes (kept exactly); their previews are decoded on a worker thread before the
     * transaction, since decoding may ask the registry.
     */
    @Incoming("dead-letters")
    public Uni<Void> deadLetters(KafkaRecordBatch<String, byte[]> batch) {
        long received = System.nanoTime();
        return Uni.createFrom().item(() -> ConsumedBatches.of(batch).stream()
                        .map(r -> new ConsumedRecord<>(r.source(), r.key(), new DeadLetterValue(r.value(),
                                previews.preview(r.source().topic(), r.headers(), r.value())), r.headers(), null,
                                r.handle()))
                        .toList())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(records -> projections.project(deadLetters, records, ReadModelConsumers::neverDeadLettered))
                .chain(() -> completion.complete("dead-letters", batch, received));
    }

    private <V> Uni<Void> project(String channel, TableProjection<V> projection, KafkaRecordBatch<String, V> batch) {
        long received = System.nanoTime();
        List<ConsumedRecord<V>> records = ConsumedBatches.of(batch);
        return projections.project(projection, records, deadLetterSink::send)
                .chain(() -> completion.complete(channel, batch, received));
    }

    private static Uni<Void> neverDeadLettered(List<? extends ProjectedBatch.Rejected<?>> rejected) {
        return Uni.createFrom().failure(new IllegalStateException(
                "a dead letter cannot be dead-lettered again: " + rejected.size() + " records rejected"));
    }
}
