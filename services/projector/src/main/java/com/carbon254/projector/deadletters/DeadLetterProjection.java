package com.carbon254.projector.deadletters;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.projector.pipeline.BatchPipeline;
import com.carbon254.projector.pipeline.ConsumedBatches;
import com.carbon254.projector.pipeline.ConsumedRecord;
import com.carbon254.projector.pipeline.Outcome;
import com.carbon254.projector.pipeline.ProjectedBatch;
import com.carbon254.projector.pipeline.Projection;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Every {@code <topic>.dlq} of the catalog → {@code dead_letter}, each record kept exactly (key, value bytes,
 * headers) so that it can be browsed and re-driven. A dead letter is never dead-lettered again (that would loop):
 * when the database refuses one as it came (a NUL character in its key or a header, which PostgreSQL text cannot
 * hold), the pipeline narrows the batch down to it and {@link #storeRejected} keeps it altered instead
 * ({@link DeadLetters#quarantined}: NUL characters replaced, the refusal in its reason), so that it still shows and
 * the rest of the batch commits.
 */
@ApplicationScoped
public class DeadLetterProjection implements Projection<DeadLetterValue> {

    /** The projection's name and channel. */
    public static final String NAME = "dead-letters";

    @Inject
    DeadLetterStore store;

    @Inject
    DeadLetterPreviews previews;

    @Inject
    BatchPipeline pipeline;

    /**
     * Dead letters are read as raw bytes (kept exactly); their previews are decoded on a worker thread before the
     * transaction, since decoding may ask the registry.
     */
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return Uni.createFrom().item(() -> ConsumedBatches.of(batch).stream()
                        .map(r -> new ConsumedRecord<>(r.source(), r.key(), new DeadLetterValue(r.value(),
                                previews.preview(r.source().topic(), r.headers(), r.value())), r.headers(), null,
                                r.handle()))
                        .toList())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(records -> pipeline.consume(this, batch, records));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<ProjectedBatch<DeadLetterValue>> write(SqlConnection tx, List<ConsumedRecord<DeadLetterValue>> records) {
        List<DeadLetter> letters = records.stream().map(DeadLetters::of).toList();
        return store.insert(tx, letters).map(stored -> new ProjectedBatch<DeadLetterValue>()
                .count(Outcome.APPLIED, stored)
                .count(Outcome.DUPLICATE, letters.size() - stored));
    }

    @Override
    public Uni<Void> storeRejected(SqlConnection tx, List<ProjectedBatch.Rejected<DeadLetterValue>> rejected) {
        return store.insert(tx, rejected.stream().map(r -> DeadLetters.quarantined(r.record(), r.reason())).toList())
                .replaceWithVoid();
    }

    /** A dead letter is never dead-lettered again: a refused one is kept by {@link #storeRejected}. */
    @Override
    public boolean deadLetters() {
        return false;
    }
}
