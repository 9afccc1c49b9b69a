package com.carbon254.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.carbon254.deploy.validation.Manifest;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Quarkus-generated manifest of each service, as rendered into the folder (the schema checks of every document
 * are in {@link RenderedManifestsTest}): a Deployment with health probes, resources, configuration from the
 * platform's ConfigMap and credentials from Secrets, a Service, and a ServiceMonitor that scrapes {@code /q/metrics}.
 */
class ServiceManifestsTest {

    static final String SERVICES_CONFIG = "carbon254-services";

    @BeforeAll
    static void render() throws Exception {
        if (RenderedManifestsTest.manifests == null) {
            RenderedManifestsTest.render();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "event-gateway", "dataset-command", "projector", "query-api", "console" })
    void eachServiceIsRenderedWithProbesResourcesConfigurationAndAServiceMonitor(String service) {
        List<Manifest> own = RenderedManifestsTest.manifests.stream()
                .filter(m -> m.file().equals("50-service-" + service + ".yml")).toList();
        assertThat(own).as("documents of %s (build it with quarkus-kubernetes)", service).isNotEmpty();

        Manifest deployment = named(own, "Deployment", service);
        JsonNode container = deployment.spec().path("template").path("spec").path("containers").get(0);
        assertThat(container.path("image").asText()).as("image").contains("/" + service + ":");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
        for (String kind : List.of("requests", "limits")) {
            assertThat(container.path("resources").path(kind).path("cpu").asText()).as("cpu %s", kind).isNotEmpty();
            assertThat(container.path("resources").path(kind).path("memory").asText()).as("memory %s", kind)
                    .isNotEmpty();
        }
        Set<String> configMaps = stream(container.path("envFrom")).map(e -> e.path("configMapRef").path("name").asText())
                .collect(Collectors.toSet());
        assertThat(configMaps).contains(SERVICES_CONFIG);
        Map<String, String> secretEnv = new HashMap<>();
        stream(container.path("env")).filter(e -> e.path("valueFrom").has("secretKeyRef"))
                .forEach(e -> secretEnv.put(e.path("name").asText(),
                        e.path("valueFrom").path("secretKeyRef").path("name").asText()));
        // The Kafka clients authenticate with the KafkaUser of the same name (21-kafka-users.yml).
        assertThat(secretEnv).containsEntry("KAFKA_SASL_JAAS_CONFIG", service);
        assertThat(RenderedManifestsTest.of("KafkaUser")).extracting(Manifest::name).contains(service);
        if (!service.equals("event-gateway") && !service.equals("console")) {
            // Its own PostgreSQL role (Job carbon254-postgres-roles), never a shared login.
            assertThat(secretEnv).containsEntry("POSTGRES_USER", service + "-postgres")
                    .containsEntry("POSTGRES_PASSWORD", service + "-postgres");
        }
        // The JWT verification key: Secret carbon254-jwt mounted as a file, which JWT_PUBLIC_KEY_LOCATION names.
        Map<String, String> plainEnv = new HashMap<>();
        stream(container.path("env")).filter(e -> e.has("value"))
                .forEach(e -> plainEnv.put(e.path("name").asText(), e.path("value").asText()));
        JsonNode pod = deployment.spec().path("template").path("spec");
        String mountPath = stream(container.path("volumeMounts")).filter(m -> m.path("name").asText().equals(
                stream(pod.path("volumes")).filter(v -> v.path("secret").path("secretName").asText().equals("carbon254-jwt"))
                        .map(v -> v.path("name").asText()).findFirst().orElse("?")))
                .map(m -> m.path("mountPath").asText()).findFirst().orElse("(not mounted)");
        assertThat(plainEnv.get("JWT_PUBLIC_KEY_LOCATION")).as("JWT_PUBLIC_KEY_LOCATION").isEqualTo(mountPath
                + "/public-key.pem");

        Manifest serviceResource = named(own, "Service", service);
        Manifest monitor = named(own, "ServiceMonitor", service);
        JsonNode selector = monitor.spec().path("selector").path("matchLabels");
        selector.properties().forEach(label -> assertThat(serviceResource.labels().path(label.getKey()).asText())
                .as("ServiceMonitor label %s", label.getKey()).isEqualTo(label.getValue().asText()));
        // Scraped on the service's HTTP port: named in the Service, or the container port it targets.
        Set<String> ports = new java.util.HashSet<>();
        stream(serviceResource.spec().path("ports")).forEach(p -> {
            ports.add(p.path("name").asText());
            ports.add(p.path("targetPort").asText());
        });
        assertThat(monitor.spec().path("endpoints")).isNotEmpty().allSatisfy(endpoint -> {
            assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
            assertThat(ports).contains(endpoint.has("port") ? endpoint.path("port").asText()
                    : endpoint.path("targetPort").asText());
        });
    }

    private static Manifest named(List<Manifest> manifests, String kind, String name) {
        return manifests.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + manifests));
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }
}
