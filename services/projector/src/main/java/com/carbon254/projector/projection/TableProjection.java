package com.carbon254.projector.projection;

import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * A projection of one or more topics into PostgreSQL tables, run by
 * {@link com.carbon254.projector.service.TableProjectionService}: the service owns the transaction, the stored
 * positions (records below them are redeliveries and never reach {@link #apply}), retries, metrics and dead letters;
 * the projection only turns fresh records into rows.
 *
 * @param <V> value type of the consumed records
 */
public interface TableProjection<V> {

    /** The projection name: positions are stored and metrics tagged under it. */
    String name();

    /**
     * Writes the rows of a batch's fresh records (in consumption order, offset order per partition) in the given
     * transaction. Must be idempotent per event: a producer may publish the same event twice (same eventId), and a
     * batch whose transaction failed is applied again.
     * Rejections are returned, not thrown: a throw fails and retries the whole batch.
     */
    Uni<ProjectedBatch<V>> apply(SqlConnection tx, List<ConsumedRecord<V>> records);
}
