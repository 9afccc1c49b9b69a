package com.carbon254.devstack.cli;

import java.nio.file.Files;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/**
 * {@code ./platform built}: exit code 0 when every application of the platform is built (the {@code platform} script
 * asks this before {@code up} instead of keeping its own list of the applications).
 */
@Command(name = "built", hidden = true, description = "Exit code 0 when every application is built.")
final class BuiltCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        PlatformHome platform = PlatformHome.fromEnvironment();
        for (PlatformApplication app : PlatformApplication.ALL) {
            if (app.exists(platform.root()) && !Files.isRegularFile(app.runner(platform.root()))) {
                System.out.println(app.name() + " is not built");
                return 1;
            }
        }
        for (PlatformJob job : PlatformJob.ALL) {
            if (job.exists(platform.root()) && !job.isBuilt(platform.root())) {
                System.out.println(job.name() + " is not built");
                return 1;
            }
        }
        // --secure reads the rendered manifests and runs the setup Jobs' jar.
        if (!Files.isDirectory(platform.root().resolve("deploy/target/manifests"))
                || !Files.isRegularFile(platform.root().resolve("platform-setup/target/platform-setup.jar"))) {
            System.out.println("the manifests or the setup jar are not built");
            return 1;
        }
        return 0;
    }
}
