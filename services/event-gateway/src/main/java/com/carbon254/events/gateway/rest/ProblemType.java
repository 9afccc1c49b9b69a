package com.carbon254.events.gateway.rest;

/** The kinds of problem this API reports, each with its type URI, title and status. */
enum ProblemType {

    INVALID_EVENT("invalid-event", "Invalid event", 400),
    UNKNOWN_EVENT_TYPE("unknown-event-type", "Unknown event type", 404),
    BATCH_TOO_LARGE("batch-too-large", "Batch too large", 413),
    BROKER_UNAVAILABLE("broker-unavailable", "Events not stored", 503),
    EVENT_NOT_STORABLE("event-not-storable", "Event cannot be stored", 500);

    private static final String URN_PREFIX = com.carbon254.api.runtime.rest.Problem.TYPE_PREFIX;

    private final String slug;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    String uri() {
        return URN_PREFIX + slug;
    }

    String title() {
        return title;
    }

    int status() {
        return status;
    }
}
