package com.carbon254.query.repository;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.query.mapping.QualityBelow.DatasetQuality;
import com.carbon254.query.mapping.QualityWindow;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads {@code read_model.quality_window} (written by the projector's quality projection). */
@ApplicationScoped
public class QualityWindowRepository {

    private static final String COLUMNS = """
            window_start, window_end, checks, passed, failed, pass_rate, critical_failures, failed_checks,
            first_event_time, last_event_time, late, update_sequence""";

    /** Windows overlapping [from, to): they start before {@code to} and end after {@code from}. */
    private static final String OVERLAPPING = "SELECT " + COLUMNS + """
              FROM read_model.quality_window
             WHERE dataset_name = $1 AND window_start < $3 AND window_end > $2
             ORDER BY window_start""";

    /** The latest window of each dataset, where its pass rate is below $1; lowest first. */
    private static final String LATEST_BELOW = "SELECT dataset_name, " + COLUMNS + """
              FROM (SELECT DISTINCT ON (dataset_name) *
                      FROM read_model.quality_window
                     ORDER BY dataset_name, window_start DESC) latest
             WHERE pass_rate < $1
             ORDER BY pass_rate, dataset_name
             LIMIT $2""";

    @Inject
    Pool pool;

    public Uni<List<QualityWindow>> overlapping(String datasetName, Instant from, Instant to) {
        return pool.preparedQuery(OVERLAPPING).execute(Tuple.of(datasetName, Rows.utc(from), Rows.utc(to)))
                .map(rows -> Rows.list(rows, QualityWindowRepository::window));
    }

    public Uni<List<DatasetQuality>> latestBelow(double passRate, int limit) {
        return pool.preparedQuery(LATEST_BELOW).execute(Tuple.of(passRate, limit))
                .map(rows -> Rows.list(rows, row -> new DatasetQuality(row.getString("dataset_name"), window(row))));
    }

    private static QualityWindow window(Row row) {
        return new QualityWindow(Rows.instant(row, "window_start"), Rows.instant(row, "window_end"),
                row.getLong("checks"), row.getLong("passed"), row.getLong("failed"), row.getDouble("pass_rate"),
                row.getLong("critical_failures"), Arrays.asList(row.getArrayOfStrings("failed_checks")),
                Rows.instant(row, "first_event_time"), Rows.instant(row, "last_event_time"), row.getBoolean("late"),
                row.getInteger("update_sequence"));
    }
}
