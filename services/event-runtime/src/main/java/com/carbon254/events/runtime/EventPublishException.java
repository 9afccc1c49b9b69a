package com.carbon254.events.runtime;

import java.util.List;

import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;

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

    /**
     * Whether the producer or the broker refused an event for its size ({@code max.request.size},
     * {@code message.max.bytes} / the topic's {@code max.message.bytes}): retrying the same event can never succeed.
     */
    public boolean tooLarge() {
        return refusedForSize(getCause());
    }

    static boolean refusedForSize(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException) {
                return true;
            }
        }
        return false;
    }
}
