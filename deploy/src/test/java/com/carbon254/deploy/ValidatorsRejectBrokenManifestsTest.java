package com.carbon254.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.carbon254.deploy.validation.CrdSchemas;
import com.carbon254.deploy.validation.Manifest;
import com.carbon254.deploy.validation.ManifestFiles;
import com.carbon254.deploy.validation.ManifestValidator;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The validators catch what they claim to: each case breaks a valid resource in one way and expects that problem.
 * Without these, a validator that accepts everything would make {@link RenderedManifestsTest} pass.
 */
class ValidatorsRejectBrokenManifestsTest {

    static ManifestValidator validator;

    @BeforeAll
    static void load() throws IOException {
        CrdSchemas crds = new CrdSchemas().load(Path.of(System.getProperty("crd.directory", "target/crds")));
        validator = new ManifestValidator(crds);
    }

    static Manifest manifest(String yaml) throws IOException {
        return new Manifest("test.yml", 0, (ObjectNode) ManifestFiles.YAML.readTree(yaml));
    }

    static List<String> problems(String yaml) throws IOException {
        return validator.validate(manifest(yaml));
    }

    // ---- built-in kinds (Kubernetes OpenAPI models)

    static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: demo, namespace: carbon254, labels: {app: demo}}
            spec:
              selector: {matchLabels: {app: demo}}
              template:
                metadata: {labels: {app: demo}}
                spec:
                  containers:
                    - name: demo
                      image: demo:1
                      ports: [{name: http, containerPort: 8080}]
                      resources: {requests: {cpu: 100m, memory: 128Mi}}
                      readinessProbe: {httpGet: {path: /ready, port: http}}
            """;

    @Test
    void aValidDeploymentPasses() throws IOException {
        assertThat(problems(DEPLOYMENT)).isEmpty();
    }

    @Test
    void anUnknownFieldDeepInABuiltinKindIsRejected() throws IOException {
        assertThat(problems(DEPLOYMENT.replace("image: demo:1", "image: demo:1\n          imagePullPolicyy: Always")))
                .singleElement().asString().contains("imagePullPolicyy");
    }

    @Test
    void aMissingRequiredFieldOfABuiltinKindIsRejected() throws IOException {
        assertThat(problems(DEPLOYMENT.replace("  selector: {matchLabels: {app: demo}}\n", "")))
                .singleElement().asString().contains("selector");
    }

    @Test
    void aWrongTypeInABuiltinKindIsRejected() throws IOException {
        assertThat(problems(DEPLOYMENT.replace("containerPort: 8080", "containerPort: eighty"))).isNotEmpty();
        assertThat(problems(DEPLOYMENT.replace("ports: [{name: http, containerPort: 8080}]", "ports: http")))
                .isNotEmpty();
    }

    @Test
    void anUnknownKindOrVersionIsRejected() throws IOException {
        assertThat(problems(DEPLOYMENT.replace("apps/v1", "apps/v1beta1"))).singleElement().asString()
                .contains("no Kubernetes schema");
        assertThat(problems("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: carbon254}\n"))
                .singleElement().asString().contains("no schema for example.com/v1 Widget");
    }

    @Test
    void invalidNamesAndLabelsAreRejected() throws IOException {
        assertThat(problems(DEPLOYMENT.replace("name: demo, namespace", "name: Demo_1, namespace")))
                .anyMatch(p -> p.contains("metadata.name"));
        assertThat(problems(DEPLOYMENT.replace("labels: {app: demo}}\nspec", "labels: {app: 'not valid!'}}\nspec")))
                .anyMatch(p -> p.contains("invalid value"));
        assertThat(problems(DEPLOYMENT.replace("labels: {app: demo}}\nspec", "labels: {app: 3}}\nspec")))
                .anyMatch(p -> p.contains("non-string"));
    }

    // ---- CRD kinds (openAPIV3Schema and CEL rules)

    static final String TOPIC = """
            apiVersion: kafka.strimzi.io/v1
            kind: KafkaTopic
            metadata: {name: demo, namespace: carbon254, labels: {strimzi.io/cluster: carbon254}}
            spec:
              partitions: 3
              replicas: 3
              config: {retention.ms: "604800000"}
            """;

    @Test
    void aValidKafkaTopicPasses() throws IOException {
        assertThat(problems(TOPIC)).isEmpty();
    }

    @Test
    void crdTypesUnknownFieldsAndServedVersionsAreEnforced() throws IOException {
        assertThat(problems(TOPIC.replace("partitions: 3", "partitions: three"))).singleElement().asString()
                .contains("partitions");
        assertThat(problems(TOPIC.replace("replicas: 3", "replicas: 3\n  replicationFactor: 3"))).singleElement()
                .asString().contains("replicationFactor");
        assertThat(problems(TOPIC.replace("kafka.strimzi.io/v1", "kafka.strimzi.io/v1beta2"))).singleElement()
                .asString().contains("not served");
        assertThat(problems(TOPIC.replace("namespace: carbon254, ", ""))).anyMatch(p -> p.contains("namespace"));
    }

    static final String USER = """
            apiVersion: kafka.strimzi.io/v1
            kind: KafkaUser
            metadata: {name: demo, namespace: carbon254, labels: {strimzi.io/cluster: carbon254}}
            spec:
              authentication: {type: scram-sha-512}
              authorization:
                type: simple
                acls:
                  - resource: {type: topic, name: demo, patternType: literal}
                    operations: [Read, Describe]
            """;

    @Test
    void crdEnumsAndRequiredFieldsAreEnforced() throws IOException {
        assertThat(problems(USER)).isEmpty();
        assertThat(problems(USER.replace("[Read, Describe]", "[Read, Peek]"))).singleElement().asString()
                .contains("operations");
        assertThat(problems(USER.replace("    operations: [Read, Describe]\n", ""))).singleElement().asString()
                .contains("operations");
    }

    @Test
    void crdCelRulesAreEvaluated() throws IOException {
        assertThat(problems(USER.replace("{type: scram-sha-512}", "{type: scram-sha-512, validityDays: 30}")))
                .singleElement().asString().contains("validityDays");
        String kafka = """
                apiVersion: kafka.strimzi.io/v1
                kind: Kafka
                metadata: {name: demo, namespace: carbon254}
                spec:
                  kafka:
                    listeners: [{name: plain, port: 9092, type: internal, tls: false}]
                    metricsConfig: {type: jmxPrometheusExporter}
                """;
        assertThat(problems(kafka)).singleElement().asString().contains("valueFrom property is required");
    }

    @Test
    void aFlinkDeploymentIsValidatedAgainstTheFlinkOperatorCrd() throws IOException {
        Path fixture = Path.of(URI.create(ValidatorsRejectBrokenManifestsTest.class
                .getResource("/fixtures/flink-deployment.yml").toString()));
        Manifest flink = ManifestFiles.load(fixture, "flink-deployment.yml").getFirst();
        assertThat(validator.validate(flink)).isEmpty();
        String yaml = Files.readString(fixture);
        assertThat(problems(yaml.replace("flinkVersion: v1_20", "flinkVersion: v2_2"))).isEmpty();
        assertThat(problems(yaml.replace("flinkVersion: v1_20", "flinkVersion: v9_9"))).singleElement().asString()
                .contains("flinkVersion");
        assertThat(problems(yaml.replace("upgradeMode: savepoint", "upgradeMode: sometimes"))).singleElement()
                .asString().contains("upgradeMode");
        assertThat(problems(yaml.replace("parallelism: 2", "parallelism: 2\n    parallelismm: 2"))).singleElement()
                .asString().contains("parallelismm");
    }

    // ---- monitoring.coreos.com (fabric8 models, strict)

    static final String RULE = """
            apiVersion: monitoring.coreos.com/v1
            kind: PrometheusRule
            metadata: {name: demo, namespace: carbon254}
            spec:
              groups:
                - name: demo
                  rules:
                    - alert: Demo
                      expr: up == 0
                      for: 5m
                      labels: {severity: warning}
            """;

    @Test
    void monitoringKindsAreReadStrictly() throws IOException {
        assertThat(problems(RULE)).isEmpty();
        assertThat(problems(RULE.replace("for: 5m", "forr: 5m"))).singleElement().asString().contains("forr");
        assertThat(problems(RULE.replace("labels: {severity: warning}", "labels: [warning]"))).isNotEmpty();
        String monitor = """
                apiVersion: monitoring.coreos.com/v1
                kind: PodMonitor
                metadata: {name: demo, namespace: carbon254}
                spec:
                  selector: {matchLabels: {app: demo}}
                  podMetricsEndpoints: [{port: metrics, interval: 30s}]
                """;
        assertThat(problems(monitor)).isEmpty();
        assertThat(problems(monitor.replace("port: metrics", "portName: metrics"))).singleElement().asString()
                .contains("portName");
        assertThat(problems(monitor.replace("PodMonitor", "Probe"))).singleElement().asString()
                .contains("no model");
    }

    // ---- YAML pitfalls

    @Test
    void duplicateKeysAndYaml11BooleansAreRejected(@TempDir Path dir) throws IOException {
        Path duplicate = dir.resolve("dup.yml");
        Files.writeString(duplicate, "apiVersion: v1\nkind: ConfigMap\nkind: Secret\n");
        assertThatThrownBy(() -> ManifestFiles.load(duplicate, "dup.yml")).hasMessageContaining("kind");
        Path yes = dir.resolve("yes.yml");
        Files.writeString(yes, "apiVersion: v1\nkind: ConfigMap\ndata:\n  enabled: yes\n");
        assertThatThrownBy(() -> ManifestFiles.load(yes, "yes.yml")).hasMessageContaining("quote it");
        Path quoted = dir.resolve("quoted.yml");
        Files.writeString(quoted, "apiVersion: v1\nkind: ConfigMap\ndata:\n  enabled: \"yes\"\n---\n");
        assertThat(ManifestFiles.load(quoted, "quoted.yml")).hasSize(1);
    }

    // ---- the alert templates

    @Test
    void annotationTemplatesAreChecked() {
        assertThat(Templates.labelsUsed("High lag on {{ $labels.topic }} ({{ $value | humanize }})"))
                .containsExactly("topic");
        assertThatThrownBy(() -> Templates.labelsUsed("{{ $labels.topic }")).hasMessageContaining("unbalanced");
        assertThatThrownBy(() -> Templates.labelsUsed("{{ .Labels.topic }}")).hasMessageContaining("unexpected");
        assertThat(Templates.substituteGrafanaVariables("rate(x{namespace=\"$namespace\"}[$__rate_interval])"))
                .isEqualTo("rate(x{namespace=\"carbon254\"}[5m])");
    }
}
