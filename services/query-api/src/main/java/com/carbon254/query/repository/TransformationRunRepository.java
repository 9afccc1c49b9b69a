package com.carbon254.query.repository;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.query.mapping.TransformationRun;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads {@code read_model.transformation_run} (written by the projector's transformations projection). A null filter
 * means "any".
 */
@ApplicationScoped
public class TransformationRunRepository {

    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
    };

    /** A dataset matches the runs that wrote it and those that read it (indexed: output btree, inputs GIN). */
    private static final String LIST = """
            SELECT job_name, run_id, output_dataset, input_datasets, engine, status, records_in, records_out,
                   duration_ms, error_message, metadata::text AS metadata, finished_at
              FROM read_model.transformation_run
             WHERE ($1::text IS NULL OR output_dataset = $1 OR input_datasets @> ARRAY[$1::text])
               AND ($2::text IS NULL OR job_name = $2)
             ORDER BY finished_at DESC, job_name, run_id
             LIMIT $3""";

    /** The application's JSON mapper (Quarkus' own, with the platform's customizations). */
    @Inject
    ObjectMapper json;

    @Inject
    Pool pool;

    /** The newest runs of {@code job} that wrote or read {@code dataset}, at most {@code limit}. */
    public Uni<List<TransformationRun>> newest(String dataset, String job, int limit) {
        return pool.preparedQuery(LIST).execute(Tuple.of(dataset, job, limit))
                .map(rows -> Rows.list(rows, this::run));
    }

    private TransformationRun run(Row row) {
        return new TransformationRun(row.getString("job_name"), row.getString("run_id"),
                row.getString("output_dataset"), Arrays.asList(row.getArrayOfStrings("input_datasets")),
                row.getString("engine"), row.getString("status"), row.getLong("records_in"),
                row.getLong("records_out"), row.getLong("duration_ms"), row.getString("error_message"),
                metadata(row.getString("metadata")), Rows.instant(row, "finished_at"));
    }

    private Map<String, String> metadata(String text) {
        try {
            return json.readValue(text, METADATA);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON in column metadata", e);
        }
    }
}
