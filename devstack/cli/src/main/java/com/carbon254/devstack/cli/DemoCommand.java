package com.carbon254.devstack.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./platform demo}: a steady demo load through the public APIs ({@link DemoLoad}). */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "A steady load through the APIs, to watch the metrics move.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--rate", defaultValue = "200", description = "ingestion events per second (default ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--seconds", defaultValue = "0", description = "how long; 0 runs until Ctrl-C (default)")
    int seconds;

    @Override
    public Integer call() throws Exception {
        PlatformHome platform = PlatformHome.fromEnvironment();
        return new DemoLoad(platform.endpoints(), platform.tokens(), System.out)
                .run(rate, seconds <= 0 ? null : Duration.ofSeconds(seconds));
    }
}
