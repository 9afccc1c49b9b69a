package com.carbon254.projector.deadletters;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.spi.ConfigSource;

import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.catalog.TopicDefinition;

/**
 * Supplies the topics of the {@code dead-letters} channel from the topic catalog: every {@code <topic>.dlq}, so that a
 * topic added to the catalog is covered without touching the configuration. Low ordinal: a {@code topics} set in
 * application.properties (or anywhere else) wins.
 */
public class DeadLetterTopicsConfigSource implements ConfigSource {

    /** The key this source answers. */
    public static final String KEY = "mp.messaging.incoming.dead-letters.topics";

    private static final String TOPICS = TopicCatalog.topics().stream()
            .map(TopicDefinition::deadLetterTopic)
            .collect(Collectors.joining(","));

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(KEY);
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(KEY, TOPICS);
    }

    @Override
    public String getValue(String propertyName) {
        return KEY.equals(propertyName) ? TOPICS : null;
    }

    @Override
    public String getName() {
        return "carbon254 dead-letter topics of the catalog";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}
