package com.carbon254.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.catalog.TopicDefinition;

/**
 * What one service may do on Kafka, in terms of the topic catalog: the topics it produces to, the topics it consumes
 * (and so may dead-letter to: a consumer writes its poison records to {@code <topic>.dlq}), the prefix of its consumer
 * groups and the prefix of its transactional ids. {@link KafkaUserManifests} turns each into a {@code KafkaUser}.
 *
 * @param service               the service (and KafkaUser) name
 * @param produces              topics it writes
 * @param consumes              topics it reads; their dead-letter topics are writable too
 * @param consumerGroupPrefix   prefix of its consumer group ids, if it consumes
 * @param transactionalIdPrefix prefix of its transactional ids, if it produces transactionally
 */
public record ServiceKafkaAccess(String service, List<TopicDefinition> produces, List<TopicDefinition> consumes,
                                 Optional<String> consumerGroupPrefix, Optional<String> transactionalIdPrefix) {

    public ServiceKafkaAccess {
        Objects.requireNonNull(service, "service");
        produces = List.copyOf(produces);
        consumes = List.copyOf(consumes);
        Objects.requireNonNull(consumerGroupPrefix, "consumerGroupPrefix");
        Objects.requireNonNull(transactionalIdPrefix, "transactionalIdPrefix");
        if (!consumes.isEmpty() && consumerGroupPrefix.isEmpty()) {
            throw new IllegalArgumentException(service + " consumes but has no consumer group");
        }
    }

    /**
     * The services that use Kafka. query-api has none: the query side never reads Kafka (it reads the read models).
     */
    public static List<ServiceKafkaAccess> services() {
        return List.of(
                // HTTP ingestion of any event type of the catalog.
                new ServiceKafkaAccess("event-gateway", TopicCatalog.topics(), List.of(),
                        Optional.empty(), Optional.empty()),
                // The outbox relay publishes the dataset event store, in Kafka transactions.
                new ServiceKafkaAccess("dataset-command", List.of(TopicCatalog.DATA_EVENTS), List.of(),
                        Optional.empty(), Optional.of("dataset-command")),
                // Read models from the event store and the Flink aggregates; poison records to their .dlq.
                new ServiceKafkaAccess("projector", List.of(),
                        List.of(TopicCatalog.DATA_EVENTS, TopicCatalog.DATA_INGESTION_AGGREGATED),
                        Optional.of("projector"), Optional.empty()),
                // Event-time windows over ingestion and quality events, exactly-once (transactional) to the aggregates.
                new ServiceKafkaAccess("flink-aggregator",
                        List.of(TopicCatalog.DATA_INGESTION_AGGREGATED, TopicCatalog.DATA_QUALITY_AGGREGATED),
                        List.of(TopicCatalog.DATA_INGESTION, TopicCatalog.DATA_QUALITY),
                        Optional.of("flink-aggregator"), Optional.of("flink-aggregator")));
    }

    /** The dead-letter topics of the consumed topics, which the service writes its poison records to. */
    public List<TopicDefinition> deadLetters() {
        return consumes.stream().map(TopicDefinition::deadLetter).toList();
    }

    /** Every topic the service writes: its produced topics and its dead-letter topics, without duplicates. */
    public List<TopicDefinition> writes() {
        Set<TopicDefinition> writes = new LinkedHashSet<>(produces);
        writes.addAll(deadLetters());
        return new ArrayList<>(writes);
    }
}
