package com.carbon254.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.carbon254.devstack.Component;
import com.carbon254.devstack.EmbeddedStack;
import com.carbon254.devstack.StackOptions;
import com.carbon254.events.data.DataIngestionEvent;

/**
 * Gateway batch ingestion against a raw Kafka producer, on the same embedded broker and registry, in the same run.
 *
 * <pre>
 *   ./mvnw -q -pl bench -am package -DskipTests
 *   java -jar bench/target/bench.jar [--events 500000] [--batch 500] [--concurrency 4] [--warmup 2000000]
 *                                    [--rounds 3] [--time-limit 120] [--gateway-heap 512m]
 *                                    [--gateway-jar PATH | --gateway-jar 'label=PATH,label=PATH']
 *                                    [--gateway-jvm-options '-XX:StartFlightRecording=filename=/tmp/gw.jfr']
 * </pre>
 *
 * Both paths send the same DataIngestion events in batches, {@code concurrency} batches in flight, each batch
 * waiting for the broker's acknowledgement of all its events (acks=all, idempotent, lz4): the gateway over HTTP
 * (JSON parsed and validated, envelope completed, Avro through the registry), the raw producer with pre-built records
 * and the same serializer and producer settings. Runs are bounded by event count and a time limit per run.
 */
public final class IngestionBenchmark {

    private IngestionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // Kafka clients log their whole configuration at INFO; the benchmark's output is the table.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // Apicurio's client logs through java.util.logging, every schema lookup in full at INFO.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Map<String, String> options = parse(args);
        int events = Integer.parseInt(options.getOrDefault("events", "500000"));
        int batchSize = Integer.parseInt(options.getOrDefault("batch", "500"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "4"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "2000000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        long timeLimit = Duration.ofSeconds(Long.parseLong(options.getOrDefault("time-limit", "120"))).toNanos();
        String heap = options.getOrDefault("gateway-heap", "512m");
        List<String> gatewayJvmOptions = options.containsKey("gateway-jvm-options")
                ? List.of(options.get("gateway-jvm-options").trim().split("\\s+")) : List.of();
        // Several gateway builds may be compared in one run: --gateway-jar 'base=/tmp/a/quarkus-run.jar,new=PATH', and
        // a build with its own JVM options: 'linger-10=PATH@-Dmp.messaging.outgoing.events-out.linger.ms=10'.
        Map<String, String> runners = gatewayJars(options.getOrDefault("gateway-jar",
                "services/event-gateway/target/quarkus-app/quarkus-run.jar"));
        int batches = Math.max(1, events / batchSize);
        // The gateway's JIT keeps improving its code for the first million or so events (its CPU per event still fell
        // round after round after 300,000): the warm-up must reach the steady state the rounds are meant to measure.
        int warmupBatches = Math.max(1, warmup / batchSize);

        Path home = Files.createTempDirectory("carbon254-bench-");
        System.out.printf("Starting Kafka and the registry (data in %s) ...%n", home);
        StackOptions stackOptions = new StackOptions(home, EnumSet.of(Component.KAFKA, Component.REGISTRY), true,
                Map.of(), false, false, true, false, line -> System.out.println("  " + line));
        List<GatewayProcess> gateways = new ArrayList<>();
        List<GatewayLoad> overHttp = new ArrayList<>();
        try (EmbeddedStack stack = EmbeddedStack.start(stackOptions)) {
            List<byte[]> bodies = IngestionEvents.jsonBatches(batches, batchSize);
            for (Map.Entry<String, String> runner : runners.entrySet()) {
                String[] jarAndOptions = runner.getValue().split("@");
                List<String> jvmOptions = new ArrayList<>(gatewayJvmOptions);
                jvmOptions.addAll(List.of(jarAndOptions).subList(1, jarAndOptions.length));
                GatewayProcess gateway = startGateway(Path.of(jarAndOptions[0]).toAbsolutePath(), stack, home, heap,
                        jvmOptions);
                gateways.add(gateway);
                overHttp.add(new GatewayLoad(gateway.url(), gateway.token(), bodies, concurrency));
                System.out.printf("Gateway %s ready at %s (pid %d)%n", runner.getKey(), gateway.url(), gateway.pid());
            }
            List<String> labels = List.copyOf(runners.keySet());
            System.out.printf("Preparing %d + %d batches of %d events ...%n", warmupBatches, batches, batchSize);
            List<List<DataIngestionEvent>> records = IngestionEvents.recordBatches(batches, batchSize);
            try (RawProducerLoad raw = new RawProducerLoad(stack.endpoints().kafkaBootstrapServers(),
                    stack.endpoints().registryUrl(), records)) {
                System.out.println("Warming up every path ...");
                for (GatewayLoad load : overHttp) {
                    load.run("warm-up", warmupBatches, batchSize, concurrency, timeLimit);
                }
                raw.run("warm-up", warmupBatches, batchSize, concurrency, timeLimit);

                List<Measurement[]> results = new ArrayList<>();
                List<double[][]> cpu = new ArrayList<>();
                long brokerPid = stack.processes().get(Component.KAFKA).pid();
                long clientPid = ProcessHandle.current().pid();
                for (int round = 1; round <= rounds; round++) {
                    System.out.printf("Round %d/%d (load average %.1f) ...%n", round, rounds, loadAverage());
                    Measurement[] measured = new Measurement[overHttp.size() + 1];
                    // Per path: CPU ms per 1000 events of the gateway JVM, the benchmark's JVM (the client), the broker.
                    double[][] cpuPerKiloEvent = new double[overHttp.size() + 1][];
                    for (int g = 0; g < overHttp.size(); g++) {
                        CpuClocks clocks = new CpuClocks(gateways.get(g).pid(), clientPid, brokerPid);
                        measured[g] = overHttp.get(g).run(gatewayPath(labels, g), batches, batchSize, concurrency,
                                timeLimit);
                        cpuPerKiloEvent[g] = clocks.perKiloEvent(measured[g].events());
                        System.out.printf(Locale.ROOT, "  %s: %.0f events/s, gateway JVM CPU %.1f ms per 1000 events%n",
                                measured[g].path(), measured[g].eventsPerSecond(), cpuPerKiloEvent[g][0]);
                    }
                    // The benchmark's own JVM does nothing else meanwhile: its CPU time is the raw client's.
                    CpuClocks rawClocks = new CpuClocks(-1, clientPid, brokerPid);
                    measured[overHttp.size()] = raw.run("raw KafkaProducer", batches, batchSize, concurrency,
                            timeLimit);
                    cpuPerKiloEvent[overHttp.size()] = rawClocks.perKiloEvent(measured[overHttp.size()].events());
                    results.add(measured);
                    cpu.add(cpuPerKiloEvent);
                }
                print(results, cpu);
            }
        } finally {
            overHttp.forEach(GatewayLoad::close);
            gateways.forEach(GatewayProcess::close);
            EmbeddedStack.deleteRecursively(home);
        }
    }

    private static String gatewayPath(List<String> labels, int index) {
        return labels.size() == 1 ? "gateway (HTTP batch)" : "gateway " + labels.get(index);
    }

    /** {@code PATH} or {@code label=PATH[@JVM-OPTION...],...}: the gateway builds to measure, in order. */
    private static Map<String, String> gatewayJars(String option) {
        Map<String, String> jars = new java.util.LinkedHashMap<>();
        for (String entry : option.split(",")) {
            int equals = entry.indexOf('=');
            String jar = equals < 0 ? entry : entry.substring(equals + 1);
            jars.put(equals < 0 ? Path.of(jar).toAbsolutePath().getParent().getFileName().toString()
                    : entry.substring(0, equals), jar);
        }
        return jars;
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static GatewayProcess startGateway(Path runner, EmbeddedStack stack, Path home, String heap,
                                               List<String> jvmOptions) {
        System.out.println("Starting the gateway " + runner + " ...");
        return GatewayProcess.start(runner, stack.endpoints(), home, heap, jvmOptions);
    }

    private static void print(List<Measurement[]> rounds, List<double[][]> cpu) {
        System.out.println();
        System.out.println("CPU: milliseconds of CPU time per 1000 events, of the gateway's JVM, of the client (this JVM:"
                + " the HTTP client, or the raw producer) and of the broker's JVM, while the path ran.");
        System.out.println();
        System.out.printf(Locale.ROOT, "| %-22s | %5s | %8s | %5s | %4s | %10s | %8s | %8s | %11s | %10s | %10s |%n",
                "path", "round", "events", "batch", "conc", "events/s", "p50 ms", "p99 ms", "gateway CPU",
                "client CPU", "broker CPU");
        System.out.println("|------------------------|-------|----------|-------|------|------------|----------|----------"
                + "|-------------|------------|------------|");
        for (int r = 0; r < rounds.size(); r++) {
            Measurement[] round = rounds.get(r);
            for (int i = 0; i < round.length; i++) {
                Measurement m = round[i];
                double[] cpuMs = cpu.get(r)[i];
                System.out.printf(Locale.ROOT, "| %-22s | %5d | %8d | %5d | %4d | %10.0f | %8.1f | %8.1f | %11s | %10.1f | %10.1f |%n",
                        m.path(), r + 1, m.events(), m.batchSize(), m.concurrency(), m.eventsPerSecond(),
                        m.percentileMillis(50), m.percentileMillis(99),
                        Double.isNaN(cpuMs[0]) ? "-" : String.format(Locale.ROOT, "%.1f", cpuMs[0]), cpuMs[1], cpuMs[2]);
            }
        }
        System.out.println();
        for (int r = 0; r < rounds.size(); r++) {
            Measurement[] round = rounds.get(r);
            Measurement raw = round[round.length - 1];
            for (int g = 0; g < round.length - 1; g++) {
                System.out.printf(Locale.ROOT, "Round %d: %s / raw = %.0f%% of raw events/s (goal >= 60%%)%n", r + 1,
                        round[g].path(), 100 * round[g].eventsPerSecond() / raw.eventsPerSecond());
            }
        }
        // One round can land on a neighbour's build or a collection: the median of the rounds is the figure to quote.
        for (int g = 0; g < rounds.get(0).length - 1; g++) {
            int path = g;
            double[] ratios = rounds.stream()
                    .mapToDouble(round -> round[path].eventsPerSecond() / round[round.length - 1].eventsPerSecond())
                    .sorted().toArray();
            double median = ratios.length % 2 == 1 ? ratios[ratios.length / 2]
                    : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
            System.out.printf(Locale.ROOT, "Median of %d rounds: %s / raw = %.0f%% of raw events/s (goal >= 60%%)%n",
                    ratios.length, rounds.get(0)[g].path(), 100 * median);
        }
    }

    private static Map<String, String> parse(String[] args) {
        List<String> list = List.of(args);
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            if (!arg.startsWith("--") || i + 1 >= list.size()) {
                throw new IllegalArgumentException("Expected --option value pairs, got " + list);
            }
            options.put(arg.substring(2), list.get(++i));
        }
        return options;
    }

    /** CPU time consumed by a process since the clock was taken. */
    private record CpuClock(ProcessHandle process, Duration start) {

        static CpuClock of(long pid) {
            ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
            return new CpuClock(process, cpu(process));
        }

        double elapsedMillis() {
            return cpu(process).minus(start).toNanos() / 1e6;
        }

        private static Duration cpu(ProcessHandle process) {
            return process.info().totalCpuDuration().orElse(Duration.ZERO);
        }
    }

    /** The clocks of the gateway (absent for the raw path: pid -1), the client and the broker during one path's run. */
    private record CpuClocks(CpuClock gateway, CpuClock client, CpuClock broker) {

        CpuClocks(long gatewayPid, long clientPid, long brokerPid) {
            this(gatewayPid < 0 ? null : CpuClock.of(gatewayPid), CpuClock.of(clientPid), CpuClock.of(brokerPid));
        }

        double[] perKiloEvent(long events) {
            double kilo = events / 1000.0;
            return new double[] {gateway == null ? Double.NaN : gateway.elapsedMillis() / kilo,
                    client.elapsedMillis() / kilo, broker.elapsedMillis() / kilo};
        }
    }
}
