package com.carbon254.query.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.query.mapping.IngestionWindow;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads {@code read_model.ingestion_window} (written by the projector's ingestion-stats projection). */
@ApplicationScoped
public class IngestionWindowRepository {

    /** Windows overlapping [from, to): they start before {@code to} and end after {@code from}. */
    private static final String OVERLAPPING = """
            SELECT window_start, window_end, event_count, total_record_count, total_size_bytes, success_count,
                   failure_count, partial_count, first_event_time, last_event_time, distinct_sources, late,
                   update_sequence
              FROM read_model.ingestion_window
             WHERE dataset_name = $1 AND window_start < $3 AND window_end > $2
             ORDER BY window_start""";

    @Inject
    Pool pool;

    public Uni<List<IngestionWindow>> overlapping(String datasetName, Instant from, Instant to) {
        return pool.preparedQuery(OVERLAPPING).execute(Tuple.of(datasetName, Rows.utc(from), Rows.utc(to)))
                .map(rows -> Rows.list(rows, IngestionWindowRepository::window));
    }

    private static IngestionWindow window(Row row) {
        return new IngestionWindow(Rows.instant(row, "window_start"), Rows.instant(row, "window_end"),
                row.getLong("event_count"), row.getLong("total_record_count"), row.getLong("total_size_bytes"),
                row.getLong("success_count"), row.getLong("failure_count"), row.getLong("partial_count"),
                Rows.instant(row, "first_event_time"), Rows.instant(row, "last_event_time"),
                row.getInteger("distinct_sources"), row.getBoolean("late"), row.getInteger("update_sequence"));
    }
}
