package com.carbon254.events.runtime;

import java.util.List;

/**
 * Events could not be confirmed as stored: the broker did not acknowledge them in time, refused them, or they could
 * not be serialized. None of {@link #eventIds()} may be reported as accepted; some may nevertheless have been (or still
 * be) written, so a caller retries with the same event ids and consumers de-duplicate by them.
 */
public class EventPublishException extends RuntimeException {

    private final transient List<String> eventIds;
    private final boolean retryable;

    /**
     * @param message   what went wrong, for humans
     * @param cause     the underlying failure, may be null
     * @param eventIds  the ids of the events not confirmed
     * @param retryable whether trying again later may succeed (a slow or unreachable broker) or not (an event the
     *                  registry's schema cannot encode)
     */
    public EventPublishException(String message, Throwable cause, List<String> eventIds, boolean retryable) {
        super(message, cause);
        this.eventIds = List.copyOf(eventIds);
        this.retryable = retryable;
    }

    /** The ids of the events that are not confirmed as stored. */
    public List<String> eventIds() {
        return eventIds;
    }

    /** Whether publishing the same events again later may succeed. */
    public boolean retryable() {
        return retryable;
    }
}
