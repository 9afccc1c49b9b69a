package com.carbon254.query.mapping;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A dataset as the query API returns it.
 *
 * @param version datasetVersion of the state shown (the read model's, or the last event folded for as-of reads)
 */
@Schema(name = "Dataset", description = "Current (or as-of) state of a dataset in the catalog")
public record Dataset(String id, long version, String name, String description, String owner, String format,
        String location, List<String> tags, List<DatasetColumn> columns, String status, Instant createdAt,
        String createdBy, Instant updatedAt, String updatedBy) {

    /** One column of a dataset's schema. */
    @Schema(name = "DatasetColumn")
    public record DatasetColumn(String name, String type, Boolean nullable, String description) {
    }
}
