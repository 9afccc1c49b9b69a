package com.carbon254.devstack.cli;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/**
 * {@code ./platform built}: exit code 0 when the platform is built from its current sources; otherwise prints why it
 * needs a build (the {@code platform} script asks this before {@code up} instead of keeping its own list of the
 * applications, and shows the answer as it builds).
 */
@Command(name = "built", hidden = true, description = "Exit code 0 when the platform is built from its current sources.")
final class BuiltCommand implements Callable<Integer> {

    @Override
    public Integer call() throws IOException {
        Optional<String> why = BuildState.whyBuild(PlatformHome.fromEnvironment().root());
        why.ifPresent(System.out::println);
        return why.isPresent() ? 1 : 0;
    }
}
