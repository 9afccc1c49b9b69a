package com.carbon254.dataset.command.rest;

import com.carbon254.api.runtime.rest.ProblemType;

/**
 * The problem types of the dataset command API beyond those every API shares (an invalid request is api-runtime's
 * {@link ProblemType#INVALID_REQUEST}); their extension members: {@code datasetId} (404, 409), {@code currentVersion}
 * and {@code expectedVersion} (409 on a stale version).
 */
final class DatasetProblems {

    static final ProblemType NOT_FOUND = new ProblemType("dataset-not-found", "Dataset not found", 404);
    static final ProblemType VERSION_CONFLICT = new ProblemType("version-conflict", "Version conflict", 409);
    static final ProblemType DUPLICATE_NAME = new ProblemType("duplicate-name", "Dataset name taken", 409);
    static final ProblemType PRECONDITION_REQUIRED =
            new ProblemType("precondition-required", "Precondition required", 428);

    private DatasetProblems() {
    }
}
