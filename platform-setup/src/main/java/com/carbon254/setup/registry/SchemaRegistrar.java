package com.carbon254.setup.registry;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import com.carbon254.events.catalog.TopicDefinition;
import com.carbon254.setup.ProvisioningReport;

import io.apicurio.registry.client.RegistryClientFactory;
import io.apicurio.registry.client.common.HttpAdapterType;
import io.apicurio.registry.client.common.RegistryClientOptions;
import io.apicurio.registry.rest.client.RegistryClient;
import io.apicurio.registry.rest.client.models.CreateArtifact;
import io.apicurio.registry.rest.client.models.CreateArtifactResponse;
import io.apicurio.registry.rest.client.models.CreateRule;
import io.apicurio.registry.rest.client.models.CreateVersion;
import io.apicurio.registry.rest.client.models.IfArtifactExists;
import io.apicurio.registry.rest.client.models.ProblemDetails;
import io.apicurio.registry.rest.client.models.Rule;
import io.apicurio.registry.rest.client.models.RuleType;
import io.apicurio.registry.rest.client.models.RuleViolationProblemDetails;
import io.apicurio.registry.rest.client.models.VersionContent;

/**
 * Registers every topic's value schema in Apicurio Registry and puts the registry's governance in place: a global
 * VALIDITY rule ({@value #VALIDITY}) and a global COMPATIBILITY rule ({@value #COMPATIBILITY}), so that an
 * incompatible change is refused by the registry itself, whoever submits it. The platform's serializers never
 * register schemas (auto-registration is off in every client), so this is the only way a schema gets there: the
 * Kubernetes Job {@code carbon254-schema-registration}, {@code ./platform up} and every test stack run it.
 *
 * <p>Subjects follow the topic-name strategy: artifact {@code <topic>-value} in group {@value #GROUP}, which is also
 * the subject Confluent-compatible clients see under {@code /apis/ccompat/v7}. Talks to the native v3 API through
 * the Apicurio Java SDK.
 */
public final class SchemaRegistrar {

    /** The compatibility rule of every subject: consumers on a new schema read every older event. */
    public static final String COMPATIBILITY = "BACKWARD_TRANSITIVE";
    /** Syntax and semantics of every schema are checked. */
    public static final String VALIDITY = "FULL";
    /** Artifact group of every subject (the group the Confluent-compatible API and the serdes use). */
    public static final String GROUP = "default";

    private final RegistryClient client;
    private final String v3Url;

    /** @param v3Url base URL of the v3 API, e.g. {@code http://127.0.0.1:8081/apis/registry/v3} */
    public SchemaRegistrar(String v3Url) {
        this.v3Url = v3Url.replaceAll("/+$", "");
        this.client = RegistryClientFactory.create(RegistryClientOptions.create(this.v3Url)
                .httpAdapter(HttpAdapterType.JDK));
    }

    /** Sets the global rules, then registers the value schema of every topic that carries events. */
    public ProvisioningReport provision(Collection<TopicDefinition> topics) {
        ProvisioningReport report = new ProvisioningReport();
        ensureGlobalRule(RuleType.VALIDITY, VALIDITY, report);
        ensureGlobalRule(RuleType.COMPATIBILITY, COMPATIBILITY, report);
        for (TopicDefinition topic : topics) {
            if (!topic.eventTypes().isEmpty()) {
                register(topic.valueSubject(), topic.valueSchema().toString(), report);
            }
        }
        return report;
    }

    /**
     * Registers {@code schema} under {@code subject} unless the latest version already has this content.
     *
     * @throws SchemaRejectedException when a registry rule refuses it (for example an incompatible change)
     */
    public void register(String subject, String schema, ProvisioningReport report) {
        String before = latestVersion(subject);
        CreateArtifact artifact = new CreateArtifact();
        artifact.setArtifactId(subject);
        artifact.setArtifactType("AVRO");
        CreateVersion firstVersion = new CreateVersion();
        VersionContent content = new VersionContent();
        content.setContent(schema);
        content.setContentType("application/json");
        firstVersion.setContent(content);
        artifact.setFirstVersion(firstVersion);
        CreateArtifactResponse response;
        try {
            response = client.groups().byGroupId(GROUP).artifacts().post(artifact,
                    request -> request.queryParameters.ifExists = IfArtifactExists.FIND_OR_CREATE_VERSION);
        } catch (RuleViolationProblemDetails e) {
            throw new SchemaRejectedException(subject, explain(e));
        } catch (ProblemDetails e) {
            if (e.getStatus() != null && (e.getStatus() == 400 || e.getStatus() == 409 || e.getStatus() == 422)) {
                throw new SchemaRejectedException(subject, e.getDetail() != null ? e.getDetail() : e.getTitle());
            }
            throw unreachable("register " + subject, e);
        }
        String version = response.getVersion().getVersion();
        if (before == null) {
            report.add(subject, ProvisioningReport.Action.CREATED, "version " + version);
        } else if (before.equals(version)) {
            report.add(subject, ProvisioningReport.Action.UNCHANGED, "version " + version);
        } else {
            report.add(subject, ProvisioningReport.Action.UPDATED, "version " + before + " -> " + version);
        }
    }

    /** The latest version of a subject, or null when it has none. */
    public String latestVersion(String subject) {
        try {
            return latest(subject).get().getVersion();
        } catch (ProblemDetails e) {
            if (e.getStatus() != null && e.getStatus() == 404) {
                return null;
            }
            throw unreachable("read " + subject, e);
        }
    }

    /** The content of the latest version of a subject. */
    public String latestContent(String subject) {
        try (var in = latest(subject).content().get()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot read the content of " + subject + " from " + v3Url, e);
        }
    }

    /** The global rules in force, by rule type. */
    public Map<String, String> globalRules() {
        Map<String, String> rules = new LinkedHashMap<>();
        for (RuleType type : client.admin().rules().get()) {
            rules.put(type.getValue(), client.admin().rules().byRuleType(type.getValue()).get().getConfig());
        }
        return rules;
    }

    private io.apicurio.registry.rest.client.groups.item.artifacts.item.versions.item.WithVersionExpressionItemRequestBuilder
            latest(String subject) {
        return client.groups().byGroupId(GROUP).artifacts().byArtifactId(subject).versions()
                .byVersionExpression("branch=latest");
    }

    private void ensureGlobalRule(RuleType type, String config, ProvisioningReport report) {
        String label = "global rule " + type.getValue();
        if (!client.admin().rules().get().contains(type)) {
            CreateRule rule = new CreateRule();
            rule.setRuleType(type);
            rule.setConfig(config);
            client.admin().rules().post(rule);
            report.add(label, ProvisioningReport.Action.CREATED, config);
            return;
        }
        String existing = client.admin().rules().byRuleType(type.getValue()).get().getConfig();
        if (config.equals(existing)) {
            report.add(label, ProvisioningReport.Action.UNCHANGED, config);
        } else {
            Rule rule = new Rule();
            rule.setRuleType(type);
            rule.setConfig(config);
            client.admin().rules().byRuleType(type.getValue()).put(rule);
            report.add(label, ProvisioningReport.Action.UPDATED, existing + " -> " + config);
        }
    }

    private static String explain(RuleViolationProblemDetails problem) {
        StringBuilder detail = new StringBuilder(problem.getDetail() != null ? problem.getDetail() : problem.getTitle());
        if (problem.getCauses() != null) {
            problem.getCauses().forEach(cause -> detail.append("; ").append(cause.getContext()).append(": ")
                    .append(cause.getDescription()));
        }
        return detail.toString();
    }

    private IllegalStateException unreachable(String what, ProblemDetails problem) {
        return new IllegalStateException("Registry at " + v3Url + " refused to " + what + ": HTTP " + problem.getStatus()
                + " " + problem.getTitle() + (problem.getDetail() == null ? "" : ": " + problem.getDetail()), problem);
    }

    /** A registry rule refused a schema; the message is the registry's own explanation. */
    public static final class SchemaRejectedException extends RuntimeException {
        private final String subject;

        public SchemaRejectedException(String subject, String reason) {
            super("Schema for " + subject + " rejected by the registry: " + reason);
            this.subject = subject;
        }

        public String subject() {
            return subject;
        }
    }
}
