package com.carbon254.projector.datasets;

import java.util.List;

import com.carbon254.projector.pipeline.Outcome;

/**
 * The rules of the dataset read model: how one event changes the current state of its dataset. Pure, so that the
 * live projection, a rebuild and the tests share them.
 *
 * <p>The rules, in the order they are checked (redeliveries of an eventId and a second event claiming a taken
 * version were filtered out before, against the history):
 * <ol>
 * <li><b>First event of an unknown dataset</b> — applied, whatever its type and version. Created and Updated carry
 *     the full state, so an Updated whose Created is missing (or late) still gives the right current state; its
 *     creation info stays empty until the Created arrives. A Deleted leaves a tombstone.</li>
 * <li><b>Higher version than the current one</b> — applied, even across a gap (v1 then v3): events carry full
 *     state, so holding v3 back until v2 shows up would only make the read model staler, and v2 would then be
 *     stale anyway. Exception: a dataset that is deleted takes no further version (Deleted is the last event of a
 *     dataset); such an event is <b>rejected</b> and goes to the dead-letter topic.</li>
 * <li><b>Version not higher than the current one</b> — <b>stale</b>: the current state is not touched, but the
 *     event is still history (it happened; as-of reads need it). A late DatasetCreated fills in the creation info
 *     if it was missing.</li>
 * </ol>
 * Because every rule depends only on the versions, the result is the same for any delivery order of the same
 * events, and for any number of redeliveries.
 */
public final class DatasetFold {

    /**
     * @param state     the dataset's state after the event ({@code null} only when rejected)
     * @param changed   whether {@code state} differs from the state before
     * @param history   whether the event belongs in the history table
     * @param rejection why it was rejected, else null
     */
    public record Result(Outcome outcome, DatasetState state, boolean changed, boolean history, String rejection) {
    }

    private DatasetFold() {
    }

    /** Applies one new event (not a redelivery, no version conflict) to the current state (null: unknown dataset). */
    public static Result apply(DatasetState current, DatasetChange event) {
        if (current == null) {
            return new Result(Outcome.APPLIED, next(null, event), true, true, null);
        }
        if (event.datasetVersion() > current.version()) {
            if (current.deleted()) {
                return new Result(Outcome.REJECTED, current, false, false, "dataset " + event.datasetId()
                        + " was deleted at version " + current.version() + "; a " + event.type().typeName()
                        + " for version " + event.datasetVersion() + " cannot follow its last event");
            }
            return new Result(Outcome.APPLIED, next(current, event), true, true, null);
        }
        if (event.type() == DatasetEventType.CREATED && current.createdAt() == null) {
            DatasetState backfilled = new DatasetState(current.id(), current.version(), current.attributes(),
                    event.occurredAt(), event.actor(), current.updatedAt(), current.updatedBy(), current.deleted(),
                    current.deletedAt(), current.deletedBy(), current.deleteReason(), current.lastEventId());
            return new Result(Outcome.STALE, backfilled, true, true, null);
        }
        return new Result(Outcome.STALE, current, false, true, null);
    }

    private static DatasetState next(DatasetState current, DatasetChange event) {
        return switch (event.type()) {
            case CREATED -> new DatasetState(event.datasetId(), event.datasetVersion(), event.attributes(),
                    event.occurredAt(), event.actor(), event.occurredAt(), event.actor(), false, null, null, null,
                    event.eventId());
            case UPDATED -> new DatasetState(event.datasetId(), event.datasetVersion(), event.attributes(),
                    current == null ? null : current.createdAt(), current == null ? null : current.createdBy(),
                    event.occurredAt(), event.actor(), false, null, null, null, event.eventId());
            case DELETED -> {
                DatasetAttributes last = current != null ? current.attributes()
                        : new DatasetAttributes(event.name(), null, null, null, null, List.of(), "[]", null);
                yield new DatasetState(event.datasetId(), event.datasetVersion(), last,
                        current == null ? null : current.createdAt(), current == null ? null : current.createdBy(),
                        event.occurredAt(), event.actor(), true, event.occurredAt(), event.actor(), event.reason(),
                        event.eventId());
            }
        };
    }
}
