package com.carbon254.devstack.cli;

import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import picocli.CommandLine.Command;

/** {@code ./platform down}: stops the launcher of this state folder (which stops everything it started), then sweeps. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop everything ./platform up started (no process is left behind).")
final class DownCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        PlatformHome platform = PlatformHome.fromEnvironment();
        Optional<ProcessHandle> launcher = platform.launcher();
        if (launcher.isEmpty()) {
            System.out.println("The platform is not running.");
        } else {
            ProcessHandle handle = launcher.get();
            System.out.println("Stopping the platform (pid " + handle.pid() + ") ...");
            handle.destroy();
            try {
                handle.onExit().get(120, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                System.out.println("  ! the launcher did not stop in 120 s; killing it");
                handle.destroyForcibly();
            }
        }
        int swept = platform.sweepLeftovers();
        if (swept > 0) {
            System.out.println("Stopped " + swept + " leftover process(es).");
        }
        Files.deleteIfExists(platform.pidFile());
        Files.deleteIfExists(platform.endpointsFile());
        Files.deleteIfExists(platform.devConfigFile());
        System.out.println("The platform is stopped.");
        return 0;
    }
}
