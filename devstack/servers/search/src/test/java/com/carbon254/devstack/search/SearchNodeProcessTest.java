package com.carbon254.devstack.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the search node the way the devstack launcher does: its own JVM on this JDK, with the options
 * of {@code devstack/servers/search.jvm-options} and the classpath of {@code devstack/servers/search.classpath}
 * behind the code source that holds those resources.
 */
class SearchNodeProcessTest {

    /** Stands in for the heap the launcher chooses; the module itself sets none. */
    private static final String LAUNCHER_HEAP = "-Xmx512m";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern READY = Pattern.compile("^" + Pattern.quote(SearchNodeMain.READY_PREFIX) + "(http://127\\.0\\.0\\.1:(\\d+))$");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private Process process;

    @TempDir
    Path data;

    @AfterEach
    void killLeftover() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void startsIndexesSearchesStopsAndKeepsItsData() throws Exception {
        Started first = start();
        String base = first.url();

        HttpResponse<String> root = send("GET", base + "/", null, null);
        assertEquals(200, root.statusCode(), root.body());
        assertTrue(root.body().contains("\"number\" : \"2.19.6\""), root.body());
        assertTrue(root.body().contains("\"distribution\" : \"opensearch\""), root.body());

        HttpResponse<String> created = send("PUT", base + "/events", "application/json", """
                {"mappings":{"properties":{"name":{"type":"text"},"kind":{"type":"keyword"}}}}""");
        assertEquals(200, created.statusCode(), created.body());

        HttpResponse<String> bulk = send("POST", base + "/_bulk?refresh=true", "application/x-ndjson", """
                {"index":{"_index":"events","_id":"1"}}
                {"name":"carbon price update","kind":"price"}
                {"index":{"_index":"events","_id":"2"}}
                {"name":"carbon emission report","kind":"emission"}
                """);
        assertEquals(200, bulk.statusCode(), bulk.body());
        assertTrue(bulk.body().contains("\"errors\":false"), bulk.body());

        assertEquals(2, hits(base, "carbon"));
        assertEquals(1, hits(base, "emission"));

        // Indices without an explicit replica count have none on this single node: green, not yellow.
        HttpResponse<String> health = send("GET", base + "/_cluster/health/events", null, null);
        assertTrue(health.body().contains("\"status\":\"green\""), health.body());

        stop(first);

        Started second = start();
        assertEquals(2, hits(second.url(), "carbon"), "documents survive a restart on the same data directory");
        HttpResponse<String> doc = send("GET", second.url() + "/events/_doc/2", null, null);
        assertEquals(200, doc.statusCode(), doc.body());
        assertTrue(doc.body().contains("carbon emission report"), doc.body());
        stop(second);
    }

    private int hits(String base, String word) throws Exception {
        HttpResponse<String> search = send("POST", base + "/events/_search", "application/json",
                "{\"query\":{\"match\":{\"name\":\"" + word + "\"}}}");
        assertEquals(200, search.statusCode(), search.body());
        Matcher total = Pattern.compile("\"total\":\\{\"value\":(\\d+)").matcher(search.body());
        assertTrue(total.find(), search.body());
        return Integer.parseInt(total.group(1));
    }

    private HttpResponse<String> send(String method, String url, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    record Started(Process process, String url, long startMillis) {
    }

    private Started start() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions());
        command.add(LAUNCHER_HEAP);
        command.add("-cp");
        command.add(classpath());
        command.add(SearchNodeMain.class.getName());
        command.addAll(List.of("--http-port", "0", "--transport-port", "0", "--data", data.toString()));

        long begin = System.nanoTime();
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process.getInputStream(), ready), "search-node-output");
        pump.setDaemon(true);
        pump.start();
        process.onExit().thenRun(() -> ready.completeExceptionally(
                new IllegalStateException("search node exited with " + process.exitValue() + " before READY")));

        String url = ready.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        long millis = Duration.ofNanos(System.nanoTime() - begin).toMillis();
        System.out.printf("search node pid %d READY at %s after %d ms, RSS %s%n",
                process.pid(), url, millis, rss(process.pid()));
        return new Started(process, url, millis);
    }

    private void stop(Started started) throws Exception {
        System.out.printf("search node pid %d RSS before stop %s%n", started.process().pid(), rss(started.process().pid()));
        long begin = System.nanoTime();
        started.process().destroy(); // SIGTERM: the node's shutdown hook closes it
        assertTrue(started.process().waitFor(30, TimeUnit.SECONDS), "search node did not exit within 30 s of SIGTERM");
        System.out.printf("search node pid %d exited with %d after %d ms%n", started.process().pid(),
                started.process().exitValue(), Duration.ofNanos(System.nanoTime() - begin).toMillis());
        assertFalse(started.process().isAlive());
    }

    private static void pump(InputStream output, CompletableFuture<String> ready) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                System.out.println("[search-node] " + line);
                Matcher matcher = READY.matcher(line);
                if (matcher.matches() && !ready.isDone()) {
                    ready.complete(matcher.group(1));
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }

    /** The resource's lines, one JVM option each (blank lines ignored). */
    static List<String> jvmOptions() throws IOException {
        return resourceText(SearchNodeMain.JVM_OPTIONS_RESOURCE).lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
    }

    /**
     * The code source holding the classpath resource (target/classes here, the module's jar for the
     * launcher), then the entries written by dependency:build-classpath: separated by the path
     * separator, on one line by default; newlines are accepted too.
     */
    static String classpath() throws IOException {
        List<String> entries = new ArrayList<>();
        entries.add(codeSourceRoot(SearchNodeMain.CLASSPATH_RESOURCE).toString());
        Arrays.stream(resourceText(SearchNodeMain.CLASSPATH_RESOURCE).split("[" + Pattern.quote(File.pathSeparator) + "\\r\\n]+"))
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .forEach(entries::add);
        for (String entry : entries.subList(1, entries.size())) {
            assertTrue(Files.exists(Path.of(entry)), "classpath entry missing: " + entry);
        }
        return String.join(File.pathSeparator, entries);
    }

    static Path codeSourceRoot(String resource) {
        URL url = SearchNodeMain.class.getClassLoader().getResource(resource);
        assertNotNull(url, resource);
        String text = url.toString();
        try {
            if (text.startsWith("jar:")) {
                return Path.of(URI.create(text.substring(4, text.indexOf("!/"))));
            }
            assertTrue(text.endsWith(resource), text);
            return Path.of(URI.create(text.substring(0, text.length() - resource.length())));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cannot locate the code source of " + text, e);
        }
    }

    private static String resourceText(String resource) throws IOException {
        try (InputStream in = SearchNodeMain.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String rss(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> line.substring("VmRSS:".length()).strip())
                    .findFirst().orElse("n/a");
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
