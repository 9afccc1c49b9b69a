package com.carbon254.devstack.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Reads what a server module recorded at build time: its runtime classpath
 * ({@code devstack/servers/<name>.classpath}, written by maven-dependency-plugin) and optional JVM options
 * ({@code devstack/servers/<name>.jvm-options}). The module's own jar (or classes folder) comes first.
 */
public final class ServerClasspath {

    private ServerClasspath() {
    }

    /** The classpath entries to run server {@code name} with. */
    public static List<String> of(String name) {
        String resource = "devstack/servers/" + name + ".classpath";
        URL url = resourceUrl(resource);
        List<String> entries = new ArrayList<>();
        entries.add(codeSourceRoot(url, resource).toString());
        for (String entry : read(url).trim().split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(entry.trim());
            }
        }
        return entries;
    }

    /** Extra JVM options a server needs (one per line, {@code #} comments), empty when it needs none. */
    public static List<String> jvmOptions(String name) {
        URL url = ServerClasspath.class.getClassLoader().getResource("devstack/servers/" + name + ".jvm-options");
        if (url == null) {
            return List.of();
        }
        return Arrays.stream(read(url).split("\\R"))
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    /** Properties a server module recorded (for example where the registry was unpacked). */
    public static Properties properties(String name) {
        URL url = resourceUrl("devstack/servers/" + name + ".properties");
        Properties properties = new Properties();
        try (InputStream in = url.openStream()) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + url, e);
        }
        return properties;
    }

    /** The jar or folder this launcher's own classes come from (it holds {@link Supervised}). */
    public static Path launcherRoot() {
        try {
            return Path.of(Supervised.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URL resourceUrl(String resource) {
        URL url = ServerClasspath.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("Resource " + resource + " not found: build the devstack modules first ("
                    + "./mvnw -q -DskipTests install -pl devstack/stack -am)");
        }
        return url;
    }

    private static Path codeSourceRoot(URL url, String resource) {
        try {
            if ("jar".equals(url.getProtocol())) {
                String spec = url.getPath(); // file:/x/y.jar!/devstack/servers/n.classpath
                return Path.of(new java.net.URI(spec.substring(0, spec.indexOf("!/"))));
            }
            Path file = Path.of(url.toURI());
            Path root = file;
            for (int i = 0; i < resource.split("/").length; i++) {
                root = root.getParent();
            }
            return root;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate " + url, e);
        }
    }

    private static String read(URL url) {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + url, e);
        }
    }
}
