package com.carbon254.projector.projection;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.projector.mapping.DeadLetters;
import com.carbon254.projector.messaging.ProjectionChannel;
import com.carbon254.projector.repository.DeadLetterStore;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Every {@code <topic>.dlq} of the catalog → {@code dead_letter}, each record kept exactly (key, value bytes,
 * headers) so that it can be browsed and re-driven. This projection rejects nothing: a dead letter must never be
 * dead-lettered again (that would loop), so a record that cannot be stored fails its batch, which is retried until
 * it commits while the projection reports itself stuck (readiness DOWN).
 */
@ApplicationScoped
public class DeadLetterProjection implements TableProjection<DeadLetterValue> {

    @Inject
    DeadLetterStore store;

    @Override
    public String name() {
        return ProjectionChannel.DEAD_LETTERS.projection();
    }

    @Override
    public Uni<ProjectedBatch<DeadLetterValue>> apply(SqlConnection tx, List<ConsumedRecord<DeadLetterValue>> records) {
        List<DeadLetter> letters = records.stream().map(DeadLetters::of).toList();
        return store.insert(tx, letters).map(stored -> new ProjectedBatch<DeadLetterValue>()
                .count(DatasetFold.Outcome.APPLIED, stored)
                .count(DatasetFold.Outcome.DUPLICATE, letters.size() - stored));
    }
}
