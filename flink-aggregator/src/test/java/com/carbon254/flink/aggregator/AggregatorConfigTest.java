package com.carbon254.flink.aggregator;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AggregatorConfigTest {

    @Test
    void defaults() throws Exception {
        AggregatorConfig config = AggregatorConfig.fromArgs();
        assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.registryUrl()).isEqualTo("http://localhost:8081/apis/registry/v3");
        assertThat(config.groupId()).isEqualTo("flink-aggregator");
        assertThat(config.startingOffsets()).isEqualTo("committed");
        assertThat(config.pipelines()).isEqualTo(Set.of("ingestion", "quality"));
        assertThat(config.windowSize()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.outOfOrderness()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.idleness()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.allowedLateness()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.parallelism()).isEqualTo(2);
        assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.checkpointDir()).startsWith("file:/").endsWith(".platform/data/flink/checkpoints");
        assertThat(config.savepointDir()).endsWith(".platform/data/flink/savepoints");
        assertThat(config.resume()).isEqualTo("auto");
        assertThat(config.transactionTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.local()).isFalse();
        assertThat(config.bounded()).isFalse();
    }

    @Test
    void argumentsOverrideThePropertiesFileWhichOverridesDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("aggregator.properties");
        Files.writeString(file, """
                window-size=1 min
                allowed-lateness=PT2M
                parallelism=4
                checkpoint-dir=file:///tmp/x/checkpoints
                """);
        AggregatorConfig config = AggregatorConfig.fromArgs("--config", file.toString(), "--parallelism", "1",
                "--local", "--pipelines", "quality", "--flink.rest.port", "8082");
        assertThat(config.windowSize()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.allowedLateness()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.parallelism()).isEqualTo(1);
        assertThat(config.local()).isTrue();
        assertThat(config.pipelines()).containsExactly("quality");
        assertThat(config.savepointDir()).isEqualTo("file:///tmp/x/savepoints");
        assertThat(config.flinkOptions()).isEqualTo(Map.of("rest.port", "8082"));
        assertThat(config.with(Map.of("parallelism", "3"))).isEqualTo(
                AggregatorConfig.fromArgs("--config", file.toString(), "--parallelism", "3", "--local",
                        "--pipelines", "quality", "--flink.rest.port", "8082"));
    }

    @Test
    void flinkConfigurationHasExactlyOnceRetainedCheckpointsAndNoKryo() throws Exception {
        Configuration conf = AggregatorConfig.fromArgs("--checkpoint-interval", "3 s", "--flink.rest.port", "8082")
                .flinkConfiguration();
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(3));
        assertThat(conf.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        assertThat(conf.get(PipelineOptions.GENERIC_TYPES)).isFalse();
        assertThat(conf.toMap()).containsEntry("rest.port", "8082");
    }

    @Test
    void kafkaPropertiesAreGivenToTheClients() throws Exception {
        AggregatorConfig config = AggregatorConfig.fromArgs("--kafka.security.protocol", "SASL_PLAINTEXT",
                "--kafka.sasl.jaas.config", "${env:KAFKA_SASL_JAAS_CONFIG}");
        assertThat(config.kafkaProperties()).isEqualTo(Map.of("security.protocol", "SASL_PLAINTEXT",
                "sasl.jaas.config", "${env:KAFKA_SASL_JAAS_CONFIG}"));
        assertThat(config.flinkConfiguration().toMap()).doesNotContainKey("security.protocol");
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> AggregatorConfig.fromArgs("--window-size", "soon"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window-size");
        assertThatThrownBy(() -> AggregatorConfig.fromArgs("--starting-offsets", "yesterday"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("starting-offsets");
        assertThatThrownBy(() -> AggregatorConfig.fromArgs("--pipelines", "lineage"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lineage");
        assertThatThrownBy(() -> AggregatorConfig.fromArgs("--transaction-timeout", "5 s", "--checkpoint-interval", "10 s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transaction-timeout");
    }
}
