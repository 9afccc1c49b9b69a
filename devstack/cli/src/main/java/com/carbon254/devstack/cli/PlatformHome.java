package com.carbon254.devstack.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The checkout and the state folder of one platform ({@code .platform/}, or {@code PLATFORM_HOME} for a second one
 * beside it): the files every {@code ./platform} command reads or writes, and the launcher's process.
 *
 * @param root the repository checkout
 * @param home the state folder
 */
public record PlatformHome(Path root, Path home) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The checkout named by the {@code platform.root} system property, the state folder by PLATFORM_HOME. */
    public static PlatformHome fromEnvironment() {
        Path root = Path.of(System.getProperty("platform.root", ".")).toAbsolutePath().normalize();
        // PLATFORM_HOME lets a second platform (e.g. the smoke test, or --secure) run beside a developer's own.
        String homeOverride = System.getenv("PLATFORM_HOME");
        Path home = homeOverride == null || homeOverride.isBlank() ? root.resolve(".platform")
                : Path.of(homeOverride).toAbsolutePath().normalize();
        return new PlatformHome(root, home);
    }

    public Path pidFile() {
        return home.resolve("platform.pid");
    }

    public Path endpointsFile() {
        return home.resolve("endpoints.env");
    }

    public Path devConfigFile() {
        return home.resolve("dev.properties");
    }

    public Path tokensFile() {
        return home.resolve("tokens.env");
    }

    /** The endpoints of the running platform ({@code endpoints.env}), empty when it is not running. */
    public Map<String, String> endpoints() throws IOException {
        return readEnvFile(endpointsFile());
    }

    public Map<String, String> tokens() throws IOException {
        return readEnvFile(tokensFile());
    }

    /** A path relative to the checkout when it is inside it, absolute otherwise. */
    public String display(Path path) {
        return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
    }

    /** The running launcher of this state folder, if any. */
    public Optional<ProcessHandle> launcher() {
        if (!Files.isRegularFile(pidFile())) {
            return Optional.empty();
        }
        return ProcessHandle.of(readPid(pidFile())).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().map(c -> c.contains("java")).orElse(true));
    }

    /** Kills server processes a crashed launcher may have left, from their pid files and PostgreSQL's own. */
    public int sweepLeftovers() throws IOException {
        int killed = 0;
        Path pids = home.resolve("pids");
        if (Files.isDirectory(pids)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(pids, "*.pid")) {
                for (Path file : files) {
                    killed += kill(readPid(file));
                    Files.deleteIfExists(file);
                }
            }
        }
        Path postmaster = home.resolve("data/postgres/postmaster.pid");
        if (Files.isRegularFile(postmaster)) {
            Optional<Long> pid = Files.readAllLines(postmaster).stream().findFirst().map(String::trim).map(Long::parseLong);
            Optional<ProcessHandle> handle = pid.flatMap(ProcessHandle::of)
                    .filter(h -> h.info().command().map(c -> c.contains("postgres")).orElse(false));
            if (handle.isPresent()) {
                killed += kill(handle.get().pid());
            }
        }
        return killed;
    }

    private static int kill(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive() || pid == ProcessHandle.current().pid()) {
            return 0;
        }
        handle.get().destroy();
        try {
            handle.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.get().descendants().forEach(ProcessHandle::destroyForcibly);
            handle.get().destroyForcibly();
        }
        return 1;
    }

    static long readPid(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** {@code KEY=VALUE} lines, comments skipped; empty when the file does not exist. */
    public static Map<String, String> readEnvFile(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        return env;
    }

    /** Writes a file only its owner may read: it holds credentials. */
    public static void writePrivate(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** Whether GET {@code url} answers 200. */
    public static boolean httpOk(String url) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** GET {@code url} with the admin token of tokens.env (the admin APIs require platform:admin), if there is one. */
    public HttpRequest.Builder asAdmin(HttpRequest.Builder request) throws IOException {
        String token = tokens().get(com.carbon254.devstack.security.LocalToken.ADMIN.variable());
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    public static HttpClient http() {
        return HTTP;
    }
}
