package com.carbon254.dataset.command.rest;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.carbon254.dataset.command.service.CommandResult;

/** What an accepted command returns. */
@Schema(name = "CommandAccepted", description = "The dataset a command changed, its version afterwards and the id of "
        + "the event that records the change (published to data-events shortly after).")
public record CommandResponse(
        @Schema(description = "Dataset id.", example = "3f0e8f8e-6a53-4f0e-9a53-1d2b7c9e4a10") UUID id,
        @Schema(description = "Dataset version after the command (for a deletion: the version of the deletion "
                + "event). Send it back in If-Match to change the dataset again.", example = "1") long version,
        @Schema(description = "eventId of the DatasetCreated/Updated/Deleted event on data-events.",
                example = "9b2f3a51-0c1e-4d6f-8b7a-2e5c4d3b2a19") UUID eventId) {

    public static CommandResponse of(CommandResult result) {
        return new CommandResponse(result.datasetId(), result.version(), result.eventId());
    }
}
