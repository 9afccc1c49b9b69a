package com.carbon254.dataset.command.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One column of a dataset, as a client sends it. */
@Schema(name = "DatasetColumn", description = "One column of the dataset's schema, in table order.")
public record ColumnRequest(
        @Schema(description = "Column name, unique within the dataset.", example = "order_id", maxLength = 255)
        @NotBlank @Size(max = 255) String name,

        @Schema(description = "Data type as the storage engine names it.", example = "bigint", maxLength = 255)
        @NotBlank @Size(max = 255) String type,

        @Schema(description = "Whether the column may hold nulls; true when omitted.", example = "false",
                defaultValue = "true")
        Boolean nullable,

        @Schema(description = "Human description of the column.", example = "Order identifier", maxLength = 4000)
        @Size(max = 4000) String description) {
}
