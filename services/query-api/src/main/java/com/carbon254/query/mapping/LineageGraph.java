package com.carbon254.query.mapping;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The part of the lineage graph reachable from a dataset in one direction within a depth: every dataset reached with
 * its shortest distance (the dataset itself at 0), and every live edge walked from a dataset closer than the depth
 * (so an edge that closes a cycle is listed, and the walk still ends).
 */
@Schema(name = "LineageGraph", description = "Datasets and edges reachable from a dataset within a depth")
public record LineageGraph(String datasetName,
        @Schema(enumeration = { "upstream", "downstream" }) String direction, int depth,
        List<Node> nodes, List<Edge> edges) {

    /** A dataset and its distance (edges walked) from the one asked about. */
    @Schema(name = "LineageNode")
    public record Node(String name, int distance) {
    }

    /**
     * Data flows from {@code source} to {@code target}, produced by a job or transformation: declared by a DataLineage
     * event, or observed in a transformation run (one edge per input of the run into its output).
     */
    @Schema(name = "LineageEdge")
    public record Edge(String source, String target,
            @Schema(description = "The job that created the edge; null when the event named none") String jobName,
            String transformation,
            @Schema(description = "Event time of the last change of this edge (for a run-derived edge: the end of "
                    + "the latest run that observed it)") Instant updatedAt,
            @Schema(enumeration = { "data-lineage", "data-transformation" }, description = "Where the edge comes "
                    + "from: declared by a DataLineage event, or observed in a transformation run (GET "
                    + "/transformations?job=…); the same job and datasets may have one edge of each")
            String origin,
            @Schema(description = "The run in which the edge was last observed; null if none was named")
            String runId) {
    }
}
