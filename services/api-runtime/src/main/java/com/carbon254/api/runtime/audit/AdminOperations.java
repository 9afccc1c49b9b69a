package com.carbon254.api.runtime.audit;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.events.audit.AdminOperationEvent;
import com.carbon254.events.common.Outcome;
import com.carbon254.events.runtime.EventContext;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The audit of administrative operations (read-model rebuilds, dead-letter re-drives, ...): each one is published
 * as an {@code AdminOperation} event to {@code audit-admin-operations}, keyed by actor.
 *
 * <pre>{@code
 * adminOperations.record(identity, "REBUILD_READ_MODELS", "datasets", Map.of("from", from), Outcome.SUCCESS, null)
 * }</pre>
 */
@ApplicationScoped
public class AdminOperations {

    @Inject
    AuditPublisher publisher;

    /**
     * Records an operation performed by the caller {@code identity} ({@link Actors#of}).
     *
     * @return completes once the event is published, or its failure logged and counted; never fails
     */
    public Uni<Void> record(SecurityIdentity identity, String operation, String target, Map<String, String> parameters,
                            Outcome outcome, String reason) {
        return record(Actors.of(identity), operation, target, parameters, outcome, reason, null);
    }

    /**
     * Records an operation.
     *
     * @param actor         who performed it (a token subject, a service account)
     * @param operation     what was done, e.g. {@code REBUILD_READ_MODELS}, {@code REDRIVE_DEAD_LETTERS}
     * @param target        what it acted on, e.g. a read model or topic name
     * @param parameters    its parameters (never secrets); null for none
     * @param outcome       SUCCESS, FAILURE or DENIED
     * @param reason        why it was performed, or why it failed; null if not given
     * @param correlationId the flow it belongs to (e.g. the request's X-Correlation-Id); null if none
     * @return completes once the event is published, or its failure logged and counted; never fails
     */
    public Uni<Void> record(String actor, String operation, String target, Map<String, String> parameters,
                            Outcome outcome, String reason, String correlationId) {
        AdminOperationEvent event = new AdminOperationEvent();
        event.setActor(actor == null || actor.isBlank() ? Actors.ANONYMOUS : actor);
        event.setOperation(operation);
        event.setTarget(target);
        event.setParameters(parameters == null ? Map.of() : Map.copyOf(parameters));
        event.setOutcome(outcome);
        event.setReason(reason);
        return publisher.publish(event, new EventContext(correlationId, null));
    }
}
