package com.carbon254.events.catalog;

import java.util.Optional;

/**
 * Who may publish an event type. Each {@link EventType} has exactly one rule; the event gateway authorizes every
 * publish by it, and the Kafka ACLs of the platform's service accounts are rendered from it, so the HTTP edge and the
 * broker cannot disagree.
 *
 * <table>
 * <caption>Publish rules</caption>
 * <tr><th>Rule</th><th>Through the gateway</th><th>Event types</th></tr>
 * <tr><td>{@link #PRODUCER}</td><td>role {@code events:write}</td>
 *     <td>what producers report about their own work: DataIngestion, DataQuality, DataTransformation, DataLineage,
 *     ServiceHealth, Deployment, ConfigChange</td></tr>
 * <tr><td>{@link #AUDIT_RECORDER}</td><td>role {@code audit:write}</td>
 *     <td>records of what somebody did, which an auditor must be able to trust: UserAction, ApiCall, DataAccess,
 *     AdminOperation, Security</td></tr>
 * <tr><td>{@link #PLATFORM}</td><td>never</td>
 *     <td>facts only a platform service can state: the dataset event store (DatasetCreated, DatasetUpdated,
 *     DatasetDeleted, written by the command side from its own state) and the Flink aggregates
 *     (DataIngestionAggregated, DataQualityAggregated)</td></tr>
 * </table>
 *
 * <p>The administrator role implies every role, so it may publish {@link #PRODUCER} and {@link #AUDIT_RECORDER} types
 * through the gateway, but not {@link #PLATFORM} types: nobody may.
 */
public enum PublishRule {

    /** Data and system events that producers publish about their own work: role {@value #EVENTS_WRITE_ROLE}. */
    PRODUCER(PublishRule.EVENTS_WRITE_ROLE),
    /** Audit and security events, published only by components trusted to record what others did: role {@value #AUDIT_WRITE_ROLE}. */
    AUDIT_RECORDER(PublishRule.AUDIT_WRITE_ROLE),
    /** Published only by the platform service that owns the fact; never accepted through the gateway. */
    PLATFORM(null);

    /** The role that may publish {@link #PRODUCER} event types through the gateway. */
    public static final String EVENTS_WRITE_ROLE = "events:write";
    /** The role that may publish {@link #AUDIT_RECORDER} event types through the gateway. */
    public static final String AUDIT_WRITE_ROLE = "audit:write";

    private final String gatewayRole;

    PublishRule(String gatewayRole) {
        this.gatewayRole = gatewayRole;
    }

    /** The role a gateway caller needs to publish event types of this rule; empty when the gateway never accepts them. */
    public Optional<String> gatewayRole() {
        return Optional.ofNullable(gatewayRole);
    }

    /** Whether the gateway accepts event types of this rule at all (from a caller with {@link #gatewayRole()}). */
    public boolean publishableThroughGateway() {
        return gatewayRole != null;
    }
}
