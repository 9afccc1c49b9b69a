package com.carbon254.dataset.command.rest;

/**
 * The problem types of the dataset command API (the body is api-runtime's {@code Problem}); their extension members:
 * {@code datasetId} (404, 409), {@code currentVersion} and {@code expectedVersion} (409 on a stale version).
 */
final class DatasetProblems {

    private static final String TYPE_PREFIX = "urn:254carbon:problem:";
    static final String VALIDATION = TYPE_PREFIX + "validation";
    static final String NOT_FOUND = TYPE_PREFIX + "dataset-not-found";
    static final String VERSION_CONFLICT = TYPE_PREFIX + "version-conflict";
    static final String DUPLICATE_NAME = TYPE_PREFIX + "duplicate-name";
    static final String PRECONDITION_REQUIRED = TYPE_PREFIX + "precondition-required";

    private DatasetProblems() {
    }
}
