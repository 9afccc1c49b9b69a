package com.carbon254.devstack.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A standalone Flink session cluster, as a Flink deployment runs one: a JobManager (with the REST API and jar
 * submission) and a TaskManager, each a JVM of its own started from Flink's runtime jars
 * ({@code devstack/servers/flink}). Jobs are submitted over the REST API: the shaded job jar is uploaded
 * ({@code POST /jars/upload}) and run ({@code POST /jars/<id>/run}), which runs its main method in the JobManager.
 */
public final class FlinkSessionCluster implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ServerProcess jobManager;
    private final ServerProcess taskManager;
    private final String restUrl;

    private FlinkSessionCluster(ServerProcess jobManager, ServerProcess taskManager, String restUrl) {
        this.jobManager = jobManager;
        this.taskManager = taskManager;
        this.restUrl = restUrl;
    }

    /**
     * Starts the JobManager, then the TaskManager, and waits until the TaskManager has registered.
     *
     * @param name        prefix of the processes' names (logs, pid files)
     * @param settings    Flink configuration beyond the local addresses and sizes (checkpointing, slots ...)
     * @param environment environment variables of both JVMs (a pod template's {@code env})
     * @param jvmOptions  extra JVM options of both (a deployment's {@code env.java.opts})
     */
    public static FlinkSessionCluster start(String name, Path dataDir, Path home, Map<String, String> settings,
                                            Map<String, String> environment, List<String> jvmOptions) {
        try {
            Path conf = Files.createDirectories(dataDir.resolve("conf"));
            int restPort = Ports.free();
            Map<String, String> config = new LinkedHashMap<>();
            config.put("jobmanager.rpc.address", "127.0.0.1");
            config.put("jobmanager.rpc.port", Integer.toString(Ports.free()));
            config.put("jobmanager.bind-host", "127.0.0.1");
            config.put("rest.address", "127.0.0.1");
            config.put("rest.bind-address", "127.0.0.1");
            config.put("rest.port", Integer.toString(restPort));
            config.put("taskmanager.host", "127.0.0.1");
            config.put("taskmanager.bind-host", "127.0.0.1");
            config.put("taskmanager.rpc.port", "0");
            config.put("blob.server.port", "0");
            config.put("jobmanager.memory.process.size", "768m");
            // A TaskManager started without Flink's scripts gets no computed resource options: each is given here
            // (the JVM's -Xmx covers framework and task heap, -XX:MaxDirectMemorySize the off-heap and network).
            config.put("taskmanager.cpu.cores", "2.0");
            config.put("taskmanager.memory.framework.heap.size", "128m");
            config.put("taskmanager.memory.task.heap.size", "256m");
            config.put("taskmanager.memory.framework.off-heap.size", "128m");
            config.put("taskmanager.memory.task.off-heap.size", "0m");
            config.put("taskmanager.memory.network.min", "64m");
            config.put("taskmanager.memory.network.max", "64m");
            config.put("taskmanager.memory.managed.size", "128m");
            config.put("taskmanager.memory.jvm-metaspace.size", "256m");
            config.put("taskmanager.memory.jvm-overhead.min", "64m");
            config.put("taskmanager.memory.jvm-overhead.max", "64m");
            config.put("web.submit.enable", "true");
            config.put("web.upload.dir", Files.createDirectories(dataDir.resolve("uploads")).toString());
            config.put("io.tmp.dirs", Files.createDirectories(dataDir.resolve("tmp")).toString());
            config.putAll(settings);
            StringBuilder yaml = new StringBuilder("# Written by the devstack at every start.\n");
            config.forEach((key, value) -> yaml.append(key).append(": ").append(quote(value)).append('\n'));
            Files.writeString(conf.resolve("config.yaml"), yaml);

            List<String> options = new ArrayList<>(ServerClasspath.jvmOptions("flink"));
            options.addAll(jvmOptions);
            ServerProcess jobManager = ServerProcess.start(name + "-jobmanager",
                    JavaCommand.main("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint")
                            .classpath(ServerClasspath.of("flink")).heap("448m").quickStart(true).jvmOptions(options)
                            .args("--configDir", conf.toString()).build(),
                    home, environment);
            String restUrl = "http://127.0.0.1:" + restPort;
            try {
                jobManager.awaitProbe("the REST API", () -> get(restUrl + "/overview") != null, Duration.ofMinutes(2));
                List<String> taskManagerOptions = new ArrayList<>(options);
                taskManagerOptions.add("-XX:MaxDirectMemorySize=256m");
                ServerProcess taskManager = ServerProcess.start(name + "-taskmanager",
                        JavaCommand.main("org.apache.flink.runtime.taskexecutor.TaskManagerRunner")
                                .classpath(ServerClasspath.of("flink")).heap("512m").quickStart(true)
                                .jvmOptions(taskManagerOptions).args("--configDir", conf.toString()).build(),
                        home, environment);
                FlinkSessionCluster cluster = new FlinkSessionCluster(jobManager, taskManager, restUrl);
                taskManager.awaitProbe("a registered TaskManager", () -> {
                    JsonNode overview = get(restUrl + "/overview");
                    return overview != null && overview.path("taskmanagers").asInt() > 0;
                }, Duration.ofMinutes(2));
                return cluster;
            } catch (RuntimeException e) {
                jobManager.close();
                throw e;
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot prepare the Flink cluster in " + dataDir, e);
        }
    }

    /**
     * Uploads the job jar and runs it: {@code main} of {@code entryClass} with {@code args}, in the JobManager.
     *
     * @return the job id
     */
    public String submit(Path jar, String entryClass, List<String> args, int parallelism) {
        String boundary = "carbon254-" + UUID.randomUUID();
        try {
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                    + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> uploaded = HTTP.send(HttpRequest.newBuilder(URI.create(restUrl + "/jars/upload"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .timeout(Duration.ofMinutes(2))
                    .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, Files.readAllBytes(jar), tail)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode upload = JSON.readTree(uploaded.body());
            if (uploaded.statusCode() != 200 || !upload.path("status").asText().equals("success")) {
                throw new IllegalStateException("The JobManager refused the jar: HTTP " + uploaded.statusCode() + " "
                        + uploaded.body());
            }
            String filename = upload.path("filename").asText();
            String jarId = filename.substring(filename.lastIndexOf('/') + 1);
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("entryClass", entryClass);
            run.put("programArgsList", args);
            run.put("parallelism", parallelism);
            HttpResponse<String> ran = HTTP.send(HttpRequest.newBuilder(URI.create(restUrl + "/jars/" + jarId + "/run"))
                    .header("Content-Type", "application/json").timeout(Duration.ofMinutes(3))
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(run))).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode job = JSON.readTree(ran.body());
            if (ran.statusCode() != 200 || !job.has("jobid")) {
                throw new IllegalStateException("The job did not start: HTTP " + ran.statusCode() + " " + ran.body());
            }
            return job.path("jobid").asText();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot submit " + jar + " to " + restUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The state of a job (CREATED, RUNNING, FAILED ...), or null when the JobManager does not answer. */
    public String jobState(String jobId) {
        JsonNode job = get(restUrl + "/jobs/" + jobId);
        return job == null ? null : job.path("state").asText(null);
    }

    /** Waits until the job runs (its tasks deployed), failing when it fails or the JobManager exits. */
    public void awaitRunning(String jobId, Duration timeout) {
        jobManager.awaitProbe("job " + jobId + " running", () -> {
            String state = jobState(jobId);
            if ("FAILED".equals(state) || "CANCELED".equals(state)) {
                throw new IllegalStateException("Flink job " + jobId + " is " + state + "; see " + jobManager.logFile());
            }
            return "RUNNING".equals(state);
        }, timeout);
    }

    public String restUrl() {
        return restUrl;
    }

    public List<ServerProcess> processes() {
        return List.of(jobManager, taskManager);
    }

    @Override
    public void close() {
        taskManager.close();
        jobManager.close();
    }

    private static JsonNode get(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String quote(String value) {
        return value.matches("[A-Za-z0-9_./:@-]*") ? value : "'" + value.replace("'", "''") + "'";
    }
}
