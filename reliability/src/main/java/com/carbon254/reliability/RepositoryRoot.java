package com.carbon254.reliability;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the repository root (the services' and the Flink job's build output) from the working directory or the jar. */
final class RepositoryRoot {

    private RepositoryRoot() {
    }

    static Path find() {
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of(System.getProperty("user.dir")).toAbsolutePath());
        var code = RepositoryRoot.class.getProtectionDomain().getCodeSource();
        if (code != null) {
            try {
                starts.add(Path.of(code.getLocation().toURI()).toAbsolutePath());
            } catch (URISyntaxException e) {
                // Only the working directory then.
            }
        }
        for (Path start : starts) {
            for (Path p = start; p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("services/projector")) && Files.isDirectory(p.resolve("reliability"))) {
                    return p;
                }
            }
        }
        throw new IllegalStateException("Cannot find the repository root from " + starts + ": pass --root");
    }
}
