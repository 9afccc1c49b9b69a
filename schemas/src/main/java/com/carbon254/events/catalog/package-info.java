/**
 * The platform's event catalog: which event types exist ({@link com.carbon254.events.catalog.EventType}), on which
 * Kafka topic each is published and by which key, and how each topic is configured
 * ({@link com.carbon254.events.catalog.TopicDefinition}, {@link com.carbon254.events.catalog.TopicCatalog}).
 * Producers, consumers, topic provisioning and the schema registration all read it from here.
 */
package com.carbon254.events.catalog;
