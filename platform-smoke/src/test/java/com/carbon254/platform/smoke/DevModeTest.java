package com.carbon254.platform.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./platform dev <service>} from a fresh clone, as a developer runs it first: Maven compiles the service and the
 * modules it uses from the clone (nothing installed, nothing built before), the service runs in dev mode, and
 * continuous testing runs its tests green.
 */
class DevModeTest {

    private static final Path ROOT = PlatformFlows.ROOT;
    private static final Pattern LISTENING = Pattern.compile("\\(Quarkus Main Thread\\).*Listening on: (http://\\S+)");
    private static final Pattern ALL_PASSING = Pattern.compile("All (\\d+) tests are passing");

    private Path clone;
    private Process dev;

    @Test
    void aServiceRunsInDevModeWithItsTestsFromAFreshClone() throws Exception {
        clone = Files.createTempDirectory("platform-dev-");
        Process git = new ProcessBuilder("git", "clone", "--quiet", ROOT.toString(), clone.toString())
                .redirectErrorStream(true).start();
        assertThat(git.waitFor()).as(new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        Path log = clone.resolve("dev.log");
        // As from a script: no terminal, nothing on standard input (dev mode waits on an open, silent input).
        dev = new ProcessBuilder(clone.resolve("platform").toString(), "dev", "event-gateway", "-B", "-ntp",
                "-Ddebug=false", "-Dquarkus.http.port=0", "-Dquarkus.analytics.disabled=true")
                .directory(clone.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();

        String url = await("dev mode listening").atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2))
                .until(() -> find(log, LISTENING), Optional::isPresent).orElseThrow();
        HttpResponse<String> live = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url + "/q/health/live")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(live.statusCode()).isEqualTo(200);
        String passing = await("continuous testing passed").atMost(Duration.ofMinutes(8))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    assertThat(Files.readString(log)).as("dev mode output").doesNotContain("BUILD FAILURE")
                            .doesNotContainPattern("Test run failed|tests? failed");
                    return find(log, ALL_PASSING);
                }, Optional::isPresent).orElseThrow();
        assertThat(Integer.parseInt(passing)).isGreaterThan(20);
    }

    @AfterEach
    void stop() throws IOException {
        if (dev != null) {
            // Maven forks the dev-mode JVM: stop the whole tree.
            dev.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            dev.destroyForcibly();
        }
        if (clone != null) {
            try (var paths = Files.walk(clone)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Optional<String> find(Path log, Pattern pattern) throws IOException {
        Matcher matcher = pattern.matcher(Files.exists(log) ? Files.readString(log) : "");
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
