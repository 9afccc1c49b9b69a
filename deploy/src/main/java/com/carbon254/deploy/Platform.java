package com.carbon254.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

/** Names every platform manifest shares: namespace, the Kafka cluster, the common labels. */
public final class Platform {

    /** The namespace every platform resource lives in. */
    public static final String NAMESPACE = "carbon254";

    /** The Strimzi {@code Kafka} resource's name; its bootstrap service is {@code carbon254-kafka-bootstrap}. */
    public static final String KAFKA_CLUSTER = "carbon254";

    /** API version of the Strimzi resources (served by Strimzi 0.49 and later; the only one from Strimzi 1.0 on). */
    public static final String STRIMZI_API_VERSION = "kafka.strimzi.io/v1";

    /** Label that ties a resource to its Strimzi cluster. */
    public static final String STRIMZI_CLUSTER_LABEL = "strimzi.io/cluster";

    public static final String PART_OF_LABEL = "app.kubernetes.io/part-of";
    public static final String PART_OF = "carbon254-event-platform";
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    /** {@code app.kubernetes.io/managed-by} of the resources this module generates. */
    public static final String MANAGED_BY = "platform-manifests";

    private Platform() {
    }

    /** The labels of a generated resource that belongs to the Kafka cluster. */
    static Map<String, String> kafkaResourceLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(STRIMZI_CLUSTER_LABEL, KAFKA_CLUSTER);
        labels.put(PART_OF_LABEL, PART_OF);
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        return labels;
    }

    /** A Strimzi custom resource of {@code kind}: the cluster's API version, then metadata and spec. */
    static Map<String, Object> strimziResource(String kind, Map<String, Object> metadata, Map<String, Object> spec) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("apiVersion", STRIMZI_API_VERSION);
        resource.put("kind", kind);
        resource.put("metadata", metadata);
        resource.put("spec", spec);
        return resource;
    }
}
