package com.carbon254.flink.aggregator;

import com.carbon254.events.runtime.serde.RegistrySchemas;
import com.carbon254.flink.aggregator.archive.ArchivePipeline;
import com.carbon254.flink.aggregator.archive.RestorePipeline;
import com.carbon254.flink.aggregator.pipeline.WindowedAggregation;
import com.carbon254.flink.aggregator.serde.OutboundRecord;
import com.carbon254.flink.aggregator.serde.OutboundRecordSerializationSchema;
import org.apache.flink.client.program.StreamContextEnvironment;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Flink aggregator job: per-dataset event-time window aggregates of {@code data-ingestion} and
 * {@code data-quality}, written exactly once to {@code data-ingestion-aggregated} and {@code data-quality-aggregated};
 * with {@code --pipelines archive}, the analytics archive of every catalog topic in Iceberg tables (the platform runs
 * it as a second job: {@link ArchivePipeline}); with {@code --pipelines restore}, a bounded job that writes archived
 * records Kafka no longer holds back to restore topics for a replay ({@link RestorePipeline}).
 *
 * <p>Run it from a plain classpath ({@code java -cp ... AggregatorJob --bootstrap-servers ... --registry-url ...}):
 * without a Flink cluster it runs on a local MiniCluster, resuming from the newest retained checkpoint of its
 * checkpoint directory, and prints {@code AGGREGATOR_RUNNING <jobId>} once the job is submitted. On a Flink cluster
 * (the shaded jar) it is an ordinary application. Options: {@link AggregatorConfig}.
 */
public final class AggregatorJob {

    /** The line printed on standard output once the job is submitted, followed by a space and the job id. */
    public static final String RUNNING_MARKER = "AGGREGATOR_RUNNING";

    private static final Logger LOG = LoggerFactory.getLogger(AggregatorJob.class);
    private static final Duration REGISTRY_WAIT = Duration.ofSeconds(30);

    private AggregatorJob() {
    }

    public static void main(String[] args) throws Exception {
        limitAvroAllocations();
        AggregatorConfig config;
        try {
            config = AggregatorConfig.fromArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println("flink-aggregator: " + e.getMessage());
            System.exit(2);
            return;
        }
        StreamExecutionEnvironment env = environment(config);
        build(env, config);
        JobClient job = env.executeAsync(config.jobName());
        System.out.println(RUNNING_MARKER + " " + job.getJobID());
        System.out.flush();
        if (!runsLocally(env)) {
            return; // on a cluster the job outlives this method (application mode) and the cluster manages it
        }
        // Local MiniCluster: it lives as long as this JVM. Stopping the JVM cancels the job; its checkpoints are
        // retained and the next start resumes from them.
        Thread stop = new Thread(() -> cancelQuietly(job), "aggregator-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            job.getJobExecutionResult().get();
            LOG.info("Job {} finished", job.getJobID());
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // The hook is already running.
            }
        }
    }

    /** Builds the job in the environment {@link #environment} chooses, and submits it. */
    public static JobClient start(AggregatorConfig config) throws Exception {
        StreamExecutionEnvironment env = environment(config);
        build(env, config);
        return env.executeAsync(config.jobName());
    }

    /**
     * The execution environment: a Flink cluster's when the job is submitted to one, else a local MiniCluster (also
     * with {@code --local}); configured by {@link AggregatorConfig#flinkConfiguration()} and, where nothing outside
     * the job restores state, set to resume from the newest retained checkpoint or savepoint.
     */
    public static StreamExecutionEnvironment environment(AggregatorConfig config) throws IOException {
        Configuration conf = config.flinkConfiguration();
        StreamExecutionEnvironment env = config.local()
                ? StreamExecutionEnvironment.createLocalEnvironment(conf)
                : StreamExecutionEnvironment.getExecutionEnvironment(conf);
        Optional<String> resumeFrom = resumePath(config, env);
        if (resumeFrom.isPresent()) {
            Configuration restore = new Configuration();
            restore.set(StateRecoveryOptions.SAVEPOINT_PATH, resumeFrom.get());
            // The job owns the checkpoint it resumes from: it is deleted once a newer one is retained.
            restore.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.CLAIM);
            env.configure(restore);
            LOG.info("Resuming from {}", resumeFrom.get());
        } else {
            LOG.info("Starting without restored state (starting offsets: {})", config.startingOffsets());
        }
        return env;
    }

    private static Optional<String> resumePath(AggregatorConfig config, StreamExecutionEnvironment env)
            throws IOException {
        if (env.getConfiguration().getOptional(StateRecoveryOptions.SAVEPOINT_PATH).isPresent()) {
            return Optional.empty(); // chosen outside the job (flink run -s, the Kubernetes operator)
        }
        if (config.pipelines().contains(AggregatorConfig.RESTORE)) {
            return Optional.empty(); // a bounded batch job: each restore starts afresh
        }
        return switch (config.resume()) {
            case "none" -> Optional.empty();
            case "latest" -> latestRetained(config);
            case "auto" -> runsLocally(env) ? latestRetained(config) : Optional.empty();
            default -> Optional.of(config.resume());
        };
    }

    /** Whether the job runs on a MiniCluster of this JVM rather than on a Flink cluster that submitted it. */
    static boolean runsLocally(StreamExecutionEnvironment env) {
        return !(env instanceof StreamContextEnvironment);
    }

    private static Optional<String> latestRetained(AggregatorConfig config) throws IOException {
        Optional<RetainedCheckpoints.Retained> latest =
                RetainedCheckpoints.latest(config.checkpointDir(), config.savepointDir());
        if (latest.isPresent()) {
            int pruned = RetainedCheckpoints.pruneSuperseded(config.checkpointDir(), latest.get());
            if (pruned > 0) {
                LOG.info("Deleted the checkpoints of {} earlier run(s), superseded by {}", pruned, latest.get().path());
            }
        }
        return latest.map(RetainedCheckpoints.Retained::path);
    }

    /**
     * Adds what {@code pipelines} names to {@code env}: the aggregations with their exactly-once Kafka sink, and/or
     * the archive ({@link ArchivePipeline}); or the restore alone ({@link RestorePipeline}).
     */
    public static void build(StreamExecutionEnvironment env, AggregatorConfig config) {
        RegistrySchemas registry = RegistrySchemas.at(config.registryUrl());
        List<WindowedAggregation<?, ?, ?, ?>> aggregations = new ArrayList<>();
        if (config.pipelines().contains(AggregatorConfig.INGESTION)) {
            aggregations.add(Aggregations.ingestion());
        }
        if (config.pipelines().contains(AggregatorConfig.QUALITY)) {
            aggregations.add(Aggregations.quality());
        }
        if (config.pipelines().contains(AggregatorConfig.RESTORE)) {
            withRegistry(() -> {
                RestorePipeline.addTo(env, config, registry);
                return null;
            });
            return;
        }
        boolean archive = config.pipelines().contains(AggregatorConfig.ARCHIVE);
        if (aggregations.isEmpty() && !archive) {
            throw new IllegalArgumentException("no pipeline configured");
        }
        DataStream<OutboundRecord> outputs = null;
        for (WindowedAggregation<?, ?, ?, ?> aggregation : aggregations) {
            DataStream<OutboundRecord> out = withRegistry(() -> aggregation.addTo(env, config, registry));
            outputs = outputs == null ? out : outputs.union(out);
        }
        if (outputs != null) {
            outputs.sinkTo(sink(config)).uid("kafka-sink").name("exactly-once to Kafka");
        }
        if (archive) {
            ArchivePipeline.addTo(env, config, registry);
        }
    }

    /**
     * The job's only sink: every result and dead letter, in Kafka transactions committed with the checkpoints
     * (consumers with {@code isolation.level=read_committed} see each exactly once).
     */
    public static KafkaSink<OutboundRecord> sink(AggregatorConfig config) {
        return sink(config, new OutboundRecordSerializationSchema(), config.transactionalIdPrefix());
    }

    /** An exactly-once sink of the job's Kafka settings, with its own serializer and transactions. */
    public static <T> KafkaSink<T> sink(AggregatorConfig config, KafkaRecordSerializationSchema<T> serializer,
            String transactionalIdPrefix) {
        Properties kafka = new Properties();
        kafka.putAll(config.kafkaProperties());
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .setKafkaProducerConfig(kafka)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                        Long.toString(config.transactionTimeout().toMillis()))
                .build();
    }

    /** Retries a registry call while the registry is unreachable (it may still be starting), up to 30 s. */
    private static <T> T withRegistry(Supplier<T> call) {
        long deadline = System.nanoTime() + REGISTRY_WAIT.toNanos();
        while (true) {
            try {
                return call.get();
            } catch (RegistrySchemas.RegistryUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.warn("Registry not available yet ({}); retrying", e.getMessage());
                try {
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void cancelQuietly(JobClient job) {
        try {
            // Checkpoints are retained on cancellation: the next start resumes from the newest one.
            job.cancel().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // The process is exiting anyway; the retained checkpoints stay where they are.
        }
    }

    /**
     * Caps the lengths Avro allocates for when it reads a string, bytes or collection, so that a corrupt value cannot
     * make it allocate gigabytes (Kafka values are small). Has effect only before Avro's first use in this JVM; on a
     * cluster the same system properties are set in the task managers' JVM options.
     */
    static void limitAvroAllocations() {
        System.setProperty("org.apache.avro.limits.string.maxLength",
                System.getProperty("org.apache.avro.limits.string.maxLength", "16777216"));
        System.setProperty("org.apache.avro.limits.bytes.maxLength",
                System.getProperty("org.apache.avro.limits.bytes.maxLength", "16777216"));
        System.setProperty("org.apache.avro.limits.collectionItems.maxLength",
                System.getProperty("org.apache.avro.limits.collectionItems.maxLength", "1000000"));
    }
}
