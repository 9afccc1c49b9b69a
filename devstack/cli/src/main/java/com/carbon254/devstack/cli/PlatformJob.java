package com.carbon254.devstack.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A stream-processing job that {@code ./platform up} runs on a local Flink MiniCluster in a JVM of its own, once
 * the servers are ready. Its module writes its runtime classpath (and the JVM options Flink needs on this JDK)
 * into {@code target/} at build time.
 *
 * @param module        module folder relative to the repository root
 * @param mainClass     the job's main class
 * @param classpathFile classpath file relative to the module ({@code :}-separated)
 * @param jvmOptionsFile JVM options file relative to the module (whitespace-separated; optional)
 * @param ready         the line the job prints once it is submitted
 */
public record PlatformJob(String module, String mainClass, String classpathFile, String jvmOptionsFile, Pattern ready) {

    /** Every job of the platform. */
    public static final List<PlatformJob> ALL = List.of(
            new PlatformJob("flink-aggregator", "com.carbon254.flink.aggregator.AggregatorJob",
                    "target/aggregator.classpath", "target/aggregator.jvm-options",
                    Pattern.compile("^AGGREGATOR_RUNNING (\\S+)")));

    public String name() {
        return Path.of(module).getFileName().toString();
    }

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
