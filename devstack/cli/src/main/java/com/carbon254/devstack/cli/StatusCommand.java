package com.carbon254.devstack.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import com.carbon254.devstack.server.KafkaCluster;
import com.carbon254.devstack.server.Ports;

import picocli.CommandLine.Command;

/**
 * {@code ./platform status}: the health of each component. Exit code 0 when everything is UP, 1 when something is
 * not (or the platform is still starting), 3 when it is not running.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Health of each component; exit code 0 when everything is UP.")
final class StatusCommand implements Callable<Integer> {

    @Override
    public Integer call() throws IOException {
        PlatformHome platform = PlatformHome.fromEnvironment();
        Optional<ProcessHandle> launcher = platform.launcher();
        if (launcher.isEmpty() || !Files.isRegularFile(platform.endpointsFile())) {
            System.out.println(launcher.isEmpty() ? "The platform is not running." : "The platform is starting (pid "
                    + launcher.get().pid() + "); no endpoints yet.");
            return launcher.isEmpty() ? 3 : 1;
        }
        Map<String, String> env = platform.endpoints();
        System.out.println("Platform launcher pid " + launcher.get().pid());
        System.out.printf("%-16s %-6s %s%n", "COMPONENT", "HEALTH", "ENDPOINT");
        boolean allUp = true;
        allUp &= reportBrokers(env);
        allUp &= report("registry", env.get("REGISTRY_URL"),
                () -> PlatformHome.httpOk(env.get("REGISTRY_URL") + "/system/info"));
        allUp &= report("postgres", env.get("POSTGRES_JDBC_URL"), () -> Ports.isListening(
                URI.create(env.get("POSTGRES_JDBC_URL").substring("jdbc:".length())).getPort()));
        allUp &= report("search", env.get("SEARCH_URL"),
                () -> PlatformHome.httpOk(env.get("SEARCH_URL") + "/_cluster/health"));
        for (PlatformApplication app : PlatformApplication.ALL) {
            String url = env.get(app.endpointKey());
            if (url != null) {
                allUp &= report(app.name(), url, () -> PlatformHome.httpOk(url + "/q/health/ready"));
            }
        }
        for (PlatformJob job : PlatformJob.ALL) {
            String cluster = env.get(job.name().toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_FLINK_URL");
            Path pid = platform.home().resolve("pids").resolve(job.name() + ".pid");
            if (cluster != null) {
                allUp &= report(job.name(), cluster, () -> PlatformHome.httpOk(cluster + "/jobs/overview"));
            } else if (Files.isRegularFile(pid)) {
                allUp &= report(job.name(), "(local Flink MiniCluster, pid " + PlatformHome.readPid(pid) + ")",
                        () -> ProcessHandle.of(PlatformHome.readPid(pid)).map(ProcessHandle::isAlive).orElse(false));
            }
        }
        return allUp ? 0 : 1;
    }

    private static boolean report(String name, String endpoint, BooleanSupplier probe) {
        boolean up = endpoint != null && probe.getAsBoolean();
        System.out.printf("%-16s %-6s %s%n", name, up ? "UP" : "DOWN", endpoint == null ? "-" : endpoint);
        return up;
    }

    /** One line per Kafka broker: UP when the cluster counts it among its live brokers. */
    private static boolean reportBrokers(Map<String, String> env) {
        String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrap == null) {
            return report("kafka", null, () -> false);
        }
        Set<String> live = liveBrokers(env);
        String[] brokers = bootstrap.split(",");
        boolean allUp = true;
        for (int i = 0; i < brokers.length; i++) {
            String broker = brokers[i];
            allUp &= report(KafkaCluster.nodeName(i, brokers.length), broker, () -> live.contains(broker));
        }
        return allUp;
    }

    /**
     * {@code host:port} of each broker the cluster counts live (none when it does not answer), asked as the operator
     * on a secured platform.
     */
    private static Set<String> liveBrokers(Map<String, String> env) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.get("KAFKA_BOOTSTRAP_SERVERS"));
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        try {
            String operator = env.get("KAFKA_OPERATOR_PROPERTIES");
            if (operator != null) {
                settings.putAll(PlatformHome.readEnvFile(Path.of(operator)));
            }
            try (Admin admin = Admin.create(settings)) {
                return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
                        .map(node -> node.host() + ":" + node.port()).collect(Collectors.toSet());
            }
        } catch (Exception e) {
            return Set.of();
        }
    }
}
