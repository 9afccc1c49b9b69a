package com.carbon254.query.mapping;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The result of walking the audit hash chain.
 *
 * @param firstInvalidSeq the first seq where the chain does not hold: a tampered entry, an entry whose link to its
 *                        predecessor is broken, or the seq that is missing; null when valid
 * @param retentionCut    the retention cut the verified range starts after (its oldest entry links to the cut's
 *                        anchor), null when it starts at the genesis or in the middle of the trail
 */
@Schema(name = "AuditVerification", description = "Result of verifying the audit hash chain")
public record AuditVerification(boolean valid,
        @Schema(description = "Entries read and checked") long entriesChecked,
        @Schema(description = "Seq of the first entry checked") Long firstSeq,
        @Schema(description = "Seq of the last entry checked") Long lastSeq,
        @Schema(description = "First seq where the chain does not hold; null when valid") Long firstInvalidSeq,
        @Schema(description = "What does not hold there; null when valid",
                example = "entry 42 was altered: its stored hash differs from the hash of its contents") String problem,
        @Schema(description = "The retention cut the chain starts after; null if none") RetentionCut retentionCut) {

    /** A retention cut of the trail: entries 1 to {@code lastRemovedSeq} were removed by it, on purpose. */
    @Schema(name = "RetentionCut", description = "A retention cut: the start of the chain removed by an audited "
            + "operation (POST /admin/audit/retention-cut on the projector), anchored by the last removed entry's hash")
    public record RetentionCut(long lastRemovedSeq, long removedEntries,
            @Schema(description = "Monthly partitions ending by this instant were removed") Instant cutBefore,
            Instant cutAt, @Schema(description = "Who asked for the cut") String cutBy) {
    }
}
