package com.carbon254.events.runtime.json;

/**
 * One way a JSON event breaks its contract.
 *
 * @param field   path of the offending field: {@code datasetName}, {@code columns[1].type}, {@code metadata.owner};
 *                in a batch prefixed by the event's index, {@code [3].status}; empty for the event as a whole
 * @param problem what is wrong, e.g. {@code required field is missing} or
 *                {@code unknown symbol 'DONE'; allowed: SUCCESS, FAILURE, PARTIAL}
 */
public record FieldViolation(String field, String problem) {

    @Override
    public String toString() {
        return field.isEmpty() ? problem : field + ": " + problem;
    }
}
