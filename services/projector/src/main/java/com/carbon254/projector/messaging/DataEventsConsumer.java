package com.carbon254.projector.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.carbon254.projector.mapping.DatasetChanges;
import com.carbon254.projector.projection.BatchResult;
import com.carbon254.projector.projection.ProjectionRecord;
import com.carbon254.projector.projection.SourcePosition;
import com.carbon254.projector.service.LiveProjectionService;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * The messaging edge of the live projection: consumes {@code data-events} in poll batches (values read by the
 * event runtime's polyglot deserializer) and hands each batch to {@link LiveProjectionService}.
 *
 * <p>SmallRye commits no Kafka offsets ({@code enable.auto.commit=false}, {@code commit-strategy=ignore}): the
 * positions live in PostgreSQL with the read model, and {@link StoredPositionsRebalanceListener} seeks to them on
 * every assignment ({@link BatchCompletion} mirrors them to Kafka after each commit, for monitoring only). A record the projection cannot apply is nacked on its own, which the channel's
 * {@code dead-letter-queue} failure strategy turns into a record on {@code data-events.dlq} with the reason
 * ({@code dead-letter-reason} header); the rest of the batch goes on.
 */
@ApplicationScoped
public class DataEventsConsumer {

    /** The channel (and, by default, topic) name. */
    public static final String CHANNEL = "data-events";

    @Inject
    LiveProjectionService live;

    @Inject
    DeadLetterSink deadLetters;

    @Inject
    BatchCompletion completion;

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, SpecificRecord> batch) {
        long received = System.nanoTime();
        List<ProjectionRecord<KafkaRecord<String, SpecificRecord>>> records = new ArrayList<>(batch.getRecords().size());
        for (KafkaRecord<String, SpecificRecord> record : batch.getRecords()) {
            records.add(toProjectionRecord(record));
        }
        return live.project(records, this::deadLetter)
                .chain(() -> completion.complete(CHANNEL, batch, received));
    }

    private static ProjectionRecord<KafkaRecord<String, SpecificRecord>> toProjectionRecord(
            KafkaRecord<String, SpecificRecord> record) {
        IncomingKafkaRecordMetadata<?, ?> kafka = record.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
        SourcePosition source = new SourcePosition(kafka.getTopic(), kafka.getPartition(), kafka.getOffset(),
                kafka.getTimestamp());
        SpecificRecord value = record.getPayload();
        if (value == null) {
            return ProjectionRecord.poison(source, ConsumedBatches.poisonReason(record), record);
        }
        try {
            return ProjectionRecord.change(DatasetChanges.of(value, source), record);
        } catch (RuntimeException e) {
            return ProjectionRecord.poison(source, e.getMessage(), record);
        }
    }

    /** Nacks each rejected record with its reason; completes when every one is on the dead-letter topic. */
    private Uni<Void> deadLetter(List<BatchResult.Rejection<KafkaRecord<String, SpecificRecord>>> rejected) {
        return Multi.createFrom().iterable(rejected)
                .onItem().transformToUniAndConcatenate(rejection -> deadLetters.send(rejection.record().handle(),
                        rejection.record().source().topic(), rejection.reason()))
                .collect().last()
                .replaceWithVoid();
    }
}
