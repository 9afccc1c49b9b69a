package com.carbon254.events.gateway.service;

import java.util.Arrays;
import java.util.List;

import com.carbon254.events.catalog.EventType;

/** The event type named in a request is not in the catalog. */
public class UnknownEventTypeException extends RuntimeException {

    private final String eventType;

    public UnknownEventTypeException(String eventType) {
        super("Unknown event type '" + eventType + "'");
        this.eventType = eventType;
    }

    /** The name the request used. */
    public String eventType() {
        return eventType;
    }

    /** The type names the catalog knows, for the client to choose from. */
    public List<String> knownEventTypes() {
        return Arrays.stream(EventType.values()).map(EventType::typeName).toList();
    }
}
