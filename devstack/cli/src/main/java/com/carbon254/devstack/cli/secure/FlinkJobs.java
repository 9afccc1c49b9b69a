package com.carbon254.devstack.cli.secure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.carbon254.devstack.server.FlinkSessionCluster;
import com.carbon254.devstack.server.ServerProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A rendered {@code FlinkDeployment}, locally: a standalone session cluster ({@link FlinkSessionCluster}, a
 * JobManager and a TaskManager, each its own JVM) configured with the deployment's checkpointing, state backend,
 * restart strategy and slots, with the environment of its pod template (the KafkaUser's JAAS line, which Kafka's
 * EnvVarConfigProvider reads in both), and the shaded job jar of its {@code jarURI} submitted over the REST API with
 * the deployment's entry class, arguments and parallelism. The local folder {@code data/<name>/object-store/} stands
 * in for the object store: {@code s3://<bucket>/<path>} becomes {@code file://.../object-store/<bucket>/<path>}.
 *
 * <p>Left out, as cluster concerns: the operator's Kubernetes high availability and savepoint schedule (a restart
 * starts the job from its committed Kafka offsets, {@code --starting-offsets committed}), the Prometheus reporter
 * and the object store's credentials. An Iceberg REST catalog (the archive's) is stood in for by a Hadoop catalog in
 * the local object store ({@link #localCatalog}).
 */
final class FlinkJobs {

    /** Settings of the FlinkDeployment that apply locally as they are (others are the operator's or the cluster's). */
    private static final Pattern LOCAL_SETTINGS = Pattern.compile(
            "^(execution\\.checkpointing\\..*|state\\.backend\\..*|restart-strategy\\..*|taskmanager\\.numberOfTaskSlots)$");
    /** The object store's credentials and plugins: the local folder needs none. */
    private static final Pattern OBJECT_STORE_VARIABLES = Pattern.compile("^(AWS_.*|ENABLE_BUILT_IN_PLUGINS)$");

    private FlinkJobs() {
    }

    /** Starts the cluster and the job; completes with the REST API's URL once the job runs. */
    static CompletableFuture<String> start(Path root, Path home, JsonNode flink, PodEnvironment environment,
                                           Consumer<String> progress, List<ServerProcess> started) {
        String name = RenderedManifests.name(flink);
        JsonNode spec = flink.path("spec");
        String jarUri = spec.path("job").path("jarURI").asText();
        // The image is the module's (registry/carbon254/<module>:<tag>); its jarURI names the module's shaded jar.
        String module = SecurePlatform.imageName(spec.path("image").asText());
        Path jar = root.resolve(module).resolve("target").resolve(jarUri.substring(jarUri.lastIndexOf('/') + 1));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not built (" + jar + " missing)");
        }
        Path data = home.resolve("data").resolve(name);
        String objectStore = data.resolve("object-store").toUri().toString();

        Map<String, String> settings = new LinkedHashMap<>();
        spec.path("flinkConfiguration").properties().forEach(setting -> {
            if (LOCAL_SETTINGS.matcher(setting.getKey()).matches()) {
                settings.put(setting.getKey(), local(setting.getValue().asText(), objectStore));
            }
        });
        List<String> jvmOptions = new ArrayList<>();
        for (String option : spec.path("flinkConfiguration").path("env.java.opts.taskmanager").asText("").trim()
                .split("\\s+")) {
            if (!option.isBlank()) {
                jvmOptions.add(option);
            }
        }
        Map<String, String> variables = environment.of(flink, spec.path("podTemplate").path("spec"),
                containerWithout(spec.path("podTemplate").path("spec"), OBJECT_STORE_VARIABLES));
        List<String> clusterArgs = new ArrayList<>();
        spec.path("job").path("args").forEach(arg -> clusterArgs.add(arg.asText()));
        List<String> args = new ArrayList<>();
        for (String arg : localCatalog(clusterArgs, objectStore)) {
            args.add(local(environment.local(arg), objectStore));
        }
        String entryClass = spec.path("job").path("entryClass").asText();
        int parallelism = spec.path("job").path("parallelism").asInt(1);

        return CompletableFuture.supplyAsync(() -> {
            progress.accept("starting " + name + " (a Flink session cluster: JobManager and TaskManager) ...");
            FlinkSessionCluster cluster = FlinkSessionCluster.start(name, data, home, settings, variables, jvmOptions);
            synchronized (started) {
                started.addAll(cluster.processes());
            }
            String jobId = cluster.submit(jar, entryClass, args, parallelism);
            cluster.awaitRunning(jobId, Duration.ofMinutes(3));
            progress.accept(name + " running (Flink job " + jobId + ", REST API " + cluster.restUrl() + ")");
            return cluster.restUrl();
        });
    }

    /**
     * The job's Iceberg catalog settings ({@code --catalog.*}, the archive's) with the cluster's REST catalog and S3
     * file IO stood in for by a Hadoop catalog whose warehouse is a folder of the local object store; other
     * arguments as they are.
     */
    static List<String> localCatalog(List<String> args, String objectStore) {
        if (!args.contains("--catalog.type")) {
            return args;
        }
        List<String> local = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            boolean hasValue = i + 1 < args.size();
            if (arg.equals("--catalog.type") && hasValue) {
                local.addAll(List.of(arg, "hadoop"));
                i++;
            } else if (arg.equals("--catalog.warehouse") && hasValue) {
                local.addAll(List.of(arg, objectStore + (objectStore.endsWith("/") ? "" : "/") + "warehouse/"
                        + args.get(i + 1)));
                i++;
            } else if ((arg.equals("--catalog.uri") || arg.equals("--catalog.io-impl") || arg.startsWith("--catalog.s3."))
                    && hasValue) {
                i++; // the REST catalog's address and the S3 file IO: cluster services without a local stand-in
            } else {
                local.add(arg);
            }
        }
        return local;
    }

    /** {@code s3://bucket/path} as a URI under the local object-store folder. */
    static String local(String value, String objectStore) {
        return value.replace("s3://", objectStore.endsWith("/") ? objectStore : objectStore + "/");
    }

    /** The pod's first container without the variables {@code leftOut} matches. */
    private static JsonNode containerWithout(JsonNode pod, Pattern leftOut) {
        ObjectNode workload = JsonNodeFactory.instance.objectNode();
        workload.putObject("spec").putObject("template").set("spec", pod);
        ObjectNode container = ((ObjectNode) RenderedManifests.container(workload)).deepCopy();
        ArrayNode env = container.putArray("env");
        RenderedManifests.container(workload).path("env").forEach(variable -> {
            if (!leftOut.matcher(variable.path("name").asText()).matches()) {
                env.add(variable);
            }
        });
        return container;
    }
}
