package com.carbon254.events.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class PublishRuleTest {

    /** The publish rules as specified: producers' own data and system facts, audit records, platform-owned facts. */
    private static final Map<String, PublishRule> SPEC = Map.ofEntries(
            Map.entry("DataIngestion", PublishRule.PRODUCER),
            Map.entry("DataQuality", PublishRule.PRODUCER),
            Map.entry("DataTransformation", PublishRule.PRODUCER),
            Map.entry("DataLineage", PublishRule.PRODUCER),
            Map.entry("ServiceHealth", PublishRule.PRODUCER),
            Map.entry("Deployment", PublishRule.PRODUCER),
            Map.entry("ConfigChange", PublishRule.PRODUCER),
            Map.entry("Security", PublishRule.AUDIT_RECORDER),
            Map.entry("UserAction", PublishRule.AUDIT_RECORDER),
            Map.entry("ApiCall", PublishRule.AUDIT_RECORDER),
            Map.entry("DataAccess", PublishRule.AUDIT_RECORDER),
            Map.entry("AdminOperation", PublishRule.AUDIT_RECORDER),
            Map.entry("DatasetCreated", PublishRule.PLATFORM),
            Map.entry("DatasetUpdated", PublishRule.PLATFORM),
            Map.entry("DatasetDeleted", PublishRule.PLATFORM),
            Map.entry("DataIngestionAggregated", PublishRule.PLATFORM),
            Map.entry("DataQualityAggregated", PublishRule.PLATFORM));

    @Test
    void everyEventTypeHasTheSpecifiedRule() {
        Map<String, PublishRule> actual = Arrays.stream(EventType.values())
                .collect(Collectors.toMap(EventType::typeName, EventType::publishRule));
        assertEquals(SPEC, actual);
    }

    @Test
    void rolesAreTheGatewayRoles() {
        assertEquals(Optional.of("events:write"), PublishRule.PRODUCER.gatewayRole());
        assertEquals(Optional.of("audit:write"), PublishRule.AUDIT_RECORDER.gatewayRole());
        assertEquals(Optional.empty(), PublishRule.PLATFORM.gatewayRole());
        assertTrue(PublishRule.PRODUCER.publishableThroughGateway());
        assertFalse(PublishRule.PLATFORM.publishableThroughGateway());
    }

    /** Kafka ACLs are granted per topic, so every event type on one topic must have the same rule. */
    @Test
    void everyTopicHasOneRule() {
        for (TopicDefinition topic : TopicCatalog.topics()) {
            assertEquals(1, topic.eventTypes().stream().map(EventType::publishRule).distinct().count(), topic.name());
            assertEquals(topic.eventTypes().get(0).publishRule(), topic.publishRule(), topic.name());
        }
    }
}
