package com.carbon254.projector.rebuild;

/** Where a replay (rebuild) run is. */
public enum RebuildState {
    /** Accepted: the generation's tables (and index) being created, or the audit chain being verified. */
    PREPARING,
    /** Keeping what the replay does not read again: the rows records before the start wrote (not from the beginning). */
    SEEDING,
    /** Re-reading the topics into the new generation (or, for the audit trail, into the live chain). */
    REPLAYING,
    /** Caught up with the offsets seen at the start; catching up with the live projection and switching. */
    SWITCHING,
    /** The new generation is live (the audit trail: the replay has appended what the trail lacked). */
    COMPLETED,
    /** Gave up; the live generation was not touched. */
    FAILED;

    public boolean finished() {
        return this == COMPLETED || this == FAILED;
    }
}
