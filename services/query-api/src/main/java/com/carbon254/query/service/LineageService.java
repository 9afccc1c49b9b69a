package com.carbon254.query.service;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.query.mapping.LineageGraph;
import com.carbon254.query.repository.LineageRepository;
import com.carbon254.query.repository.LineageRepository.Direction;

import io.smallrye.mutiny.Uni;

/** Upstream and downstream of a dataset in the lineage graph, to a depth. */
@ApplicationScoped
public class LineageService {

    @Inject
    LineageRepository lineage;

    /** The graph reachable within {@code depth}; 404 when the dataset has no live edge at all. */
    public Uni<LineageGraph> walk(String datasetName, Direction direction, int depth) {
        return lineage.inGraph(datasetName).chain(present -> {
            if (!present) {
                throw QueryProblems.NOT_IN_LINEAGE.exception(
                        "dataset " + datasetName + " has no lineage edge");
            }
            return lineage.walk(datasetName, direction, depth);
        }).map(walked -> new LineageGraph(datasetName, direction.name().toLowerCase(Locale.ROOT), depth,
                walked.nodes(), walked.edges()));
    }
}
