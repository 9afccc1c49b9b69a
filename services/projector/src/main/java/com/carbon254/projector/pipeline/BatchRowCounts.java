package com.carbon254.projector.pipeline;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/** The rows the statements of an {@code executeBatch} touched (0 for one: a conditional upsert did not apply). */
public final class BatchRowCounts {

    private BatchRowCounts() {
    }

    /** How many statements of the batch touched a row. */
    public static int applied(RowSet<Row> result) {
        int applied = 0;
        for (RowSet<Row> rows = result; rows != null; rows = rows.next()) {
            if (rows.rowCount() > 0) {
                applied++;
            }
        }
        return applied;
    }
}
