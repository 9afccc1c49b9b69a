package com.carbon254.projector.service;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.carbon254.events.audit.AdminOperationEvent;
import com.carbon254.events.common.Outcome;
import com.carbon254.events.runtime.EventEnvelope;
import com.carbon254.events.runtime.EventPublisher;

import io.smallrye.mutiny.Uni;

/** Publishes the projector's admin operations (rebuilds, re-drives) as {@code AdminOperation} audit events. */
@ApplicationScoped
public class AdminOperations {

    /** Operation name of a dead-letter re-drive; the target is the dead letter's position. */
    public static final String REDRIVE = "dead-letter.redrive";
    /** Operation name of a started dataset rebuild; the target is the projection. */
    public static final String REBUILD = "projection.rebuild";

    private static final Logger LOG = Logger.getLogger(AdminOperations.class);
    private static final String SOURCE = "projector";

    @Inject
    EventPublisher publisher;

    /**
     * Publishes one successful operation; completes once the broker acknowledged it. A failure to publish fails
     * the returned Uni (the caller decides whether the operation's answer depends on it).
     */
    public Uni<Void> published(String actor, String operation, String target, Map<String, String> parameters) {
        // The envelope (eventId, eventType, timestamp, version) is filled in by complete().
        AdminOperationEvent event = new AdminOperationEvent();
        event.setActor(actor);
        event.setOperation(operation);
        event.setTarget(target);
        event.setParameters(parameters);
        event.setOutcome(Outcome.SUCCESS);
        return publisher.publish(EventEnvelope.complete(event, SOURCE, null))
                .onFailure().invoke(e -> LOG.errorf("AdminOperation %s on %s by %s not published: %s", operation,
                        target, actor, e.toString()))
                .replaceWithVoid();
    }
}
