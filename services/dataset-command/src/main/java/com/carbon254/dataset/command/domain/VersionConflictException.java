package com.carbon254.dataset.command.domain;

import java.util.UUID;

/** The client's expected version is not the dataset's current version: it decided on a stale state. */
public class VersionConflictException extends RuntimeException {

    private final UUID datasetId;
    private final long expectedVersion;
    private final long currentVersion;

    public VersionConflictException(UUID datasetId, long expectedVersion, long currentVersion) {
        super("Dataset " + datasetId + " is at version " + currentVersion + ", not " + expectedVersion);
        this.datasetId = datasetId;
        this.expectedVersion = expectedVersion;
        this.currentVersion = currentVersion;
    }

    public UUID datasetId() {
        return datasetId;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
