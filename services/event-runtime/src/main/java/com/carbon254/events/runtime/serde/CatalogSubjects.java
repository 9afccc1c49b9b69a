package com.carbon254.events.runtime.serde;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.avro.Schema;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.catalog.TopicDefinition;

/**
 * What the serdes need to know about a topic, computed once from the catalog: the event types it carries, its value
 * schema (for a multi-type topic the union, built once rather than on every record) and its registry subject. A
 * dead-letter topic stands for the topic it takes the dead letters of, and a restore topic for the topic it restores:
 * their records are written and read with the original topic's schema.
 *
 * @param topic       the topic name (possibly a dead-letter or restore topic)
 * @param origin      the event topic whose values are on it (itself for an event topic)
 * @param eventTypes  the event types of its values
 * @param valueSchema the registered value schema of {@code origin}
 */
record CatalogSubjects(String topic, TopicDefinition origin, List<EventType> eventTypes, Schema valueSchema) {

    private static final Map<String, CatalogSubjects> BY_TOPIC = TopicCatalog.topics().stream()
            .flatMap(topic -> {
                Schema schema = topic.valueSchema();
                List<EventType> types = topic.eventTypes();
                return java.util.stream.Stream.of(
                        new CatalogSubjects(topic.name(), topic, types, schema),
                        new CatalogSubjects(topic.deadLetterTopic(), topic, types, schema),
                        new CatalogSubjects(topic.restore().name(), topic, types, schema));
            })
            .collect(Collectors.toUnmodifiableMap(CatalogSubjects::topic, Function.identity()));

    /** The topic of that name (an event, dead-letter or restore topic), if the catalog has it. */
    static Optional<CatalogSubjects> forTopic(String topic) {
        return Optional.ofNullable(topic).map(BY_TOPIC::get);
    }

    /** The registry subject (artifact id) of the values: {@code <origin topic>-value}. */
    String valueSubject() {
        return origin.valueSubject();
    }

    /** Whether events of that type may be written on this topic. */
    boolean carries(EventType type) {
        return eventTypes.contains(type);
    }

    /** The type names this topic carries, for messages. */
    List<String> typeNames() {
        return eventTypes.stream().map(EventType::typeName).toList();
    }
}
