package com.carbon254.events.gateway.service;

/** A batch request carries more events than {@code carbon254.gateway.max-batch-size} allows. */
public class BatchTooLargeException extends RuntimeException {

    private final int size;
    private final int limit;

    public BatchTooLargeException(int size, int limit) {
        super("The batch holds " + size + " events; at most " + limit + " are accepted per request");
        this.size = size;
        this.limit = limit;
    }

    /** Events in the refused batch. */
    public int size() {
        return size;
    }

    /** Most events per batch. */
    public int limit() {
        return limit;
    }
}
