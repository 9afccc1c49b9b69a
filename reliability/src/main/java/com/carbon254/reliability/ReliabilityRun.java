package com.carbon254.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

import com.carbon254.devstack.EmbeddedStack;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The fault-injection run: starts the whole platform on free ports (real servers, the services' built jars, the Flink
 * aggregations), keeps it under steady load (gateway events, dataset commands, reads), injects the faults of
 * {@link FaultSchedule} one after the other together with poison records and duplicate deliveries, then waits for
 * quiescence and checks what the platform promises ({@link EndChecks}), from the servers' own data and not through
 * the services' code. Prints one table per fault, one per check, and a last line
 * {@code reliability: faults=F acknowledged=A visible=V lost=L duplicate-effects=D poison=P dead-lettered=Q}; exits
 * 0 only if every check passed.
 */
@Command(name = "reliability", mixinStandardHelpOptions = true,
        description = "Run the platform under load while servers and services fail; check nothing acknowledged is lost.")
public final class ReliabilityRun implements Callable<Integer> {

    @Option(names = "--minutes", defaultValue = "3", description = "how long the load and the faults last (default 3)")
    int minutes;

    @Option(names = "--brokers", defaultValue = "1",
            description = "Kafka brokers: 1, or 3 (replication factor 3, min.insync.replicas 2; a broker is stopped "
                    + "while the platform keeps accepting)")
    int brokers;

    @Option(names = "--root", description = "the repository root, with the services and the Flink job built "
            + "(default: found from the working directory)")
    Path root;

    @Option(names = "--seed", defaultValue = "254", description = "seed of the load's random choices")
    long seed;

    @Option(names = "--keep", description = "keep the data and logs folder at the end (it is printed)")
    boolean keep;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReliabilityRun()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (brokers != 1 && brokers != 3) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--brokers must be 1 or 3");
        }
        if (minutes < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--minutes must be at least 1");
        }
        Path repository = root != null ? root.toAbsolutePath().normalize() : RepositoryRoot.find();
        Path home = Files.createTempDirectory("reliability-");
        System.out.printf("reliability: %d minute(s), %d broker(s), seed %d, data and logs in %s%n", minutes, brokers,
                seed, home);
        Verdict verdict;
        try (PlatformUnderTest platform = PlatformUnderTest.start(repository, home, brokers)) {
            verdict = run(platform);
        } finally {
            if (!keep) {
                EmbeddedStack.deleteRecursively(home);
            }
        }
        System.out.println(verdict.lastLine());
        return verdict.passed() ? 0 : 1;
    }

    private Verdict run(PlatformUnderTest platform) throws Exception {
        Random random = new Random(seed);
        Ledger ledger = new Ledger();
        ClientOutcomes outcomes = new ClientOutcomes();
        Duration length = Duration.ofMinutes(minutes);
        List<FaultRecord> faults = new ArrayList<>();
        try (PoisonInjector poison = new PoisonInjector(platform)) {
            try (Load load = Load.start(platform, ledger, outcomes, random)) {
                faults.addAll(new FaultSchedule(platform, outcomes, poison, brokers).run(length));
                load.stopAndAwait();
            }
            FaultRecord.print(faults);
            outcomes.printSteady();
            return new EndChecks(platform, ledger, poison, faults, outcomes).run();
        }
    }
}
