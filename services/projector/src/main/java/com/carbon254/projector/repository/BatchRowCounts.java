package com.carbon254.projector.repository;

import java.util.ArrayList;
import java.util.List;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/** The rows each statement of an {@code executeBatch} touched, in order (0: a conditional upsert did not apply). */
final class BatchRowCounts {

    private BatchRowCounts() {
    }

    static List<Integer> of(RowSet<Row> result) {
        List<Integer> counts = new ArrayList<>();
        for (RowSet<Row> rows = result; rows != null; rows = rows.next()) {
            counts.add(rows.rowCount());
        }
        return counts;
    }

    /** How many statements of the batch touched a row. */
    static int applied(RowSet<Row> result) {
        return (int) of(result).stream().filter(n -> n > 0).count();
    }
}
