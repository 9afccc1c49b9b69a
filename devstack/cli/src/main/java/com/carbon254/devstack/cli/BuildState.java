package com.carbon254.devstack.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether the platform is built from its current sources, and if not, why: {@code ./platform up} builds only then,
 * and says what made it build. Built means that every build output {@code up} runs exists (each application's runner,
 * each job's classpath, the rendered manifests and the setup jar of {@code --secure}) and that in every module nothing
 * under {@code src/main} is newer than the newest file the build wrote under its {@code target/} (Maven rewrites only
 * what changed, so the newest output, not the oldest, is the module's last build; a module without outputs, such as a
 * parent pom, builds nothing), nor, for the schemas and the services' modules, newer than any application's runner:
 * an application bundles its own copies of those libraries, and Quarkus writes the runner at every build.
 */
final class BuildState {

    private BuildState() {
    }

    /** Why the checkout under {@code root} needs a build; empty when it is built from its current sources. */
    static Optional<String> whyBuild(Path root) throws IOException {
        List<Path> outputs = new ArrayList<>();
        for (PlatformApplication app : PlatformApplication.ALL) {
            if (app.exists(root)) {
                outputs.add(app.runner(root));
            }
        }
        for (PlatformJob job : PlatformJob.ALL) {
            if (job.exists(root)) {
                outputs.add(root.resolve(job.module()).resolve(job.classpathFile()));
            }
        }
        outputs.add(root.resolve("platform-setup/target/platform-setup.jar"));
        outputs.add(root.resolve("deploy/target/manifests/00-namespace.yml"));
        for (Path output : outputs) {
            if (!Files.isRegularFile(output)) {
                return Optional.of(root.relativize(output) + " is not built");
            }
        }
        Newest oldestRunner = null;
        for (PlatformApplication app : PlatformApplication.ALL) {
            if (app.exists(root)) {
                Path runner = app.runner(root);
                FileTime built = Files.getLastModifiedTime(runner);
                oldestRunner = oldestRunner == null || built.compareTo(oldestRunner.time()) < 0
                        ? new Newest(runner, built) : oldestRunner;
            }
        }
        for (Path module : modules(root)) {
            Optional<Newest> source = newest(module.resolve("src/main"));
            // An application bundles copies of the libraries it uses (schemas and services/*) in its runner's folder.
            boolean bundled = module.startsWith(root.resolve("services")) || module.equals(root.resolve("schemas"));
            if (bundled && source.isPresent() && oldestRunner != null
                    && source.get().time().compareTo(oldestRunner.time()) > 0) {
                return Optional.of(root.relativize(source.get().file()) + " changed since "
                        + root.relativize(oldestRunner.file()) + " was built");
            }
            // The repository root's sources are the platform manifests, which deploy renders.
            Optional<Newest> built = newest(module.equals(root) ? root.resolve("deploy/target/manifests")
                    : module.resolve("target"));
            if (source.isPresent() && built.isPresent() && source.get().time().compareTo(built.get().time()) > 0) {
                return Optional.of(root.relativize(source.get().file()) + " changed since the last build");
            }
        }
        return Optional.empty();
    }

    /** A file and its modification time. */
    private record Newest(Path file, FileTime time) {
    }

    /** Every module folder of the checkout (a pom.xml and sources beside it), outside hidden and build folders. */
    private static List<Path> modules(Path root) throws IOException {
        List<Path> modules = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                String name = dir.equals(root) ? "" : dir.getFileName().toString();
                if (name.startsWith(".") || name.equals("target") || name.equals("src") || name.equals("node_modules")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("src/main"))) {
                    modules.add(dir);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return modules;
    }

    /** The most recently modified file under a folder, if it has any. */
    private static Optional<Newest> newest(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        Newest[] newest = {null};
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (newest[0] == null || attributes.lastModifiedTime().compareTo(newest[0].time()) > 0) {
                    newest[0] = new Newest(file, attributes.lastModifiedTime());
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return Optional.ofNullable(newest[0]);
    }
}
