package com.carbon254.query.mapping;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The result of walking the audit hash chain.
 *
 * @param firstInvalidSeq the first seq where the chain does not hold: a tampered entry, an entry whose link to its
 *                        predecessor is broken, or the seq that is missing; null when valid
 */
@Schema(name = "AuditVerification", description = "Result of verifying the audit hash chain")
public record AuditVerification(boolean valid,
        @Schema(description = "Entries read and checked") long entriesChecked,
        @Schema(description = "Seq of the first entry checked") Long firstSeq,
        @Schema(description = "Seq of the last entry checked") Long lastSeq,
        @Schema(description = "First seq where the chain does not hold; null when valid") Long firstInvalidSeq,
        @Schema(description = "What does not hold there; null when valid",
                example = "entry 42 was altered: its stored hash differs from the hash of its contents") String problem) {
}
