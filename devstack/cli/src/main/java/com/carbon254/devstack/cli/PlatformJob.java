package com.carbon254.devstack.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A stream-processing job that {@code ./platform up} runs on a local Flink MiniCluster in a JVM of its own, once
 * the servers are ready. Its module writes its runtime classpath (and the JVM options Flink needs on this JDK)
 * into {@code target/} at build time.
 *
 * @param name          the job's name: its process, log file and data folder ({@code .platform/data/<name>/})
 * @param module        module folder relative to the repository root
 * @param mainClass     the job's main class
 * @param classpathFile classpath file relative to the module ({@code :}-separated)
 * @param jvmOptionsFile JVM options file relative to the module (whitespace-separated; optional)
 * @param ready         the line the job prints once it is submitted
 * @param args          the job's own arguments, given its data folder (besides the servers and checkpoint folder)
 */
public record PlatformJob(String name, String module, String mainClass, String classpathFile, String jvmOptionsFile,
        Pattern ready, Function<Path, List<String>> args) {

    private static final String AGGREGATOR_MAIN = "com.carbon254.flink.aggregator.AggregatorJob";
    private static final Pattern AGGREGATOR_READY = Pattern.compile("^AGGREGATOR_RUNNING (\\S+)");

    /**
     * Every job of the platform: the aggregations, and the analytics archive as a job of its own (restarted and
     * checkpointed independently; one Iceberg commit a minute) into a Hadoop catalog in its data folder.
     */
    public static final List<PlatformJob> ALL = List.of(
            new PlatformJob("flink-aggregator", "flink-aggregator", AGGREGATOR_MAIN, "target/aggregator.classpath",
                    "target/aggregator.jvm-options", AGGREGATOR_READY, data -> List.of()),
            new PlatformJob("flink-archive", "flink-aggregator", AGGREGATOR_MAIN, "target/aggregator.classpath",
                    "target/aggregator.jvm-options", AGGREGATOR_READY, data -> List.of(
                            "--pipelines", "archive", "--job-name", "flink-archive", "--group-id", "flink-archive",
                            "--parallelism", "1", "--checkpoint-interval", "1 min",
                            "--catalog.type", "hadoop",
                            "--catalog.warehouse", data.resolve("warehouse").toUri().toString())));

    public boolean exists(Path root) {
        return Files.isRegularFile(root.resolve(module).resolve("pom.xml"));
    }

    public boolean isBuilt(Path root) {
        return Files.isRegularFile(root.resolve(module).resolve(classpathFile));
    }

    public List<String> classpath(Path root) throws IOException {
        return Arrays.stream(Files.readString(root.resolve(module).resolve(classpathFile)).trim().split(":"))
                .filter(entry -> !entry.isBlank()).toList();
    }

    public List<String> jvmOptions(Path root) throws IOException {
        Path file = root.resolve(module).resolve(jvmOptionsFile);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> options = new ArrayList<>();
        for (String option : Files.readString(file).trim().split("\\s+")) {
            if (!option.isBlank()) {
                options.add(option);
            }
        }
        return options;
    }
}
