package com.carbon254.dataset.command.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.carbon254.dataset.command.domain.ColumnDefinition;
import com.carbon254.dataset.command.domain.DatasetStatus;

/** A dataset's current state on the command side. */
@Schema(name = "Dataset", description = "Current state of a dataset as the command side holds it. For queries "
        + "(lists, search, history) use the query API.")
public record DatasetView(
        @Schema(example = "3f0e8f8e-6a53-4f0e-9a53-1d2b7c9e4a10") UUID id,
        @Schema(description = "Current version; also the ETag.", example = "2") long version,
        @Schema(example = "sales.orders") String name,
        @Schema(example = "All customer orders, one row per order") String description,
        @Schema(example = "team-sales") String owner,
        @Schema(example = "iceberg") String format,
        @Schema(example = "s3://lake/sales/orders") String location,
        List<String> tags,
        List<ColumnDefinition> columns,
        DatasetStatus status,
        Instant createdAt,
        @Schema(example = "alice") String createdBy,
        Instant updatedAt,
        @Schema(example = "bob") String updatedBy) {
}
