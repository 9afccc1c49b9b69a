package com.carbon254.query.mapping;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of dead letters, newest first. */
@Schema(name = "DeadLetterPage", description = "Dead letters, newest first, and the cursor of the next page")
public record DeadLetterPage(List<DeadLetter> items,
        @Schema(description = "Opaque cursor: pass as 'after' for the next (older) page; null on the last page")
        String next) {
}
