package com.carbon254.dataset.command.outbox;

/**
 * What one relay transaction did.
 *
 * @param lockAcquired whether it got the relay lock (false: another relay was running and this one did nothing)
 * @param claimed      unpublished rows it claimed
 * @param published    rows the broker acknowledged and that are now marked published
 * @param failed       rows whose publication failed (one per dataset at most)
 * @param heldBack     rows not attempted because an earlier version of their dataset failed
 * @param full         whether the batch was full and all went well, i.e. more rows are probably waiting
 */
public record RelayBatch(boolean lockAcquired, int claimed, int published, int failed, int heldBack, boolean full) {

    static final RelayBatch LOCKED_ELSEWHERE = new RelayBatch(false, 0, 0, 0, 0, false);

    static RelayBatch empty() {
        return new RelayBatch(true, 0, 0, 0, 0, false);
    }
}
