package com.carbon254.query.repository;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.query.mapping.LineageGraph;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Walks {@code read_model.lineage_edge} with recursive CTEs. Each walked path carries the datasets it visited and never
 * enters one twice, so a cycle ends the path (besides the depth bound); removed edges (tombstones) are never walked.
 *
 * <p>The table holds both kinds of edge, told apart by {@code origin}: those declared by DataLineage events
 * ({@code data-lineage}, the lineage projection) and those observed in transformation runs, each input → the output
 * ({@code data-transformation}, the transformations projection). The projector writes the run-derived edges here
 * rather than this query unioning {@code transformation_run}: the walk stays one recursive join over one table with
 * its partial indexes on source and target, instead of unnesting every run's inputs (and de-duplicating repeated runs
 * of a job) at each step of the recursion.
 */
@ApplicationScoped
public class LineageRepository {

    /** Which way the walk follows the edges. */
    public enum Direction {
        /** From a dataset to those it was derived from (target → source). */
        UPSTREAM("target_dataset", "source_dataset"),
        /** From a dataset to those derived from it (source → target). */
        DOWNSTREAM("source_dataset", "target_dataset");

        final String from;
        final String to;

        Direction(String from, String to) {
            this.from = from;
            this.to = to;
        }
    }

    /**
     * The datasets reached within {@code $2} edges with their shortest distance ({@code $1} itself at 0), and the live
     * edges leaving (in the walk's direction) a dataset reached closer than {@code $2}: all edges between reached
     * datasets the walk could follow, including one that closes a cycle. The walk is a UNION, not UNION ALL: parallel
     * edges (several jobs, or a declared and a run-derived edge, between the same datasets) lead to the same path,
     * which is kept once instead of multiplying at every further step.
     */
    private static final String WALK = """
            WITH RECURSIVE walk(dataset, distance, path) AS (
                SELECT $1::text, 0, ARRAY[$1::text]
                UNION
                SELECT e.%2$s, w.distance + 1, w.path || e.%2$s
                  FROM walk w
                  JOIN read_model.lineage_edge e ON e.%1$s = w.dataset AND NOT e.removed
                 WHERE w.distance < $2 AND e.%2$s <> ALL (w.path)
            ),
            reached AS (SELECT dataset, min(distance) AS distance FROM walk GROUP BY dataset)
            SELECT 'node' AS kind, dataset AS source, NULL::text AS target, NULL::text AS job_name,
                   NULL::text AS transformation, NULL::timestamptz AS updated_at, NULL::text AS origin,
                   NULL::text AS run_id, distance
              FROM reached
            UNION ALL
            SELECT 'edge', e.source_dataset, e.target_dataset, e.job_name, e.transformation, e.updated_at, e.origin,
                   e.run_id, NULL
              FROM read_model.lineage_edge e
              JOIN reached r ON e.%1$s = r.dataset AND r.distance < $2
             WHERE NOT e.removed
            ORDER BY kind DESC, distance, source, target, job_name, origin""";

    private static final String IN_GRAPH = """
            SELECT EXISTS (SELECT 1 FROM read_model.lineage_edge
                            WHERE (source_dataset = $1 OR target_dataset = $1) AND NOT removed) AS present""";

    @Inject
    Pool pool;

    /** Whether the dataset has any live edge (in either direction). */
    public Uni<Boolean> inGraph(String datasetName) {
        return pool.preparedQuery(IN_GRAPH).execute(Tuple.of(datasetName))
                .map(rows -> rows.iterator().next().getBoolean("present"));
    }

    /** The nodes (by distance, then name) and edges (by source, target, job, origin) reachable within {@code depth}. */
    public Uni<Walked> walk(String datasetName, Direction direction, int depth) {
        String sql = WALK.formatted(direction.from, direction.to);
        return pool.preparedQuery(sql).execute(Tuple.of(datasetName, depth)).map(rows -> {
            List<LineageGraph.Node> nodes = new ArrayList<>();
            List<LineageGraph.Edge> edges = new ArrayList<>();
            rows.forEach(row -> {
                if (row.getString("kind").equals("node")) {
                    nodes.add(new LineageGraph.Node(row.getString("source"), row.getInteger("distance")));
                } else {
                    String job = row.getString("job_name");
                    edges.add(new LineageGraph.Edge(row.getString("source"), row.getString("target"),
                            job == null || job.isEmpty() ? null : job, row.getString("transformation"),
                            Rows.instant(row, "updated_at"), row.getString("origin"), row.getString("run_id")));
                }
            });
            return new Walked(nodes, edges);
        });
    }

    /** What a walk reached. */
    public record Walked(List<LineageGraph.Node> nodes, List<LineageGraph.Edge> edges) {
    }
}
