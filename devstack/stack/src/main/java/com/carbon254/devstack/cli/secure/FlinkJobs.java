package com.carbon254.devstack.cli.secure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.carbon254.devstack.StackSecrets;
import com.carbon254.devstack.cli.PlatformJob;
import com.carbon254.devstack.server.JavaCommand;
import com.carbon254.devstack.server.ServerProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The rendered {@code FlinkDeployment}'s job, locally: its entry class with the deployment's own arguments and the
 * checkpoint settings of its {@code flinkConfiguration}, the environment of its pod template (the KafkaUser's JAAS
 * line, read by Kafka's EnvVarConfigProvider) and the local folder {@code data/<name>/object-store/} standing in for
 * the object store ({@code s3://<bucket>/<path>} becomes {@code file://.../object-store/<bucket>/<path>}).
 *
 * <p>It runs on a Flink MiniCluster in a JVM of its own (Flink's own runtime classes from the module's classpath), so
 * the operator's high availability, savepoint schedule and Prometheus reporter, all cluster concerns, are left out.
 */
final class FlinkJobs {

    /** Settings of the FlinkDeployment that apply locally as they are (others are the operator's or the cluster's). */
    private static final Pattern LOCAL_SETTINGS = Pattern.compile(
            "^(execution\\.checkpointing\\..*|state\\.backend\\..*|restart-strategy\\..*|taskmanager\\.numberOfTaskSlots)$");
    /** The object store's credentials: the local folder needs none. */
    private static final Pattern OBJECT_STORE_VARIABLES = Pattern.compile("^(AWS_.*|ENABLE_BUILT_IN_PLUGINS)$");

    private FlinkJobs() {
    }

    static CompletableFuture<Void> start(Path root, Path home, JsonNode flink, PodEnvironment environment,
                                         StackSecrets secrets, Consumer<String> progress, List<ServerProcess> started)
            throws java.io.IOException {
        String name = RenderedManifests.name(flink);
        PlatformJob job = PlatformJob.ALL.stream().filter(j -> j.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("FlinkDeployment " + name + " has no local job module"));
        if (!job.isBuilt(root)) {
            throw new IllegalStateException(name + " is not built (" + job.classpathFile() + " missing)");
        }
        String objectStore = home.resolve("data").resolve(name).resolve("object-store").toUri().toString();
        List<String> args = new ArrayList<>(List.of("--local", "true"));
        for (JsonNode arg : flink.path("spec").path("job").path("args")) {
            args.add(local(environment.local(arg.asText()), objectStore));
        }
        flink.path("spec").path("flinkConfiguration").properties().forEach(setting -> {
            if (LOCAL_SETTINGS.matcher(setting.getKey()).matches()) {
                args.add("--flink." + setting.getKey());
                args.add(local(setting.getValue().asText(), objectStore));
            }
        });
        JsonNode pod = flink.path("spec").path("podTemplate").path("spec");
        ObjectNode container = ((ObjectNode) RenderedManifests.container(wrap(pod))).deepCopy();
        ArrayNode env = container.putArray("env");
        RenderedManifests.container(wrap(pod)).path("env").forEach(variable -> {
            if (!OBJECT_STORE_VARIABLES.matcher(variable.path("name").asText()).matches()) {
                env.add(variable);
            }
        });
        Map<String, String> variables = environment.of(flink, pod, container);
        List<String> jvmOptions = new ArrayList<>(job.jvmOptions(root));
        String taskManagerOptions = flink.path("spec").path("flinkConfiguration").path("env.java.opts.taskmanager")
                .asText("");
        for (String option : taskManagerOptions.trim().split("\\s+")) {
            if (!option.isBlank()) {
                jvmOptions.add(option);
            }
        }
        JavaCommand java = JavaCommand.main(job.mainClass()).classpath(job.classpath(root)).jvmOptions(jvmOptions)
                .args(args.toArray(String[]::new));
        progress.accept("starting " + name + " (arguments of its FlinkDeployment, local MiniCluster) ...");
        ServerProcess process = ServerProcess.start(name, java.build(), home, variables);
        started.add(process);
        return CompletableFuture.runAsync(() -> {
            String jobId = process.awaitLine(job.ready(), Duration.ofMinutes(3)).group(1);
            progress.accept(name + " running (Flink job " + jobId + ")");
        });
    }

    /** {@code s3://bucket/path} as a URI under the local object-store folder. */
    static String local(String value, String objectStore) {
        return value.replace("s3://", objectStore.endsWith("/") ? objectStore : objectStore + "/");
    }

    private static JsonNode wrap(JsonNode pod) {
        ObjectNode workload = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        workload.putObject("spec").putObject("template").set("spec", pod);
        return workload;
    }
}
