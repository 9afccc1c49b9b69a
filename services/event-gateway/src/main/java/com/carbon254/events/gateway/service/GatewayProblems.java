package com.carbon254.events.gateway.service;

import java.util.Arrays;

import com.carbon254.api.runtime.rest.ProblemException;
import com.carbon254.api.runtime.rest.ProblemType;
import com.carbon254.events.catalog.EventType;
import com.carbon254.events.catalog.PublishRule;

/** The kinds of problem the gateway reports beyond those every API shares, and the exceptions that answer them. */
public final class GatewayProblems {

    public static final ProblemType INVALID_EVENT = new ProblemType("invalid-event", "Invalid event", 400);
    public static final ProblemType PUBLISH_FORBIDDEN = new ProblemType("publish-forbidden", "Publishing forbidden", 403);
    public static final ProblemType UNKNOWN_EVENT_TYPE = new ProblemType("unknown-event-type", "Unknown event type", 404);
    public static final ProblemType BATCH_TOO_LARGE = new ProblemType("batch-too-large", "Batch too large", 413);
    public static final ProblemType EVENT_TOO_LARGE = new ProblemType("event-too-large", "Event too large", 413);
    public static final ProblemType EVENT_NOT_STORABLE = new ProblemType("event-not-storable", "Event cannot be stored", 500);
    public static final ProblemType BROKER_UNAVAILABLE = new ProblemType("broker-unavailable", "Events not stored", 503);

    private GatewayProblems() {
    }

    /** The event type named in a request is not in the catalog; {@code knownEventTypes} lists those that are. */
    static ProblemException unknownEventType(String typeName) {
        String shown = typeName.length() > 60 ? typeName.substring(0, 57) + "..." : typeName;
        return UNKNOWN_EVENT_TYPE.exception("Unknown event type '" + shown + "'; see knownEventTypes")
                .with("knownEventTypes", Arrays.stream(EventType.values()).map(EventType::typeName).toList());
    }

    /** A batch request carries more events than {@code carbon254.gateway.max-batch-size} allows. */
    static ProblemException batchTooLarge(int size, int limit) {
        return BATCH_TOO_LARGE.exception("The batch holds " + size + " events; at most " + limit
                + " are accepted per request; split it into smaller batches");
    }

    /** The caller may not publish events of this type through the gateway: its rule, and the role it requires. */
    static ProblemException publishForbidden(EventType type) {
        PublishRule rule = type.publishRule();
        String detail = rule.gatewayRole()
                .map(role -> type.typeName() + " events are published under rule " + rule + ", which requires role "
                        + role + "; the token does not hold it")
                .orElse(type.typeName() + " events are published under rule " + rule + ": only the platform service "
                        + "that owns them publishes them, never a client through the gateway");
        return PUBLISH_FORBIDDEN.exception(detail)
                .with("eventType", type.typeName())
                .with("publishRule", rule.name())
                .with("requiredRole", rule.gatewayRole().orElse(null));
    }
}
