package com.carbon254.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.header.Header;

import com.carbon254.events.catalog.TopicCatalog;

/**
 * What the run checks once the load has stopped, from the servers' own data (topics read with a plain consumer, the
 * read models with plain SQL, the index with plain HTTP) and the {@link Ledger} — never through the services' code:
 * <ul>
 * <li>every acknowledged gateway event is on its topic, and no more often than it was sent;</li>
 * <li>every accepted command is in the dataset read model at the version it was accepted with;</li>
 * <li>the search index holds exactly the live datasets of PostgreSQL, at the same versions;</li>
 * <li>the ingestion windows equal a fold of the ingestion events, each event counted once;</li>
 * <li>the audit chain verifies (the hash recomputed from its definition) and holds each event once;</li>
 * <li>every poison record is on its topic's dead-letter topic, with a reason.</li>
 * </ul>
 * Checks on read models are awaited (the projections may still be catching up), up to a timeout.
 */
final class EndChecks {

    private static final Duration CONVERGENCE = Duration.ofMinutes(4);

    private final PlatformUnderTest platform;
    private final Ledger ledger;
    private final PoisonInjector poison;
    private final List<FaultRecord> faults;
    private final ClientOutcomes outcomes;
    private final List<Check> checks = new ArrayList<>();
    private long deadline;

    record Check(String name, boolean passed, String detail) {
    }

    EndChecks(PlatformUnderTest platform, Ledger ledger, PoisonInjector poison, List<FaultRecord> faults,
              ClientOutcomes outcomes) {
        this.outcomes = outcomes;
        this.platform = platform;
        this.ledger = ledger;
        this.poison = poison;
        this.faults = faults;
    }

    Verdict run() throws Exception {
        long begin = System.nanoTime();
        new WindowFlush(platform).closeEveryWindow();
        Quiescence.await(platform, CONVERGENCE);
        System.out.printf("quiescent after %.1f s; checking ...%n", (System.nanoTime() - begin) / 1e9);
        deadline = System.nanoTime() + CONVERGENCE.toNanos();

        long unhealed = faults.stream().filter(f -> f.healthyAfterSeconds() < 0).count();
        checks.add(new Check("every fault healed", unhealed == 0, unhealed + " of " + faults.size()
                + " left a service not ready"));
        Map<String, java.util.concurrent.atomic.LongAdder> serverErrors = outcomes.serverErrors();
        checks.add(new Check("no server error but 503", serverErrors.isEmpty(), serverErrors.isEmpty()
                ? "clients saw only answers a client can act on"
                : ClientOutcomes.summary(serverErrors) + "; first answers: " + outcomes.serverErrorBodies()));
        Map<String, Integer> onTopics = eventsOnTopics();
        long acknowledgedEvents = 0;
        long visibleEvents = 0;
        long extraCopies = 0;
        for (Map.Entry<String, Ledger.SentEvent> e : ledger.events().entrySet()) {
            int copies = onTopics.getOrDefault(e.getKey(), 0);
            if (e.getValue().acknowledged.get() > 0) {
                acknowledgedEvents++;
                visibleEvents += copies > 0 ? 1 : 0;
            }
            extraCopies += Math.max(0, copies - e.getValue().sent.get());
        }
        checks.add(new Check("acknowledged events on their topics", visibleEvents == acknowledgedEvents
                && extraCopies == 0, String.format(Locale.ROOT, "%,d of %,d; %d copies more than sent",
                visibleEvents, acknowledgedEvents, extraCopies)));

        ReadModelChecks readModels = new ReadModelChecks(platform, ledger);
        ReadModelChecks.Commands commands = await(readModels::commands, ReadModelChecks.Commands::complete);
        checks.add(new Check("accepted commands in the read model", commands.complete(), commands.detail()));
        Check search = await(readModels::searchEqualsDatabase, Check::passed);
        checks.add(search);
        ReadModelChecks.Windows windows = await(() -> readModels.windows(onTopics), ReadModelChecks.Windows::equal);
        checks.add(new Check("ingestion windows = fold of the events", windows.equal(), windows.detail()));
        ReadModelChecks.Audit audit = await(readModels::audit, a -> a.verifies() && a.complete());
        checks.add(new Check("audit chain verifies, each event once", audit.verifies(), audit.detail()));
        checks.add(new Check("accepted gateway calls audited", audit.complete(), String.format(Locale.ROOT,
                "%,d ApiCall entries for %,d calls answered 202", audit.gatewayCalls(), audit.gatewayCallsAccepted())));
        DeadLetterCount deadLettered = await(this::deadLettered, d -> d.matched == poison.injected().size());
        checks.add(new Check("poison records dead-lettered with a reason",
                deadLettered.matched == poison.injected().size(), String.format(Locale.ROOT, "%d of %d",
                deadLettered.matched, poison.injected().size())));
        // A transient failure (a server down, a restart) must be retried, never dead-lettered.
        checks.add(new Check("no other dead letters", deadLettered.others.isEmpty(),
                deadLettered.others.isEmpty() ? "none on any dead-letter topic" : deadLettered.others.toString()));

        System.out.println("| check | result | detail |");
        System.out.println("|---|---|---|");
        checks.forEach(c -> System.out.printf("| %s | %s | %s |%n", c.name, c.passed ? "ok" : "FAILED", c.detail));
        System.out.println();
        long acknowledged = acknowledgedEvents + commands.accepted();
        long visible = visibleEvents + commands.visible();
        return new Verdict(faults.size(), acknowledged, visible, acknowledged - visible,
                windows.duplicateEffects() + audit.duplicates(), poison.injected().size(), deadLettered.matched,
                checks.stream().allMatch(Check::passed));
    }

    /** How many times each eventId the gateway was given is on the topics of the event traffic. */
    private Map<String, Integer> eventsOnTopics() {
        Map<String, Integer> copies = new HashMap<>();
        TopicReader.readAll(platform.endpoints().kafkaBootstrapServers(),
                List.of("data-ingestion", "data-quality", "system-health"), record -> {
                    Header id = record.headers().lastHeader("eventId");
                    if (id != null) {
                        copies.merge(new String(id.value(), StandardCharsets.UTF_8), 1, Integer::sum);
                    }
                });
        return copies;
    }

    private record DeadLetterCount(int matched, Map<String, Integer> others) {
    }

    private DeadLetterCount deadLettered() {
        Set<PoisonInjector.Poison> expected = Set.copyOf(poison.injected().stream()
                .map(p -> new PoisonInjector.Poison(p.topic(), p.partition(), p.offset(), "")).toList());
        Set<PoisonInjector.Poison> found = new java.util.HashSet<>();
        Map<String, Integer> others = new java.util.TreeMap<>();
        List<String> dlqs = TopicCatalog.topics().stream().map(t -> t.deadLetter().name()).toList();
        TopicReader.readAll(platform.endpoints().kafkaBootstrapServers(), dlqs, record -> {
            String reason = header(record.headers().lastHeader("dead-letter-reason"));
            PoisonInjector.Poison coordinates = new PoisonInjector.Poison(
                    header(record.headers().lastHeader("dead-letter-topic")),
                    Integer.parseInt(orDefault(header(record.headers().lastHeader("dead-letter-partition")), "-1")),
                    Long.parseLong(orDefault(header(record.headers().lastHeader("dead-letter-offset")), "-1")), "");
            if (expected.contains(coordinates) && reason != null && !reason.isBlank()) {
                found.add(coordinates);
            } else if (!expected.contains(coordinates)) {
                others.merge(record.topic() + " " + reason, 1, Integer::sum);
            }
        });
        return new DeadLetterCount(found.size(), others);
    }

    private static String header(Header header) {
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    /** The first result that passes, or the last one once the checks' common deadline ({@link #CONVERGENCE}) passed. */
    private <T> T await(CheckedSupplier<T> check, java.util.function.Predicate<T> passes) throws Exception {
        T result = check.get();
        while (!passes.test(result) && System.nanoTime() < deadline) {
            TimeUnit.SECONDS.sleep(2); // between two reads of the servers' data while projections catch up
            result = check.get();
        }
        return result;
    }

    @FunctionalInterface
    interface CheckedSupplier<T> {
        T get() throws Exception;
    }
}
