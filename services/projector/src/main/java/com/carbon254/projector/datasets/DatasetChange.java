package com.carbon254.projector.datasets;

import java.time.Instant;
import java.util.Objects;

import com.carbon254.projector.pipeline.SourcePosition;

/**
 * One dataset lifecycle event, normalised from whichever wire format it came in.
 *
 * @param attributes  the full new state (Created, Updated); {@code null} for Deleted
 * @param name        the dataset's name (for Deleted, the name it had)
 * @param actor       createdBy, updatedBy or deletedBy
 * @param reason      why it was deleted (Deleted only, may be null)
 * @param payloadJson the event as plain JSON, as history stores it
 * @param source      where the record was read
 */
public record DatasetChange(String eventId, DatasetEventType type, String datasetId, long datasetVersion,
        Instant occurredAt, DatasetAttributes attributes, String name, String actor, String reason,
        String payloadJson, SourcePosition source) {

    public DatasetChange {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(datasetId, "datasetId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (type != DatasetEventType.DELETED) {
            Objects.requireNonNull(attributes, "attributes");
        }
    }

    /** The key that must be unique in the history: one event per version of a dataset. */
    public VersionKey versionKey() {
        return new VersionKey(datasetId, datasetVersion);
    }

    /** A dataset id and one of its versions. */
    public record VersionKey(String datasetId, long datasetVersion) {
    }
}
