package com.carbon254.query.repository;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Queries over the dataset event history. Callers open the (read-only) session. */
@ApplicationScoped
public class DatasetEventViewRepository implements PanacheRepositoryBase<DatasetEventView, String> {

    /** Every event of a dataset, in version order. */
    public Uni<List<DatasetEventView>> history(String datasetId) {
        return list("datasetId = ?1 order by datasetVersion", datasetId);
    }

    /** The events of a dataset that had occurred at {@code asOf}, in version order. */
    public Uni<List<DatasetEventView>> historyUntil(String datasetId, OffsetDateTime asOf) {
        return list("datasetId = ?1 and occurredAt <= ?2 order by datasetVersion", datasetId, asOf);
    }
}
