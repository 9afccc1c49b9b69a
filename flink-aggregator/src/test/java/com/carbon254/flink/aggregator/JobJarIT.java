package com.carbon254.flink.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The shaded job jar a Flink cluster runs (Kubernetes, {@code ./platform up --secure}) takes only a chosen part of the
 * event runtime; the tests' MiniClusters run on the full classpath, so a platform class the jar lacks would only fail
 * on a cluster, as a {@code NoClassDefFoundError} in a running task. jdeps lists, class by class, what the jar's
 * classes use and cannot find in it.
 */
class JobJarIT {

    private static final Pattern MISSING_PLATFORM_CLASS = Pattern.compile(
            "^\\s*(com\\.carbon254\\.\\S+)\\s+->\\s+(com\\.carbon254\\.\\S+)\\s+not found\\s*$", Pattern.MULTILINE);

    @Test
    void everyPlatformClassTheJobUsesIsInItsJar() {
        Path jar = Path.of(System.getProperty("job.jar", "target/flink-aggregator.jar"));
        assertThat(jar).isRegularFile();
        StringWriter out = new StringWriter();
        int exit = ToolProvider.findFirst("jdeps").orElseThrow().run(new PrintWriter(out), new PrintWriter(out),
                "-verbose:class", "-filter:none", "--multi-release", "21", jar.toString());
        assertThat(exit).as(out.toString()).isZero();
        Matcher missing = MISSING_PLATFORM_CLASS.matcher(out.toString());
        List<String> uses = missing.results().map(m -> m.group(1) + " -> " + m.group(2)).distinct().toList();
        assertThat(uses).as("platform classes used by the job jar's classes but not in it").isEmpty();
        assertThat(out.toString()).contains("com.carbon254.flink.aggregator.AggregatorJob");
    }
}
