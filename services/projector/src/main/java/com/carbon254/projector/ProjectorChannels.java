package com.carbon254.projector;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.carbon254.projector.audit.AuditTrailProjection;
import com.carbon254.projector.datasets.DatasetProjection;
import com.carbon254.projector.deadletters.DeadLetterProjection;
import com.carbon254.projector.ingestionstats.IngestionStatsProjection;
import com.carbon254.projector.lineage.LineageProjection;
import com.carbon254.projector.quality.QualityProjection;
import com.carbon254.projector.servicehealth.ServiceHealthProjection;
import com.carbon254.projector.transformations.TransformationsProjection;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Every Kafka channel of the projector (configured in {@code application.properties}) and the projection each one
 * feeds: a SmallRye channel is bound by a constant in an annotation, so the bindings are listed here, once, and the
 * projections only turn records into rows. Each method hands a poll batch to its projection, which runs it through the
 * batch pipeline and acknowledges it.
 */
@ApplicationScoped
public class ProjectorChannels {

    @Inject
    DatasetProjection datasets;

    @Inject
    DeadLetterProjection deadLetters;

    @Inject
    AuditTrailProjection auditTrail;

    @Inject
    IngestionStatsProjection ingestionStats;

    @Inject
    QualityProjection quality;

    @Inject
    TransformationsProjection transformations;

    @Inject
    ServiceHealthProjection serviceHealth;

    @Inject
    LineageProjection lineage;

    @Incoming(DatasetProjection.CHANNEL)
    public Uni<Void> datasets(KafkaRecordBatch<String, SpecificRecord> batch) {
        return datasets.consume(batch);
    }

    @Incoming(DeadLetterProjection.NAME)
    public Uni<Void> deadLetters(KafkaRecordBatch<String, byte[]> batch) {
        return deadLetters.consume(batch);
    }

    @Incoming(AuditTrailProjection.NAME)
    public Uni<Void> auditTrail(KafkaRecordBatch<String, SpecificRecord> batch) {
        return auditTrail.consume(batch);
    }

    @Incoming(IngestionStatsProjection.NAME)
    public Uni<Void> ingestionStats(KafkaRecordBatch<String, SpecificRecord> batch) {
        return ingestionStats.consume(batch);
    }

    @Incoming(QualityProjection.NAME)
    public Uni<Void> quality(KafkaRecordBatch<String, SpecificRecord> batch) {
        return quality.consume(batch);
    }

    @Incoming(TransformationsProjection.NAME)
    public Uni<Void> transformations(KafkaRecordBatch<String, SpecificRecord> batch) {
        return transformations.consume(batch);
    }

    @Incoming(ServiceHealthProjection.NAME)
    public Uni<Void> serviceHealth(KafkaRecordBatch<String, SpecificRecord> batch) {
        return serviceHealth.consume(batch);
    }

    @Incoming(LineageProjection.NAME)
    public Uni<Void> lineage(KafkaRecordBatch<String, SpecificRecord> batch) {
        return lineage.consume(batch);
    }
}
