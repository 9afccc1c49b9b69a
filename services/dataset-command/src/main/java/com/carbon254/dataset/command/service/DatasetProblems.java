package com.carbon254.dataset.command.service;

import java.util.UUID;

import com.carbon254.api.runtime.rest.ProblemException;
import com.carbon254.api.runtime.rest.ProblemType;

/**
 * The problem types of the dataset command API beyond those every API shares (an invalid request is api-runtime's
 * {@link ProblemType#INVALID_REQUEST}), and the exceptions that answer them: thrown by the service and the resource,
 * written by api-runtime's one mechanism. Their extension members: {@code datasetId} (404, 409 on a stale version),
 * {@code currentVersion} and {@code expectedVersion} (409 on a stale version).
 */
public final class DatasetProblems {

    private static final ProblemType NOT_FOUND = new ProblemType("dataset-not-found", "Dataset not found", 404);
    private static final ProblemType VERSION_CONFLICT = new ProblemType("version-conflict", "Version conflict", 409);
    private static final ProblemType DUPLICATE_NAME = new ProblemType("duplicate-name", "Dataset name taken", 409);
    public static final ProblemType PRECONDITION_REQUIRED =
            new ProblemType("precondition-required", "Precondition required", 428);

    private DatasetProblems() {
    }

    /** No live dataset has that id (it never existed, or it was deleted). */
    public static ProblemException notFound(String datasetId) {
        return NOT_FOUND.exception("No dataset with id " + datasetId).with("datasetId", datasetId);
    }

    /** The client's expected version is not the dataset's current version: it decided on a stale state. */
    static ProblemException versionConflict(UUID datasetId, long expectedVersion, long currentVersion) {
        return VERSION_CONFLICT.exception("Dataset " + datasetId + " is at version " + currentVersion + ", not "
                        + expectedVersion)
                .with("datasetId", datasetId.toString())
                .with("currentVersion", currentVersion)
                .with("expectedVersion", expectedVersion);
    }

    /** Another live dataset already has that name; names are unique in the catalog. */
    static ProblemException duplicateName(String name) {
        return DUPLICATE_NAME.exception("A dataset named '" + name + "' already exists");
    }
}
