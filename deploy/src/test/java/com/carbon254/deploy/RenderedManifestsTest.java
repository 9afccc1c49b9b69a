package com.carbon254.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.carbon254.deploy.promql.PromQl;
import com.carbon254.deploy.validation.CrdSchemas;
import com.carbon254.deploy.validation.Manifest;
import com.carbon254.deploy.validation.ManifestFiles;
import com.carbon254.deploy.validation.ManifestValidator;
import com.carbon254.deploy.validation.MonitoringKinds;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.catalog.TopicDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;

/**
 * Validates every rendered manifest offline (no cluster): each document against the schema of its kind (see
 * {@link ManifestValidator}), and the platform's own rules across documents: one KafkaTopic per catalog topic with the
 * catalog's configuration, KafkaUser ACLs on existing topics only, references between resources, the required alerts
 * with parseable, type-correct PromQL over documented metrics, and the dashboard.
 */
class RenderedManifestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Path root;
    static Path manifestsDirectory;
    static List<Manifest> manifests;
    static CrdSchemas crds;

    @BeforeAll
    static void render() throws IOException {
        root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
        manifestsDirectory = Path.of(System.getProperty("manifests.directory", "target/manifests"));
        // The build renders in process-classes; render here when the tests run without it (an IDE).
        if (!Files.isDirectory(manifestsDirectory) || ManifestFiles.files(manifestsDirectory).isEmpty()) {
            RenderManifests.render(root, manifestsDirectory);
        }
        manifests = ManifestFiles.load(manifestsDirectory);
        crds = new CrdSchemas().load(Path.of(System.getProperty("crd.directory", "target/crds")));
    }

    // ---------------------------------------------------------------- schemas

    @TestFactory
    Stream<DynamicTest> everyDocumentIsValidAgainstTheSchemaOfItsKind() {
        ManifestValidator validator = new ManifestValidator(crds);
        return manifests.stream().map(m -> DynamicTest.dynamicTest(m.toString(), () -> {
            List<String> problems = validator.validate(m);
            assertThat(problems).as("%s", m).isEmpty();
        }));
    }

    @Test
    void theCrdSchemasAreThere() {
        assertThat(crds.find("kafka.strimzi.io", "v1", "Kafka")).isPresent();
        assertThat(crds.find("kafka.strimzi.io", "v1", "KafkaNodePool")).isPresent();
        assertThat(crds.find("kafka.strimzi.io", "v1", "KafkaTopic")).isPresent();
        assertThat(crds.find("kafka.strimzi.io", "v1", "KafkaUser")).isPresent();
        assertThat(crds.find("flink.apache.org", "v1beta1", "FlinkDeployment")).isPresent();
    }

    @Test
    void theFolderHoldsTheGeneratedThePlatformAndTheBuiltServicesManifests() throws IOException {
        Set<String> rendered = ManifestFiles.files(manifestsDirectory).stream().map(f -> f.getFileName().toString())
                .collect(Collectors.toSet());
        assertThat(rendered).contains(KafkaTopicManifests.FILE_NAME, KafkaUserManifests.FILE_NAME);
        try (Stream<Path> platform = Files.list(root.resolve(RenderManifests.PLATFORM_MANIFESTS))) {
            platform.forEach(f -> assertThat(rendered).contains(f.getFileName().toString()));
        }
        try (Stream<Path> services = Files.list(root.resolve("services"))) {
            services.filter(s -> Files.isRegularFile(s.resolve(RenderManifests.SERVICE_MANIFEST)))
                    .forEach(s -> assertThat(rendered).contains("50-service-" + s.getFileName() + ".yml"));
        }
        assertThat(manifests).as("documents").hasSizeGreaterThan(TopicCatalog.allTopicsWithDeadLetters().size());
    }

    @Test
    void noTwoDocumentsDeclareTheSameResource() {
        Map<String, List<String>> byId = new TreeMap<>();
        for (Manifest m : manifests) {
            byId.computeIfAbsent(m.group() + "/" + m.kind() + "/" + m.namespace() + "/" + m.name(),
                    k -> new ArrayList<>()).add(m.toString());
        }
        assertThat(byId.values()).allSatisfy(list -> assertThat(list).hasSize(1));
    }

    @Test
    void platformResourcesAreInTheNamespaceAndPartOfThePlatform() {
        // The services' generated manifests too (quarkus.kubernetes.namespace and part-of in each service).
        for (Manifest m : manifests) {
            if (m.kind().equals("Namespace")) {
                assertThat(m.name()).isEqualTo(Platform.NAMESPACE);
            } else {
                assertThat(m.namespace()).as("namespace of %s", m).isEqualTo(Platform.NAMESPACE);
            }
            assertThat(m.labels().path(Platform.PART_OF_LABEL).asText()).as("part-of label of %s", m)
                    .isEqualTo(Platform.PART_OF);
        }
        assertThat(manifests.getFirst().kind()).as("first document applied").isEqualTo("Namespace");
    }

    // ---------------------------------------------------------------- Kafka

    @Test
    void oneKafkaTopicPerCatalogTopicWithTheCatalogsPartitionsAndConfig() {
        Map<String, Manifest> topics = new TreeMap<>();
        for (Manifest m : of("KafkaTopic")) {
            String name = m.spec().path("topicName").asText(m.name());
            assertThat(topics.put(name, m)).as("second KafkaTopic for %s", name).isNull();
        }
        List<TopicDefinition> all = Stream.concat(TopicCatalog.allTopicsWithDeadLetters().stream(),
                TopicCatalog.restoreTopics().stream()).toList();
        Set<String> catalog = all.stream().map(TopicDefinition::name).collect(Collectors.toCollection(TreeSet::new));
        assertThat(topics.keySet()).isEqualTo(catalog);
        assertThat(catalog).hasSize(TopicCatalog.topics().size() * 3);

        for (TopicDefinition topic : all) {
            Manifest m = topics.get(topic.name());
            assertThat(m.labels().path(Platform.STRIMZI_CLUSTER_LABEL).asText()).isEqualTo(Platform.KAFKA_CLUSTER);
            assertThat(m.spec().path("partitions").asInt()).as("partitions of %s", topic.name())
                    .isEqualTo(topic.partitions());
            assertThat(m.spec().path("replicas").asInt()).as("replicas of %s", topic.name())
                    .isEqualTo(TopicCatalog.REPLICATION_FACTOR).isEqualTo(3);
            Map<String, String> config = new LinkedHashMap<>();
            m.spec().path("config").properties().forEach(e -> config.put(e.getKey(), e.getValue().asText()));
            assertThat(config).as("config of %s", topic.name())
                    .isEqualTo(topic.configs(TopicCatalog.MIN_INSYNC_REPLICAS))
                    .containsEntry("retention.ms", Long.toString(topic.retentionMs()))
                    .containsEntry("min.insync.replicas", "2")
                    .containsEntry("compression.type", "lz4")
                    .containsEntry("cleanup.policy", "delete");
        }
        assertThat(topics.get("data-events").spec().path("config").path("retention.ms").asText()).isEqualTo("-1");
        assertThat(topics.get("data-ingestion.dlq").spec().path("partitions").asInt()).isEqualTo(3);
    }

    @Test
    void everyKafkaUserAclReferencesExistingTopicsOnly() {
        Set<String> topics = of("KafkaTopic").stream().map(m -> m.spec().path("topicName").asText(m.name()))
                .collect(Collectors.toSet());
        List<Manifest> users = of("KafkaUser");
        assertThat(users).extracting(Manifest::name)
                .containsExactlyInAnyOrder("event-gateway", "dataset-command", "projector", "query-api",
                        "console", "flink-aggregator", "flink-archive");
        for (Manifest user : users) {
            assertThat(user.labels().path(Platform.STRIMZI_CLUSTER_LABEL).asText()).isEqualTo(Platform.KAFKA_CLUSTER);
            assertThat(user.spec().path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
            JsonNode acls = user.spec().path("authorization").path("acls");
            assertThat(acls).as("ACLs of %s", user.name()).isNotEmpty();
            for (JsonNode acl : acls) {
                JsonNode resource = acl.path("resource");
                String name = resource.path("name").asText();
                assertThat(name).as("ACL of %s", user.name()).isNotIn("*", "");
                if (resource.path("type").asText().equals("topic")) {
                    if (resource.path("patternType").asText("literal").equals("literal")) {
                        assertThat(topics).as("topic of an ACL of %s", user.name()).contains(name);
                    } else {
                        assertThat(topics).as("topics matched by prefix ACL %s of %s", name, user.name())
                                .anyMatch(t -> t.startsWith(name));
                    }
                }
            }
        }
    }

    @Test
    void eachServiceMayTouchItsOwnTopicsOnly() {
        Map<String, Map<String, Set<String>>> access = new TreeMap<>();
        for (Manifest user : of("KafkaUser")) {
            Map<String, Set<String>> operationsByResource = new TreeMap<>();
            for (JsonNode acl : user.spec().path("authorization").path("acls")) {
                String resource = acl.path("resource").path("type").asText() + ":" + acl.path("resource").path("name")
                        .asText();
                acl.path("operations").forEach(op -> operationsByResource
                        .computeIfAbsent(resource, k -> new TreeSet<>()).add(op.asText()));
            }
            access.put(user.name(), operationsByResource);
        }
        Set<String> gatewayTopics = java.util.Arrays.stream(com.carbon254.events.catalog.EventType.values())
                .filter(t -> t.publishRule().publishableThroughGateway()).map(t -> "topic:" + t.topic().name())
                .collect(Collectors.toSet());
        // The gateway writes what PublishRule lets it accept (never the platform's own topics), and reads nothing.
        assertThat(writable(access.get("event-gateway"))).isEqualTo(gatewayTopics)
                .doesNotContain("topic:data-events", "topic:data-ingestion-aggregated", "topic:data-quality-aggregated");
        assertThat(readable(access.get("event-gateway"))).isEmpty();

        // The outbox relay writes the event store, api-runtime the audit of calls; no transactions, no consumer.
        assertThat(writable(access.get("dataset-command")))
                .containsExactlyInAnyOrder("topic:data-events", "topic:audit-api-calls", "topic:security-events");
        assertThat(readable(access.get("dataset-command"))).isEmpty();
        assertThat(access.get("dataset-command").keySet()).allMatch(resource -> resource.startsWith("topic:"));

        // The projector reads its thirteen topics and every dead-letter topic; it writes the dead letters of what it
        // projects, re-drives (any catalog topic) and the audit of calls and admin operations.
        Set<String> deadLetters = TopicCatalog.topics().stream().map(t -> "topic:" + t.deadLetterTopic())
                .collect(Collectors.toSet());
        assertThat(readable(access.get("projector"))).containsAll(deadLetters).contains("topic:data-events",
                "topic:data-ingestion-aggregated", "topic:data-quality-aggregated", "topic:data-transformation",
                "topic:system-health", "topic:deployment-events", "topic:config-changes", "topic:data-lineage",
                "topic:audit-user-actions", "topic:audit-api-calls", "topic:audit-data-access",
                "topic:audit-admin-operations", "topic:security-events", "topic:data-events.restore",
                "topic:system-health.restore").hasSize(13 + 15 + 13);
        assertThat(writable(access.get("projector"))).containsAll(TopicCatalog.topics().stream()
                .map(t -> "topic:" + t.name()).toList()).contains("topic:data-events.dlq")
                .doesNotContain("topic:data-events.dlq.dlq");
        assertThat(access.get("projector")).containsEntry("group:projector-datasets", Set.of("Read"))
                .containsEntry("group:projector-transformations", Set.of("Read"))
                .containsEntry("group:projector-dead-letters", Set.of("Read"));

        // The query API publishes the audit of calls and of data access, reads topics only for the browse (no group)
        // and watches the projector's groups (lag), nothing more.
        assertThat(writable(access.get("query-api"))).containsExactlyInAnyOrder("topic:audit-api-calls",
                "topic:security-events", "topic:audit-data-access");
        assertThat(access.get("query-api").keySet()).noneMatch(key -> key.startsWith("group:")
                && access.get("query-api").get(key).contains("Read"));
        assertThat(access.get("query-api")).containsEntry("group:projector-datasets", Set.of("Describe"))
                .containsEntry("group:projector-transformations", Set.of("Describe"));

        assertThat(readable(access.get("flink-aggregator")))
                .containsExactlyInAnyOrder("topic:data-ingestion", "topic:data-quality");
        assertThat(writable(access.get("flink-aggregator"))).containsExactlyInAnyOrder(
                "topic:data-ingestion-aggregated", "topic:data-quality-aggregated",
                "topic:data-ingestion.dlq", "topic:data-quality.dlq");
        assertThat(access.get("flink-aggregator")).containsEntry("group:flink-aggregator", Set.of("Read"))
                .containsEntry("transactionalId:flink-aggregator", Set.of("Describe", "Write"));

        // The archive reads every catalog topic (its output is Iceberg tables); its user's restores write and empty the
        // restore topics, in transactions of its own.
        assertThat(readable(access.get("flink-archive"))).isEqualTo(TopicCatalog.topics().stream()
                .map(t -> "topic:" + t.name()).collect(Collectors.toSet()));
        assertThat(writable(access.get("flink-archive"))).isEqualTo(TopicCatalog.restoreTopics().stream()
                .map(t -> "topic:" + t.name()).collect(Collectors.toSet()));
        assertThat(access.get("flink-archive")).containsEntry("group:flink-archive", Set.of("Read"))
                .containsEntry("topic:data-events.restore", Set.of("Delete", "Describe", "Write"))
                .containsEntry("transactionalId:flink-archive", Set.of("Describe", "Write"))
                .doesNotContainKey("transactionalId:flink-aggregator");

        // The console looks at every topic and group, reads no record and writes only the audit of its calls.
        Map<String, Set<String>> console = access.get("console");
        assertThat(readable(console)).isEmpty();
        assertThat(writable(console)).containsExactlyInAnyOrder("topic:audit-api-calls", "topic:security-events");
        TopicCatalog.allTopicsWithDeadLetters().forEach(t -> assertThat(console.get("topic:" + t.name()))
                .as(t.name()).contains("Describe"));
        assertThat(console).containsEntry("group:projector-datasets", Set.of("Describe"))
                .containsEntry("group:flink-aggregator", Set.of("Describe"));

        // The query API's topic browse reads every catalog topic without a consumer group.
        TopicCatalog.allTopicsWithDeadLetters().forEach(t -> assertThat(access.get("query-api").get("topic:" + t.name()))
                .as(t.name()).contains("Read"));
    }

    private static Set<String> writable(Map<String, Set<String>> access) {
        return access.entrySet().stream().filter(e -> e.getKey().startsWith("topic:") && e.getValue().contains("Write"))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    private static Set<String> readable(Map<String, Set<String>> access) {
        return access.entrySet().stream().filter(e -> e.getKey().startsWith("topic:") && e.getValue().contains("Read"))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    @Test
    void theKafkaClusterIsKraftWithThreeDualRoleNodesAuthenticationAuthorizationAndMetrics() {
        Manifest kafka = single("Kafka");
        assertThat(kafka.name()).isEqualTo(Platform.KAFKA_CLUSTER);
        JsonNode spec = kafka.spec().path("kafka");
        assertThat(spec.has("replicas")).as("replicas belong to the node pool").isFalse();
        Map<String, JsonNode> listeners = new TreeMap<>();
        spec.path("listeners").forEach(l -> listeners.put(l.path("name").asText(), l));
        assertThat(listeners.get("plain").path("port").asInt()).isEqualTo(9092);
        assertThat(listeners.get("plain").path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
        assertThat(listeners.get("tls").path("port").asInt()).isEqualTo(9093);
        assertThat(listeners.get("tls").path("tls").asBoolean()).isTrue();
        assertThat(listeners.values()).allSatisfy(l -> assertThat(l.path("authentication").isObject()).isTrue());
        assertThat(spec.path("authorization").path("type").asText()).isEqualTo("simple");
        assertThat(spec.path("config").path("min.insync.replicas").asInt()).isEqualTo(TopicCatalog.MIN_INSYNC_REPLICAS);
        assertThat(spec.path("config").path("default.replication.factor").asInt())
                .isEqualTo(TopicCatalog.REPLICATION_FACTOR);
        assertThat(spec.path("config").path("compression.type").asText()).isEqualTo("lz4");
        assertThat(spec.path("config").path("auto.create.topics.enable").asBoolean(true)).isFalse();
        assertThat(kafka.spec().path("kafkaExporter").isObject()).as("Kafka Exporter (consumer lag)").isTrue();
        assertThat(kafka.spec().path("entityOperator").path("topicOperator").isObject()).isTrue();
        assertThat(kafka.spec().path("entityOperator").path("userOperator").isObject()).isTrue();

        JsonNode metrics = spec.path("metricsConfig");
        assertThat(metrics.path("type").asText()).isEqualTo("jmxPrometheusExporter");
        JsonNode ref = metrics.path("valueFrom").path("configMapKeyRef");
        assertThat(configMapData(ref.path("name").asText())).containsKey(ref.path("key").asText());

        List<Manifest> pools = of("KafkaNodePool");
        assertThat(pools).hasSize(1);
        JsonNode pool = pools.getFirst().spec();
        assertThat(pools.getFirst().labels().path(Platform.STRIMZI_CLUSTER_LABEL).asText())
                .isEqualTo(Platform.KAFKA_CLUSTER);
        assertThat(pool.path("replicas").asInt()).isEqualTo(3);
        assertThat(texts(pool.path("roles"))).containsExactlyInAnyOrder("controller", "broker");
        List<JsonNode> volumes = new ArrayList<>();
        pool.path("storage").path("volumes").forEach(volumes::add);
        assertThat(volumes).isNotEmpty().allSatisfy(v -> {
            assertThat(v.path("type").asText()).isEqualTo("persistent-claim");
            assertThat(v.path("deleteClaim").asBoolean(true)).isFalse();
        });
        assertThat(volumes).anyMatch(v -> v.path("kraftMetadata").asText().equals("shared"));

        // Every Strimzi resource names this cluster.
        for (Manifest m : manifests) {
            if (m.group().equals("kafka.strimzi.io") && !m.kind().equals("Kafka")) {
                assertThat(m.labels().path(Platform.STRIMZI_CLUSTER_LABEL).asText()).as("cluster of %s", m)
                        .isEqualTo(Platform.KAFKA_CLUSTER);
            }
        }
    }

    @Test
    void theJmxExporterRulesProduceEveryKafkaMetricTheRulesAndDashboardUse() throws IOException {
        Manifest kafka = single("Kafka");
        JsonNode ref = kafka.spec().path("kafka").path("metricsConfig").path("valueFrom").path("configMapKeyRef");
        String config = configMapData(ref.path("name").asText()).get(ref.path("key").asText());
        JmxExporterRules rules = new JmxExporterRules(ManifestFiles.YAML.readTree(config));
        for (KnownMetrics.Metric metric : KnownMetrics.ALL) {
            if (metric.source() == KnownMetrics.Source.KAFKA_JMX) {
                assertThat(rules.nameOf(metric.mbean())).as("name of %s", metric.mbean()).contains(metric.name());
            }
        }
    }

    // ---------------------------------------------------------------- registry

    @Test
    void theRegistryStoresInPostgresqlIsProbedOnItsManagementPortAndGetsItsGlobalRules() {
        Manifest deployment = named("Deployment", "apicurio-registry");
        JsonNode container = deployment.spec().path("template").path("spec").path("containers").get(0);
        assertThat(container.path("image").asText()).startsWith("quay.io/apicurio/apicurio-registry:3.");
        Map<String, JsonNode> env = new TreeMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        assertThat(env.get("APICURIO_STORAGE_KIND").path("value").asText()).isEqualTo("sql");
        assertThat(env.get("APICURIO_STORAGE_SQL_KIND").path("value").asText()).isEqualTo("postgresql");
        for (String secretVariable : List.of("APICURIO_DATASOURCE_URL", "APICURIO_DATASOURCE_USERNAME",
                "APICURIO_DATASOURCE_PASSWORD")) {
            assertThat(env.get(secretVariable).path("valueFrom").path("secretKeyRef").path("name").asText())
                    .as(secretVariable).isEqualTo("apicurio-registry-db");
        }
        Map<String, Integer> ports = new TreeMap<>();
        container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        assertThat(ports).containsEntry("http", 8080).containsEntry("management", 9000);
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(container.path(probe).path("httpGet").path("port").asText()).as(probe).isEqualTo("management");
        }
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/ready");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/live");

        // Rules and schemas: the registration Job (platform-setup's SchemaRegistrar), the only writer of schemas.
        Manifest job = named("Job", "carbon254-schema-registration");
        assertThat(texts(job.spec().path("template").path("spec").path("containers").get(0).path("args")))
                .startsWith("register-schemas").contains("http://apicurio-registry.carbon254.svc:8080/apis/registry/v3");
    }

    // ---------------------------------------------------------------- references between resources

    @Test
    void servicesSelectPodsAndNamedPortsExist() {
        for (Manifest service : of("Service")) {
            JsonNode selector = service.spec().path("selector");
            List<Manifest> workloads = of("Deployment").stream().filter(d -> matches(selector,
                    d.spec().path("template").path("metadata").path("labels"))).toList();
            assertThat(workloads).as("workloads selected by %s", service).isNotEmpty();
            Set<String> containerPorts = new HashSet<>();
            workloads.forEach(d -> d.spec().path("template").path("spec").path("containers").forEach(
                    c -> c.path("ports").forEach(p -> containerPorts.add(p.path("name").asText()))));
            for (JsonNode port : service.spec().path("ports")) {
                JsonNode target = port.path("targetPort");
                if (target.isTextual()) {
                    assertThat(containerPorts).as("target port of %s", service).contains(target.asText());
                }
            }
        }
        for (Manifest deployment : of("Deployment")) {
            assertThat(matches(deployment.spec().path("selector").path("matchLabels"),
                    deployment.spec().path("template").path("metadata").path("labels"))).as("selector of %s",
                    deployment).isTrue();
            for (JsonNode container : deployment.spec().path("template").path("spec").path("containers")) {
                Set<String> ports = new HashSet<>();
                container.path("ports").forEach(p -> ports.add(p.path("name").asText()));
                for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                    JsonNode port = container.path(probe).path("httpGet").path("port");
                    if (port.isTextual()) {
                        assertThat(ports).as("%s port of %s", probe, deployment).contains(port.asText());
                    }
                }
            }
        }
    }

    /** Secrets created outside git (deploy/README.md): each service's PostgreSQL role, the database administrator's
     *  (for the roles Job) and the JWT verification key. */
    static final Set<String> OPERATOR_SECRETS = Set.of("dataset-command-postgres", "projector-postgres",
            "query-api-postgres", "carbon254-postgres-admin", "carbon254-jwt");

    /** Kinds whose ConfigMap and Secret references are checked (operators create more for their own kinds). */
    static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Kafka",
            "KafkaNodePool");

    @Test
    void referencedConfigMapsExistAndSecretsAreTheDocumentedExternalOnes() {
        Set<String> configMaps = of("ConfigMap").stream().map(Manifest::name).collect(Collectors.toSet());
        // Declared here, created outside git (see 30-apicurio-registry.yml and deploy/README.md), or written by the
        // Strimzi User Operator (one per KafkaUser).
        Set<String> externalSecrets = new HashSet<>(Set.of("apicurio-registry-db"));
        externalSecrets.addAll(OPERATOR_SECRETS);
        of("Secret").forEach(s -> externalSecrets.add(s.name()));
        of("KafkaUser").forEach(u -> externalSecrets.add(u.name()));
        for (Manifest m : manifests) {
            if (!WORKLOADS.contains(m.kind())) {
                continue;
            }
            walk(m.node(), (key, value) -> {
                if (key.equals("configMapKeyRef") || key.equals("configMapRef")) {
                    assertThat(configMaps).as("ConfigMap referenced by %s", m).contains(value.path("name").asText());
                }
                if (key.equals("secretKeyRef") || key.equals("secretRef")) {
                    assertThat(externalSecrets).as("Secret referenced by %s", m).contains(value.path("name").asText());
                }
            });
        }
    }

    @Test
    void monitorsSelectSomethingThePlatformRuns() {
        Manifest registryMonitor = named("ServiceMonitor", "apicurio-registry");
        JsonNode selector = registryMonitor.spec().path("selector").path("matchLabels");
        List<Manifest> services = of("Service").stream().filter(s -> matches(selector, s.labels())).toList();
        assertThat(services).isNotEmpty();
        Set<String> servicePorts = new HashSet<>();
        services.forEach(s -> s.spec().path("ports").forEach(p -> servicePorts.add(p.path("name").asText())));
        registryMonitor.spec().path("endpoints").forEach(e -> assertThat(servicePorts).contains(e.path("port").asText()));

        Manifest kafkaMonitor = named("PodMonitor", "carbon254-kafka");
        assertThat(kafkaMonitor.spec().path("selector").path("matchLabels").path(Platform.STRIMZI_CLUSTER_LABEL)
                .asText()).isEqualTo(Platform.KAFKA_CLUSTER);
        assertThat(kafkaMonitor.spec().path("podMetricsEndpoints").get(0).path("port").asText())
                .isEqualTo("tcp-prometheus");
        for (Manifest monitor : manifests) {
            if (monitor.kind().endsWith("Monitor")) {
                assertThat(monitor.spec().path("selector").isEmpty()).as("%s selects everything", monitor).isFalse();
            }
        }
    }

    // ---------------------------------------------------------------- alerts

    static final Set<String> REQUIRED_ALERTS = Set.of("KafkaConsumerLag", "KafkaDeadLetters", "ProjectionStalled",
            "ProjectionStuck", "DataQualityCriticalFailures", "OutboxBacklogAge", "FlinkJobNotRunning", "FlinkCheckpointsFailing", "ServiceDown");

    @Test
    void theRequiredAlertsExistWithTheirThresholds() {
        Map<String, Rule> alerts = alerts();
        assertThat(alerts.keySet()).containsAll(REQUIRED_ALERTS);

        Rule lag = alerts.get("KafkaConsumerLag");
        assertThat(lag.getFor()).isEqualTo("5m");
        assertThat(lag.getLabels()).containsEntry("severity", "warning");
        assertThat(lag.getAnnotations()).containsEntry("summary", "High consumer lag on {{ $labels.topic }}");
        PromQl.Expr lagExpr = PromQl.parse(expr(lag));
        assertThat(threshold(lagExpr, ">")).isEqualTo(10000.0);
        assertThat(lagExpr).isInstanceOfSatisfying(PromQl.Binary.class, b -> assertThat(b.lhs())
                .isInstanceOfSatisfying(PromQl.Aggregation.class, a -> {
                    assertThat(a.op()).isEqualTo("sum");
                    assertThat(a.grouping()).containsExactlyInAnyOrder("consumergroup", "topic");
                    assertThat(PromQl.metricNames(a)).containsExactly("kafka_consumergroup_lag");
                }));

        PromQl.Expr deadLetters = PromQl.parse(expr(alerts.get("KafkaDeadLetters")));
        assertThat(PromQl.metricNames(deadLetters)).contains("carbon254_dead_letters_total",
                "kafka_topic_partition_current_offset");
        assertThat(PromQl.functions(deadLetters)).contains("increase");
        assertThat(ranges(deadLetters)).containsOnly("10m");

        Rule projection = alerts.get("ProjectionStalled");
        PromQl.Expr projectionExpr = PromQl.parse(expr(projection));
        assertThat(PromQl.metricNames(projectionExpr)).contains("carbon254_projection_lag_seconds",
                "carbon254_projection_lag_events", "carbon254_events_consumed_total");
        assertThat(numbers(projectionExpr)).contains(300.0);
        assertThat(projection.getFor()).isEqualTo("5m");

        Rule stuck = alerts.get("ProjectionStuck");
        PromQl.Expr stuckExpr = PromQl.parse(expr(stuck));
        assertThat(PromQl.metricNames(stuckExpr)).containsExactly("carbon254_projection_stuck");
        assertThat(threshold(stuckExpr, ">")).isEqualTo(0.0);
        assertThat(stuck.getLabels()).containsEntry("severity", "critical");

        Rule outbox = alerts.get("OutboxBacklogAge");
        assertThat(PromQl.metricNames(PromQl.parse(expr(outbox)))).containsExactly("carbon254_outbox_oldest_age_seconds");
        assertThat(threshold(PromQl.parse(expr(outbox)), ">")).isEqualTo(60.0);
        assertThat(outbox.getFor()).isEqualTo("5m");

        Rule flink = alerts.get("FlinkJobNotRunning");
        assertThat(PromQl.metricNames(PromQl.parse(expr(flink)))).containsExactly("flink_jobmanager_numRunningJobs");
        assertThat(numbers(PromQl.parse(expr(flink)))).contains(1.0);
        assertThat(flink.getFor()).isEqualTo("5m");

        PromQl.Expr checkpoints = PromQl.parse(expr(alerts.get("FlinkCheckpointsFailing")));
        assertThat(PromQl.metricNames(checkpoints)).containsExactly("flink_jobmanager_job_numberOfFailedCheckpoints");
        assertThat(PromQl.functions(checkpoints)).contains("increase");
        assertThat(ranges(checkpoints)).containsOnly("10m");
        assertThat(threshold(checkpoints, ">")).isEqualTo(0.0);

        Rule down = alerts.get("ServiceDown");
        assertThat(PromQl.metricNames(PromQl.parse(expr(down)))).containsExactly("up");
        assertThat(threshold(PromQl.parse(expr(down)), "==")).isEqualTo(0.0);
    }

    @Test
    void everyRuleIsWellFormedAndItsTemplatesUseLabelsTheExpressionKeeps() {
        Set<String> names = new HashSet<>();
        for (Manifest m : of("PrometheusRule")) {
            PrometheusRule resource = MonitoringKinds.read(m, PrometheusRule.class);
            assertThat(resource.getSpec().getGroups()).isNotEmpty();
            Set<String> groups = new HashSet<>();
            for (RuleGroup group : resource.getSpec().getGroups()) {
                assertThat(groups.add(group.getName())).as("unique group name %s", group.getName()).isTrue();
                assertThat(group.getRules()).isNotEmpty();
                for (Rule rule : group.getRules()) {
                    String id = m + " " + (rule.getAlert() != null ? rule.getAlert() : rule.getRecord());
                    assertThat(rule.getAlert() == null).as("alert xor record: %s", id)
                            .isNotEqualTo(rule.getRecord() == null);
                    PromQl.Expr expr = PromQl.parse(expr(rule));
                    assertThat(expr.type()).as("type of %s", id).isIn(PromQl.Type.INSTANT_VECTOR, PromQl.Type.SCALAR);
                    if (rule.getFor() != null) {
                        assertThat(PromQl.isDuration(rule.getFor())).as("for of %s", id).isTrue();
                    }
                    if (rule.getAlert() != null) {
                        assertThat(names.add(rule.getAlert())).as("unique alert %s", id).isTrue();
                        assertThat(rule.getLabels()).as("labels of %s", id).containsKey("severity");
                        assertThat(rule.getLabels().get("severity")).isIn("critical", "warning", "info");
                        assertThat(rule.getAnnotations()).as("annotations of %s", id).containsKeys("summary",
                                "description");
                        Optional<Set<String>> output = PromQl.outputLabels(expr);
                        for (String text : rule.getAnnotations().values()) {
                            for (String label : Templates.labelsUsed(text)) {
                                output.ifPresent(labels -> assertThat(labels)
                                        .as("labels of %s, used by its annotation '%s'", id, text).contains(label));
                            }
                        }
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- dashboard and metrics

    @Test
    void theDashboardIsValidAndShowsEverySection() throws IOException {
        Manifest configMap = named("ConfigMap", "carbon254-event-platform-dashboard");
        assertThat(configMap.labels().path("grafana_dashboard").asText()).isEqualTo("1");
        JsonNode dashboard = dashboard();
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("title").asText()).isNotBlank();
        Set<String> variables = new HashSet<>();
        dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
        assertThat(variables).contains("datasource");

        Set<Integer> ids = new HashSet<>();
        List<int[]> cells = new ArrayList<>();
        Map<String, List<String>> exprsByTitle = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id %s", panel.path("id")).isTrue();
            JsonNode grid = panel.path("gridPos");
            int x = grid.path("x").asInt(), y = grid.path("y").asInt(), w = grid.path("w").asInt(),
                    h = grid.path("h").asInt();
            assertThat(w).isPositive();
            assertThat(h).isPositive();
            assertThat(x + w).as("width of %s", panel.path("title")).isLessThanOrEqualTo(24);
            for (int[] other : cells) {
                boolean overlap = x < other[0] + other[2] && other[0] < x + w && y < other[1] + other[3]
                        && other[1] < y + h;
                assertThat(overlap).as("panel %s overlaps another", panel.path("title")).isFalse();
            }
            cells.add(new int[] {x, y, w, h});
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as("datasource of %s", panel.path("title"))
                    .isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as("queries of %s", panel.path("title")).isNotEmpty();
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : panel.path("targets")) {
                assertThat(refIds.add(target.path("refId").asText())).isTrue();
                String expr = target.path("expr").asText();
                PromQl.Expr parsed = PromQl.parse(Templates.substituteGrafanaVariables(expr));
                assertThat(parsed.type()).isIn(PromQl.Type.INSTANT_VECTOR, PromQl.Type.SCALAR);
                exprsByTitle.computeIfAbsent(panel.path("title").asText(), k -> new ArrayList<>()).add(expr);
            }
        }
        List<String> all = exprsByTitle.values().stream().flatMap(List::stream).toList();
        Predicate<String> flow = e -> e.contains("kafka_server_brokertopicmetrics_messagesin_total");
        assertThat(all).as("produced per topic").anyMatch(flow.and(e -> e.contains("by (topic)")));
        assertThat(all).as("published by services").anyMatch(e -> e.contains("carbon254_events_published_total"));
        assertThat(all).as("consumed").anyMatch(e -> e.contains("carbon254_events_consumed_total"));
        assertThat(all).as("consumer lag").anyMatch(e -> e.contains("kafka_consumergroup_lag"));
        assertThat(all).as("projection lag").anyMatch(e -> e.contains("carbon254_projection_lag_seconds"))
                .anyMatch(e -> e.contains("carbon254_projection_lag_events"));
        assertThat(all).as("p50").anyMatch(e -> e.startsWith("histogram_quantile(0.5,") && e.contains("_bucket"));
        assertThat(all).as("p99").anyMatch(e -> e.startsWith("histogram_quantile(0.99,") && e.contains("_bucket"));
        assertThat(all).as("dead letters").anyMatch(e -> e.contains("carbon254_dead_letters_total"))
                .anyMatch(e -> e.contains("dlq"));
        assertThat(all).as("outbox").anyMatch(e -> e.contains("carbon254_outbox_backlog"))
                .anyMatch(e -> e.contains("carbon254_outbox_oldest_age_seconds"));
        assertThat(all).as("flink throughput").anyMatch(e -> e.contains("flink_taskmanager_job_task_numRecords"));
        assertThat(all).as("flink checkpoints").anyMatch(e -> e.contains("numberOfCompletedCheckpoints"))
                .anyMatch(e -> e.contains("numberOfFailedCheckpoints"));
    }

    @Test
    void everyMetricTheAlertsAndTheDashboardUseIsKnownAndDocumented() throws IOException {
        Map<String, Set<String>> used = new TreeMap<>();
        for (Rule rule : alerts().values()) {
            PromQl.metricNames(PromQl.parse(expr(rule))).forEach(
                    n -> used.computeIfAbsent(n, k -> new TreeSet<>()).add("alert " + rule.getAlert()));
        }
        for (JsonNode panel : dashboard().path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                PromQl.metricNames(PromQl.parse(Templates.substituteGrafanaVariables(target.path("expr").asText())))
                        .forEach(n -> used.computeIfAbsent(n, k -> new TreeSet<>())
                                .add("panel " + panel.path("title").asText()));
            }
        }
        assertThat(used.keySet()).as("metrics used (and where) %s", used)
                .allSatisfy(name -> assertThat(KnownMetrics.byName(name)).as(name).isPresent());
        String readme = Files.readString(root.resolve("deploy/README.md"));
        for (KnownMetrics.Metric metric : KnownMetrics.ALL) {
            assertThat(readme).as("deploy/README.md documents %s", metric.name()).contains("`" + metric.name() + "`");
        }
        for (String alert : REQUIRED_ALERTS) {
            assertThat(readme).as("deploy/README.md documents alert %s", alert).contains(alert);
        }
    }

    // ---------------------------------------------------------------- Flink

    @Test
    void aFlinkDeploymentIfPresentIsMonitoredByThePodMonitor() {
        for (Manifest flink : of("FlinkDeployment")) {
            assertThat(flink.namespace()).isEqualTo(Platform.NAMESPACE);
            JsonNode config = flink.spec().path("flinkConfiguration");
            assertThat(config.path("metrics.reporter.prom.factory.class").asText())
                    .as("Prometheus reporter of %s (the FlinkJobNotRunning/checkpoint alerts need it)", flink)
                    .contains("PrometheusReporterFactory");
        }
    }

    // ---------------------------------------------------------------- helpers

    static List<Manifest> of(String kind) {
        return manifests.stream().filter(m -> m.kind().equals(kind)).toList();
    }

    static Manifest single(String kind) {
        List<Manifest> found = of(kind);
        assertThat(found).as("%s resources", kind).hasSize(1);
        return found.getFirst();
    }

    static Manifest named(String kind, String name) {
        return of(kind).stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the rendered manifests"));
    }

    static Map<String, String> configMapData(String name) {
        Map<String, String> data = new TreeMap<>();
        named("ConfigMap", name).node().path("data").properties().forEach(e -> data.put(e.getKey(), e.getValue()
                .asText()));
        return data;
    }

    static JsonNode dashboard() throws IOException {
        Manifest configMap = named("ConfigMap", "carbon254-event-platform-dashboard");
        Map.Entry<String, JsonNode> entry = configMap.node().path("data").properties().iterator().next();
        assertThat(entry.getKey()).endsWith(".json");
        return JSON.readTree(entry.getValue().asText());
    }

    static Map<String, Rule> alerts() {
        Map<String, Rule> alerts = new TreeMap<>();
        for (Manifest m : of("PrometheusRule")) {
            for (RuleGroup group : MonitoringKinds.read(m, PrometheusRule.class).getSpec().getGroups()) {
                for (Rule rule : group.getRules()) {
                    if (rule.getAlert() != null) {
                        alerts.put(rule.getAlert(), rule);
                    }
                }
            }
        }
        return alerts;
    }

    static String expr(Rule rule) {
        Object expr = rule.getExpr().getValue();
        return expr == null ? rule.getExpr().getStrVal() : expr.toString();
    }

    /** The number a top-level comparison compares with. */
    static Double threshold(PromQl.Expr expr, String op) {
        if (expr instanceof PromQl.Binary b && b.op().equals(op) && b.rhs() instanceof PromQl.NumberLiteral n) {
            return n.value();
        }
        throw new AssertionError("not a comparison '" + op + " <number>': " + expr);
    }

    static List<Double> numbers(PromQl.Expr expr) {
        List<Double> numbers = new ArrayList<>();
        PromQl.walk(expr, e -> {
            if (e instanceof PromQl.NumberLiteral n) {
                numbers.add(n.value());
            }
        });
        return numbers;
    }

    static Set<String> ranges(PromQl.Expr expr) {
        Set<String> ranges = new TreeSet<>();
        PromQl.walk(expr, e -> {
            if (e instanceof PromQl.MatrixSelector m) {
                ranges.add(m.range());
            }
        });
        return ranges;
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    static boolean matches(JsonNode selector, JsonNode labels) {
        if (!selector.isObject() || selector.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> e : selector.properties()) {
            if (!labels.path(e.getKey()).asText("\u0000").equals(e.getValue().asText())) {
                return false;
            }
        }
        return true;
    }

    private static void walk(JsonNode node, java.util.function.BiConsumer<String, JsonNode> visitor) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                visitor.accept(e.getKey(), e.getValue());
                walk(e.getValue(), visitor);
            });
        } else if (node.isArray()) {
            node.forEach(n -> walk(n, visitor));
        }
    }
}
