package com.carbon254.devstack;

import com.carbon254.setup.ProvisioningReport;
import com.carbon254.setup.registry.SchemaRegistrar;
import com.carbon254.devstack.provision.TopicProvisioner;
import com.carbon254.devstack.testing.EmbeddedStackResource;
import com.carbon254.devstack.testing.SharedStack;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.catalog.TopicDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole embedded stack against its real servers: topics, schemas, rules, PostgreSQL and search. */
class EmbeddedStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static EmbeddedStack stack;
    private static Endpoints endpoints;

    @BeforeAll
    static void startStack() {
        stack = SharedStack.get(EnumSet.allOf(Component.class));
        endpoints = stack.endpoints();
    }

    @Test
    void everyCatalogTopicExistsWithItsPartitionsAndConfigs() throws Exception {
        List<TopicDefinition> planned = TopicCatalog.allTopicsWithDeadLetters();
        try (Admin admin = stack.admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(
                    planned.stream().map(TopicDefinition::name).toList()).allTopicNames().get(30, TimeUnit.SECONDS);
            var configs = admin.describeConfigs(planned.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList()).all().get(30, TimeUnit.SECONDS);
            for (TopicDefinition topic : planned) {
                assertThat(topics.get(topic.name()).partitions()).as(topic.name()).hasSize(topic.partitions());
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
                assertThat(config.get("compression.type").value()).as(topic.name()).isEqualTo("lz4");
                assertThat(config.get("cleanup.policy").value()).as(topic.name()).isEqualTo("delete");
                assertThat(config.get("retention.ms").value()).as(topic.name()).isEqualTo(Long.toString(topic.retentionMs()));
                assertThat(config.get("min.insync.replicas").value()).as(topic.name()).isEqualTo("1");
            }
        }
        assertThat(planned).extracting(TopicDefinition::name)
                .contains("data-ingestion", "data-events", "data-ingestion-aggregated", "data-ingestion.dlq");
    }

    @Test
    void provisioningIsIdempotentAndReconcilesDrift() throws Exception {
        try (Admin admin = stack.admin()) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, (short) 1, 1);
            ProvisioningReport again = provisioner.provision(TopicCatalog.allTopicsWithDeadLetters());
            assertThat(again.changes()).isEmpty();
            assertThat(again.count(ProvisioningReport.Action.UNCHANGED)).isEqualTo(TopicCatalog.allTopicsWithDeadLetters().size());

            // Someone changed a topic by hand: provisioning sets it back and says so.
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "system-health");
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                    new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
            ProvisioningReport repaired = provisioner.provision(List.of(TopicCatalog.SYSTEM_HEALTH));
            assertThat(repaired.changes()).singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("retention.ms 1000 -> " + TopicCatalog.SYSTEM_HEALTH.retentionMs()));
            String retention = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
                    .get(resource).get("retention.ms").value();
            assertThat(retention).isEqualTo(Long.toString(TopicCatalog.SYSTEM_HEALTH.retentionMs()));
        }
    }

    @Test
    void everySchemaIsRetrievableThroughTheV3AndConfluentCompatibleApis() throws Exception {
        for (TopicDefinition topic : TopicCatalog.topics()) {
            String subject = topic.valueSubject();
            String v3 = get(endpoints.registryUrl() + "/groups/default/artifacts/" + subject + "/versions/branch=latest/content");
            assertThat(new Schema.Parser().parse(v3)).as(subject).isEqualTo(topic.valueSchema());

            JsonNode ccompat = JSON.readTree(get(endpoints.registryCcompatUrl() + "/subjects/" + subject + "/versions/latest"));
            assertThat(new Schema.Parser().parse(ccompat.path("schema").asText())).as(subject).isEqualTo(topic.valueSchema());
            // The id a Confluent-wire record carries resolves to the same schema.
            JsonNode byId = JSON.readTree(get(endpoints.registryCcompatUrl() + "/schemas/ids/" + ccompat.path("id").asInt()));
            assertThat(new Schema.Parser().parse(byId.path("schema").asText())).isEqualTo(topic.valueSchema());
        }
        JsonNode subjects = JSON.readTree(get(endpoints.registryCcompatUrl() + "/subjects"));
        assertThat(subjects.toString()).contains("\"data-ingestion-value\"", "\"data-events-value\"");
    }

    @Test
    void theRegistryRefusesABreakingChangeAndAcceptsACompatibleOne() {
        SchemaRegistrar registrar = new SchemaRegistrar(endpoints.registryUrl());
        assertThat(registrar.globalRules()).containsEntry("COMPATIBILITY", "BACKWARD_TRANSITIVE").containsEntry("VALIDITY", "FULL");

        String subject = "compat-check-value";
        String v1 = record("\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]");
        String breaking = record("\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"owner\",\"type\":\"string\"}]");
        String compatible = record("\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
                + "{\"name\":\"owner\",\"type\":[\"null\",\"string\"],\"default\":null}]");
        ProvisioningReport report = new ProvisioningReport();
        registrar.register(subject, v1, report);

        assertThatThrownBy(() -> registrar.register(subject, breaking, new ProvisioningReport()))
                .isInstanceOf(SchemaRegistrar.SchemaRejectedException.class)
                .hasMessageContaining(subject)
                .hasMessageContaining("owner");
        assertThat(registrar.latestVersion(subject)).isEqualTo("1");

        ProvisioningReport evolved = new ProvisioningReport();
        registrar.register(subject, compatible, evolved);
        assertThat(registrar.latestVersion(subject)).isEqualTo("2");
        assertThat(evolved.changes()).singleElement().satisfies(e -> assertThat(e.detail()).contains("1 -> 2"));

        assertThatThrownBy(() -> registrar.register("invalid-value", "{\"type\":\"record\",\"name\":\"X\"}", new ProvisioningReport()))
                .isInstanceOf(SchemaRegistrar.SchemaRejectedException.class);
    }

    @Test
    void postgresAndSearchAreRealServers() throws Exception {
        try (Connection connection = DriverManager.getConnection(endpoints.postgresJdbcUrl(),
                endpoints.postgresUser(), endpoints.postgresPassword());
             ResultSet rs = connection.createStatement().executeQuery("select version(), current_database()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("PostgreSQL 15");
            assertThat(rs.getString(2)).isEqualTo("carbon254");
        }
        JsonNode info = JSON.readTree(get(endpoints.searchUrl()));
        assertThat(info.path("version").path("number").asText()).isNotBlank();
        JsonNode health = JSON.readTree(get(endpoints.searchUrl() + "/_cluster/health"));
        assertThat(health.path("status").asText()).isIn("green", "yellow");
    }

    @Test
    void quarkusConfigurationPointsAtTheRunningServers() {
        Map<String, String> config = new EmbeddedStackResource().start();
        assertThat(config).containsEntry("kafka.bootstrap.servers", endpoints.kafkaBootstrapServers())
                .containsEntry("mp.messaging.connector.smallrye-kafka.apicurio.registry.url", endpoints.registryUrl())
                .containsKey("quarkus.datasource.reactive.url")
                .containsKey("quarkus.elasticsearch.hosts");
        assertThat(endpoints.asEnv().keySet()).containsAll(Set.of("KAFKA_BOOTSTRAP_SERVERS", "REGISTRY_URL",
                "REGISTRY_CCOMPAT_URL", "POSTGRES_JDBC_URL", "POSTGRES_USER", "POSTGRES_PASSWORD", "SEARCH_URL"));
    }

    private static String record(String fields) {
        return "{\"type\":\"record\",\"name\":\"CompatCheck\",\"namespace\":\"com.carbon254.test\"," + fields + "}";
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }
}
