package com.carbon254.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Renders every Kubernetes manifest of the platform into one folder, ready for {@code kubectl apply -f}:
 * <ol>
 * <li>the generated {@code KafkaTopic}s ({@value KafkaTopicManifests#FILE_NAME}) and {@code KafkaUser}s
 *     ({@value KafkaUserManifests#FILE_NAME});</li>
 * <li>every file of {@code src/main/kubernetes/} (the hand-written platform manifests), under its own name;</li>
 * <li>each service's Quarkus-generated {@code services/<name>/target/kubernetes/kubernetes.yml}, when that service has
 *     been built with quarkus-kubernetes, as {@code 50-service-<name>.yml}.</li>
 * </ol>
 * File names start with a number where the order matters ({@code kubectl apply -f <folder>} applies files in name
 * order, and the namespace must come first). The folder is emptied of earlier renderings first.
 *
 * <p>Usage: {@code RenderManifests [--root <repository root>] [--output <folder>]}; the defaults are the repository
 * root found from the working directory and {@code deploy/target/manifests}.
 */
public final class RenderManifests {

    /** Where the hand-written platform manifests are, relative to the repository root. */
    public static final Path PLATFORM_MANIFESTS = Path.of("src", "main", "kubernetes");

    /** Where each service's Quarkus-generated manifest is, relative to its module. */
    public static final Path SERVICE_MANIFEST = Path.of("target", "kubernetes", "kubernetes.yml");

    private RenderManifests() {
    }

    /** One rendered file: its name in the folder and where it came from. */
    public record Rendered(String fileName, String source) {
    }

    public static void main(String[] args) throws IOException {
        Path root = null;
        Path output = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> root = Path.of(args[++i]);
                case "--output" -> output = Path.of(args[++i]);
                default -> throw new IllegalArgumentException(
                        "unknown argument " + args[i] + "; usage: RenderManifests [--root <dir>] [--output <dir>]");
            }
        }
        if (root == null) {
            root = findRoot(Path.of("").toAbsolutePath());
        }
        if (output == null) {
            output = root.resolve("deploy/target/manifests");
        }
        List<Rendered> rendered = render(root.toAbsolutePath().normalize(), output.toAbsolutePath().normalize());
        System.out.println("Rendered " + rendered.size() + " manifest files into " + output.toAbsolutePath().normalize()
                + ":");
        for (Rendered file : rendered) {
            System.out.println("  " + file.fileName() + "  <- " + file.source());
        }
    }

    /**
     * Renders into {@code output} and returns what was written, in file name order.
     *
     * @param root the repository root (holding {@code src/main/kubernetes/} and {@code services/})
     */
    public static List<Rendered> render(Path root, Path output) throws IOException {
        Path platform = root.resolve(PLATFORM_MANIFESTS);
        if (!Files.isDirectory(platform)) {
            throw new IllegalArgumentException("no platform manifests at " + platform + ": is " + root
                    + " the repository root?");
        }
        Files.createDirectories(output);
        clean(output);

        List<Rendered> rendered = new ArrayList<>();
        KafkaTopicManifests.write(output.resolve(KafkaTopicManifests.FILE_NAME));
        rendered.add(new Rendered(KafkaTopicManifests.FILE_NAME, "generated from the topic catalog"));
        KafkaUserManifests.write(root, output.resolve(KafkaUserManifests.FILE_NAME));
        rendered.add(new Rendered(KafkaUserManifests.FILE_NAME, "generated from the services' configuration and the catalog"));

        for (Path file : list(platform)) {
            copy(file, output, file.getFileName().toString(), root, rendered);
        }
        Path services = root.resolve("services");
        if (Files.isDirectory(services)) {
            for (Path service : list(services)) {
                Path manifest = service.resolve(SERVICE_MANIFEST);
                if (Files.isRegularFile(manifest)) {
                    copy(manifest, output, "50-service-" + service.getFileName() + ".yml", root, rendered);
                }
            }
        }
        rendered.sort((a, b) -> a.fileName().compareTo(b.fileName()));
        return rendered;
    }

    private static void copy(Path file, Path output, String name, Path root, List<Rendered> rendered)
            throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        if (rendered.stream().anyMatch(r -> r.fileName().equals(name))) {
            throw new IllegalStateException(root.relativize(file) + " would overwrite the rendered " + name);
        }
        Files.copy(file, output.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        rendered.add(new Rendered(name, root.relativize(file).toString()));
    }

    /** Removes the files an earlier rendering left (only files: the folder holds nothing else). */
    private static void clean(Path output) throws IOException {
        for (Path file : list(output)) {
            if (Files.isRegularFile(file)) {
                Files.delete(file);
            }
        }
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }

    /** The nearest directory, from {@code start} upwards, that holds {@code src/main/kubernetes/} and a pom. */
    static Path findRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(PLATFORM_MANIFESTS)) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new UncheckedIOException(new IOException(
                "no repository root (with src/main/kubernetes/) above " + start + "; pass --root"));
    }
}
