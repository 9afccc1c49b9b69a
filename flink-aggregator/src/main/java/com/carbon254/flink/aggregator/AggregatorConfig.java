package com.carbon254.flink.aggregator;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.util.ParameterTool;
import org.apache.flink.util.TimeUtils;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The job's configuration: {@code --key value} arguments, over an optional properties file ({@code --config FILE}),
 * over the defaults below. Durations take Flink's forms: {@code 5 min}, {@code 30 s}, {@code 500 ms}, {@code PT5M}.
 *
 * <table>
 * <caption>Options</caption>
 * <tr><th>Key</th><th>Default</th><th>Meaning</th></tr>
 * <tr><td>bootstrap-servers</td><td>localhost:9092</td><td>Kafka bootstrap servers</td></tr>
 * <tr><td>registry-url</td><td>http://localhost:8081/apis/registry/v3</td><td>Apicurio v3 API base</td></tr>
 * <tr><td>group-id</td><td>flink-aggregator</td><td>consumer group (offsets committed on checkpoints)</td></tr>
 * <tr><td>starting-offsets</td><td>committed</td><td>where a job without state starts: committed (the group's
 *     offsets, else earliest), earliest, latest, or timestamp:EPOCH_MILLIS</td></tr>
 * <tr><td>bounded</td><td>false</td><td>stop at the end offsets seen at start (backfills, the benchmark)</td></tr>
 * <tr><td>pipelines</td><td>ingestion,quality</td><td>what the job runs: the aggregations ingestion and quality,
 *     and/or the archive (every catalog topic into Iceberg tables; run it as a job of its own), or restore alone
 *     (a bounded job: the archived records of restore-topics that Kafka no longer holds, into their restore
 *     topics)</td></tr>
 * <tr><td>window-size</td><td>5 min</td><td>tumbling event-time window</td></tr>
 * <tr><td>out-of-orderness</td><td>30 s</td><td>bounded out-of-orderness of the watermarks (per partition)</td></tr>
 * <tr><td>idleness</td><td>1 min</td><td>a partition without records for this long stops holding back the
 *     watermark</td></tr>
 * <tr><td>allowed-lateness</td><td>5 min</td><td>how long after a window's end late events still update it;
 *     later ones go to the dead-letter topic</td></tr>
 * <tr><td>parallelism</td><td>2</td><td>job parallelism</td></tr>
 * <tr><td>checkpoint-interval</td><td>10 s</td><td>also the latency of results (they are committed on
 *     checkpoints)</td></tr>
 * <tr><td>checkpoint-dir</td><td>file://$PWD/.platform/data/flink/checkpoints</td><td>checkpoint storage</td></tr>
 * <tr><td>savepoint-dir</td><td>checkpoint-dir's sibling savepoints/</td><td>savepoint storage</td></tr>
 * <tr><td>resume</td><td>auto</td><td>auto (latest retained checkpoint or savepoint when not on a Flink cluster),
 *     latest, none, or a checkpoint/savepoint path</td></tr>
 * <tr><td>transactional-id-prefix</td><td>flink-aggregator</td><td>prefix of the sink's Kafka transactions; keep it
 *     stable across restarts</td></tr>
 * <tr><td>transaction-timeout</td><td>10 min</td><td>must stay below the brokers' transaction.max.timeout.ms
 *     (15 min by default) and above checkpoint interval + restart time</td></tr>
 * <tr><td>job-name</td><td>flink-aggregator</td><td>name of the Flink job</td></tr>
 * <tr><td>local</td><td>false</td><td>run on a local MiniCluster even inside a Flink client context</td></tr>
 * <tr><td>archive-namespace</td><td>events</td><td>Iceberg namespace of the archive's tables</td></tr>
 * <tr><td>restore-topics</td><td></td><td>the catalog topics a restore writes back (comma-separated)</td></tr>
 * <tr><td>restore-from</td><td></td><td>a restore writes back the records from this instant on (ISO-8601, Kafka
 *     record time)</td></tr>
 * <tr><td>catalog.KEY</td><td>type hadoop, warehouse file://$PWD/.platform/data/archive/warehouse</td><td>the
 *     archive's Iceberg catalog: type (hadoop or rest), warehouse, uri, and any Iceberg catalog property (io-impl,
 *     s3.endpoint, credential, ...)</td></tr>
 * <tr><td>flink.KEY</td><td></td><td>any Flink configuration option, e.g. --flink.rest.port 8082</td></tr>
 * <tr><td>kafka.KEY</td><td></td><td>any Kafka client property for the sources and the sink, e.g.
 *     --kafka.security.protocol SASL_PLAINTEXT (secrets through a Kafka config provider, e.g.
 *     --kafka.sasl.jaas.config '${env:KAFKA_SASL_JAAS_CONFIG}')</td></tr>
 * </table>
 */
public record AggregatorConfig(
        String bootstrapServers,
        String registryUrl,
        String groupId,
        String startingOffsets,
        boolean bounded,
        Set<String> pipelines,
        Duration windowSize,
        Duration outOfOrderness,
        Duration idleness,
        Duration allowedLateness,
        int parallelism,
        Duration checkpointInterval,
        String checkpointDir,
        String savepointDir,
        String resume,
        String transactionalIdPrefix,
        Duration transactionTimeout,
        String jobName,
        boolean local,
        String archiveNamespace,
        List<String> restoreTopics,
        Instant restoreFrom,
        Map<String, String> catalogProperties,
        Map<String, String> flinkOptions,
        Map<String, String> kafkaProperties) {

    public static final String INGESTION = "ingestion";
    public static final String QUALITY = "quality";
    public static final String ARCHIVE = "archive";
    public static final String RESTORE = "restore";
    public static final String FLINK_PREFIX = "flink.";
    public static final String KAFKA_PREFIX = "kafka.";
    public static final String CATALOG_PREFIX = "catalog.";

    public AggregatorConfig {
        if (windowSize.isZero() || windowSize.isNegative()) {
            throw new IllegalArgumentException("window-size must be positive, got " + windowSize);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        for (String pipeline : pipelines) {
            if (!Set.of(INGESTION, QUALITY, ARCHIVE, RESTORE).contains(pipeline)) {
                throw new IllegalArgumentException("unknown pipeline '" + pipeline
                        + "'; known: ingestion, quality, archive, restore");
            }
        }
        if (pipelines.contains(RESTORE)) {
            // A restore is a bounded batch job: it cannot share its job with the streaming pipelines.
            if (pipelines.size() > 1) {
                throw new IllegalArgumentException("the restore pipeline runs alone, got " + pipelines);
            }
            if (restoreTopics.isEmpty() || restoreFrom == null) {
                throw new IllegalArgumentException("restore needs restore-topics and restore-from");
            }
        }
        if (transactionTimeout.compareTo(checkpointInterval) <= 0) {
            throw new IllegalArgumentException("transaction-timeout (" + transactionTimeout
                    + ") must be longer than checkpoint-interval (" + checkpointInterval + ")");
        }
        pipelines = Set.copyOf(pipelines);
        restoreTopics = List.copyOf(restoreTopics);
        catalogProperties = Map.copyOf(catalogProperties);
        flinkOptions = Map.copyOf(flinkOptions);
        kafkaProperties = Map.copyOf(kafkaProperties);
        offsets(startingOffsets); // validates
    }

    /** Parses {@code --key value} arguments (and the properties file named by {@code --config}, if any). */
    public static AggregatorConfig fromArgs(String... args) throws IOException {
        ParameterTool params = ParameterTool.fromArgs(args);
        if (params.has("config")) {
            params = ParameterTool.fromPropertiesFile(params.get("config")).mergeWith(params);
        }
        return from(params);
    }

    /** The configuration from already parsed parameters. */
    public static AggregatorConfig from(ParameterTool params) {
        String checkpointDir = params.get("checkpoint-dir",
                Path.of("").toAbsolutePath().resolve(".platform/data/flink/checkpoints").toUri().toString());
        String savepointDir = params.get("savepoint-dir", sibling(checkpointDir, "savepoints"));
        Map<String, String> flink = new LinkedHashMap<>();
        Map<String, String> kafka = new LinkedHashMap<>();
        Map<String, String> catalog = new LinkedHashMap<>();
        catalog.put("type", "hadoop");
        catalog.put("warehouse",
                Path.of("").toAbsolutePath().resolve(".platform/data/archive/warehouse").toUri().toString());
        params.toMap().forEach((key, value) -> {
            if (key.startsWith(FLINK_PREFIX)) {
                flink.put(key.substring(FLINK_PREFIX.length()), value);
            } else if (key.startsWith(KAFKA_PREFIX)) {
                kafka.put(key.substring(KAFKA_PREFIX.length()), value);
            } else if (key.startsWith(CATALOG_PREFIX)) {
                catalog.put(key.substring(CATALOG_PREFIX.length()), value);
            }
        });
        Set<String> pipelines = Arrays.stream(params.get("pipelines", INGESTION + "," + QUALITY).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return new AggregatorConfig(
                params.get("bootstrap-servers", "localhost:9092"),
                params.get("registry-url", "http://localhost:8081/apis/registry/v3"),
                params.get("group-id", "flink-aggregator"),
                params.get("starting-offsets", "committed"),
                flag(params, "bounded"),
                pipelines,
                duration(params, "window-size", "5 min"),
                duration(params, "out-of-orderness", "30 s"),
                duration(params, "idleness", "1 min"),
                duration(params, "allowed-lateness", "5 min"),
                params.getInt("parallelism", 2),
                duration(params, "checkpoint-interval", "10 s"),
                checkpointDir,
                savepointDir,
                params.get("resume", "auto"),
                params.get("transactional-id-prefix", "flink-aggregator"),
                duration(params, "transaction-timeout", "10 min"),
                params.get("job-name", "flink-aggregator"),
                flag(params, "local"),
                params.get("archive-namespace", "events"),
                Arrays.stream(params.get("restore-topics", "").split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).toList(),
                instant(params, "restore-from"),
                catalog,
                flink,
                kafka);
    }

    /** Where a job without restored state starts reading. */
    public OffsetsInitializer startingOffsetsInitializer() {
        return offsets(startingOffsets);
    }

    private static OffsetsInitializer offsets(String spec) {
        String value = spec.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("timestamp:")) {
            return OffsetsInitializer.timestamp(Long.parseLong(value.substring("timestamp:".length()).trim()));
        }
        return switch (value) {
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default -> throw new IllegalArgumentException("starting-offsets must be committed, earliest, latest or"
                    + " timestamp:EPOCH_MILLIS, got '" + spec + "'");
        };
    }

    /**
     * The Flink configuration of the job: exactly-once checkpoints on the filesystem (retained when the job is
     * cancelled or its process dies, so that the next start resumes from them), heap state, no Kryo fallback, object
     * reuse, then every {@code flink.*} option.
     */
    public Configuration flinkConfiguration() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.NAME, jobName);
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir);
        conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, savepointDir);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
        flinkOptions.forEach(conf::setString);
        return conf;
    }

    private static Duration duration(ParameterTool params, String key, String defaultValue) {
        String value = params.get(key, defaultValue);
        try {
            return TimeUtils.parseDuration(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + ": not a duration: '" + value + "' (e.g. 5 min, 30 s, PT5M)", e);
        }
    }

    private static Instant instant(ParameterTool params, String key) {
        String value = params.get(key);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + ": not an ISO-8601 instant: '" + value
                    + "' (e.g. 2026-03-01T00:00:00Z)", e);
        }
    }

    /** A flag given as {@code --name}, {@code --name true} or {@code --name false}. */
    private static boolean flag(ParameterTool params, String key) {
        if (!params.has(key)) {
            return false;
        }
        String value = params.get(key);
        return value == null || value.isBlank() || value.equals("__NO_VALUE_KEY") || Boolean.parseBoolean(value);
    }

    private static String sibling(String dir, String name) {
        String trimmed = dir.replaceAll("/+$", "");
        int slash = trimmed.lastIndexOf('/');
        return (slash < 0 ? trimmed : trimmed.substring(0, slash)) + "/" + name;
    }

    /** This configuration with other values for some keys (same keys as the arguments), e.g. in tests. */
    public AggregatorConfig with(Map<String, String> overrides) {
        Map<String, String> current = new LinkedHashMap<>(asArgs());
        current.putAll(overrides);
        return from(ParameterTool.fromMap(current));
    }

    /** The arguments that reproduce this configuration. */
    public Map<String, String> asArgs() {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("bootstrap-servers", bootstrapServers);
        args.put("registry-url", registryUrl);
        args.put("group-id", groupId);
        args.put("starting-offsets", startingOffsets);
        args.put("bounded", Boolean.toString(bounded));
        args.put("pipelines", String.join(",", pipelines));
        args.put("window-size", windowSize.toString());
        args.put("out-of-orderness", outOfOrderness.toString());
        args.put("idleness", idleness.toString());
        args.put("allowed-lateness", allowedLateness.toString());
        args.put("parallelism", Integer.toString(parallelism));
        args.put("checkpoint-interval", checkpointInterval.toString());
        args.put("checkpoint-dir", checkpointDir);
        args.put("savepoint-dir", savepointDir);
        args.put("resume", resume);
        args.put("transactional-id-prefix", transactionalIdPrefix);
        args.put("transaction-timeout", transactionTimeout.toString());
        args.put("job-name", jobName);
        args.put("local", Boolean.toString(local));
        args.put("archive-namespace", archiveNamespace);
        if (!restoreTopics.isEmpty()) {
            args.put("restore-topics", String.join(",", restoreTopics));
        }
        if (restoreFrom != null) {
            args.put("restore-from", restoreFrom.toString());
        }
        catalogProperties.forEach((key, value) -> args.put(CATALOG_PREFIX + key, value));
        flinkOptions.forEach((key, value) -> args.put(FLINK_PREFIX + key, value));
        kafkaProperties.forEach((key, value) -> args.put(KAFKA_PREFIX + key, value));
        return args;
    }
}
