package com.carbon254.devstack.provision;

import com.carbon254.events.catalog.TopicDefinition;
import com.carbon254.setup.ProvisioningReport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes the broker's topics match the catalog, idempotently: creates missing topics, raises partition counts
 * and reconciles configs that differ, and never deletes a topic or lowers a partition count (that would lose
 * data or break key ordering); such differences are reported as "left as is".
 */
public final class TopicProvisioner {

    private static final long TIMEOUT_SECONDS = 60;

    private final Admin admin;
    private final short replicationFactor;
    private final int minInsyncReplicas;

    /**
     * @param replicationFactor 3 in production, 1 on a single local broker
     * @param minInsyncReplicas 2 in production, 1 on a single local broker
     */
    public TopicProvisioner(Admin admin, short replicationFactor, int minInsyncReplicas) {
        this.admin = admin;
        this.replicationFactor = replicationFactor;
        this.minInsyncReplicas = minInsyncReplicas;
    }

    public ProvisioningReport provision(Collection<TopicDefinition> topics) {
        ProvisioningReport report = new ProvisioningReport();
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            List<TopicDefinition> present = new ArrayList<>();
            for (TopicDefinition topic : topics) {
                if (existing.contains(topic.name())) {
                    present.add(topic);
                } else {
                    missing.add(new NewTopic(topic.name(), topic.partitions(), replicationFactor)
                            .configs(topic.configs(minInsyncReplicas)));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                for (NewTopic topic : missing) {
                    report.add(topic.name(), ProvisioningReport.Action.CREATED,
                            topic.numPartitions() + " partitions, " + topic.configs());
                }
            }
            if (!present.isEmpty()) {
                reconcile(present, report);
            }
            return report;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Topic provisioning failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Topic provisioning timed out after " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void reconcile(List<TopicDefinition> topics, ProvisioningReport report)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<String> names = topics.stream().map(TopicDefinition::name).toList();
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(names).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<ConfigResource> resources = names.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        Map<String, NewPartitions> morePartitions = new HashMap<>();
        Map<ConfigResource, Collection<AlterConfigOp>> alterations = new HashMap<>();
        for (TopicDefinition topic : topics) {
            List<String> changes = new ArrayList<>();
            int actual = descriptions.get(topic.name()).partitions().size();
            if (actual < topic.partitions()) {
                morePartitions.put(topic.name(), NewPartitions.increaseTo(topic.partitions()));
                changes.add("partitions " + actual + " -> " + topic.partitions());
            } else if (actual > topic.partitions()) {
                report.add(topic.name(), ProvisioningReport.Action.LEFT_AS_IS, "has " + actual
                        + " partitions, the catalog plans " + topic.partitions() + " (partition counts never shrink)");
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
            Config current = configs.get(resource);
            List<AlterConfigOp> ops = new ArrayList<>();
            for (Map.Entry<String, String> wanted : topic.configs(minInsyncReplicas).entrySet()) {
                ConfigEntry entry = current.get(wanted.getKey());
                String value = entry == null ? null : entry.value();
                if (!wanted.getValue().equals(value)) {
                    ops.add(new AlterConfigOp(new ConfigEntry(wanted.getKey(), wanted.getValue()), AlterConfigOp.OpType.SET));
                    changes.add(wanted.getKey() + " " + value + " -> " + wanted.getValue());
                }
            }
            if (!ops.isEmpty()) {
                alterations.put(resource, ops);
            }
            if (changes.isEmpty()) {
                report.add(topic.name(), ProvisioningReport.Action.UNCHANGED, "");
            } else {
                report.add(topic.name(), ProvisioningReport.Action.UPDATED, String.join(", ", changes));
            }
        }
        if (!morePartitions.isEmpty()) {
            admin.createPartitions(morePartitions).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        if (!alterations.isEmpty()) {
            admin.incrementalAlterConfigs(alterations).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
