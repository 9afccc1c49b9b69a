package com.carbon254.dataset.command.rest;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.carbon254.dataset.command.domain.DatasetStatus;

/**
 * The full client-controlled state of a dataset: the body of a create (POST) and of a replace (PUT). A PUT replaces
 * every field: an omitted optional field takes its default, it does not keep its previous value.
 */
@Schema(name = "DatasetCommand", description = "Full state of a dataset. PUT replaces every field: omitted optional "
        + "fields take their default (description null, tags and columns empty, status ACTIVE).")
public record DatasetRequest(
        @Schema(description = "Unique dataset name: lower-case segments of letters, digits, '_' or '-', separated by dots.",
                example = "sales.orders", pattern = DatasetRequest.NAME_PATTERN, maxLength = 255, required = true)
        @NotBlank @Size(max = 255)
        @Pattern(regexp = DatasetRequest.NAME_PATTERN,
                message = "must be lower-case segments of letters, digits, '_' or '-' separated by dots, e.g. sales.orders")
        String name,

        @Schema(description = "Human description of the dataset.", example = "All customer orders, one row per order",
                maxLength = 4000)
        @Size(max = 4000)
        String description,

        @Schema(description = "Owning user or team.", example = "team-sales", maxLength = 255, required = true)
        @NotBlank @Size(max = 255)
        String owner,

        @Schema(description = "Storage format.", example = "iceberg", maxLength = 64, required = true)
        @NotBlank @Size(max = 64)
        String format,

        @Schema(description = "Where the data lives: a URI or a table identifier.", example = "s3://lake/sales/orders",
                maxLength = 2048, required = true)
        @NotBlank @Size(max = 2048)
        String location,

        @Schema(description = "Free-form tags for search and grouping.", example = "[\"sales\", \"pii\"]", maxItems = 100)
        @Size(max = 100)
        List<@NotBlank @Size(max = 100) String> tags,

        @Schema(description = "Columns in table order; names must be unique.", maxItems = 1000)
        @Size(max = 1000)
        List<@NotNull @Valid ColumnRequest> columns,

        @Schema(description = "Lifecycle status; ACTIVE when omitted.", example = "ACTIVE", defaultValue = "ACTIVE")
        DatasetStatus status,

        @Schema(description = "PUT only, instead of an If-Match header: the version the change is based on. "
                + "Ignored by POST.", example = "1", minimum = "1")
        @Min(1)
        Long expectedVersion) {

    /** Dataset names: dot-separated lower-case segments, e.g. {@code sales.orders} or {@code raw.web-clicks_v2}. */
    public static final String NAME_PATTERN = "^[a-z0-9][a-z0-9_-]*(\\.[a-z0-9][a-z0-9_-]*)*$";
}
