package com.carbon254.projector.rebuild;

/** Where a rebuild run is. */
public enum RebuildState {
    /** Accepted, tables and index being created. */
    PREPARING,
    /** Seeding from the stored history before {@code from} (only with {@code from}). */
    SEEDING,
    /** Re-reading the event store into the new tables and index. */
    REPLAYING,
    /** Caught up with the end offsets seen at the start; catching up with the live projection and switching. */
    SWITCHING,
    /** The new generation is live. */
    COMPLETED,
    /** Gave up; the live generation was not touched. */
    FAILED;

    public boolean finished() {
        return this == COMPLETED || this == FAILED;
    }
}
