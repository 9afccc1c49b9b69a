package com.carbon254.projector.datasets;

import java.time.Instant;

/**
 * The current state of one dataset in the read model (a row of {@code read_model.dataset}).
 *
 * @param version datasetVersion of the last applied event
 */
public record DatasetState(String id, long version, DatasetAttributes attributes, Instant createdAt,
        String createdBy, Instant updatedAt, String updatedBy, boolean deleted, Instant deletedAt,
        String deletedBy, String deleteReason, String lastEventId) {
}
