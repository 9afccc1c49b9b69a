package com.carbon254.devstack.cli;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./platform demo}: a steady, plausible load on a running platform, through its public HTTP APIs with the
 * local tokens, so that operators can watch flow, lag and latency metrics move (and, say, stop the projector and see
 * its lag grow). Every second it sends a batch of ingestion events for a handful of datasets, one health report per
 * demo service (now and then a degraded one), a lineage edge, and a few dataset commands; every five seconds it
 * prints what was accepted.
 */
final class DemoLoad {

    private static final List<String> DATASETS = List.of("sales.orders", "sales.customers", "finance.invoices",
            "marketing.campaigns", "ops.sensor_readings", "hr.headcount");
    private static final List<String> SOURCES = List.of("datahub", "trino", "dolphinscheduler", "superset");
    private static final List<String> SERVICES = List.of("trino", "superset", "datahub", "dolphinscheduler");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Random random = new Random();
    private final PrintStream out;
    private final String gateway;
    private final String command;
    private final String eventsToken;
    private final String datasetsToken;

    private long accepted;
    private long refused;
    private long failed;
    /** {id, name} of the datasets this run created. */
    private final List<String[]> datasets = new ArrayList<>();

    DemoLoad(Map<String, String> endpoints, Map<String, String> tokens, PrintStream out) {
        this.gateway = endpoints.get("GATEWAY_URL");
        this.command = endpoints.get("COMMAND_URL");
        this.eventsToken = tokens.get("TOKEN_EVENTS_WRITER");
        this.datasetsToken = tokens.get("TOKEN_DATASETS_WRITER");
        this.out = out;
    }

    /**
     * Sends the load until {@code duration} has passed (or forever when it is null).
     *
     * @param eventsPerSecond ingestion events per second (sent as one gateway batch per second)
     */
    int run(int eventsPerSecond, Duration duration) throws InterruptedException {
        if (gateway == null || command == null || eventsToken == null) {
            out.println("The platform is not running (no GATEWAY_URL/COMMAND_URL/tokens): start it with ./platform up.");
            return 1;
        }
        out.printf("Demo load: %d ingestion events/s, health, lineage and dataset commands%s. Ctrl-C stops it.%n",
                eventsPerSecond, duration == null ? "" : " for " + duration.toSeconds() + " s");
        long started = System.nanoTime();
        long tick = 0;
        while (duration == null || System.nanoTime() - started < duration.toNanos()) {
            long due = started + TimeUnit.SECONDS.toNanos(tick);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait); // pacing the load generator, not synchronisation
            }
            second(eventsPerSecond, tick);
            if (++tick % 5 == 0) {
                out.printf("  %4d s: %,d requests accepted, %,d refused (4xx), %,d failed%n", tick, accepted, refused, failed);
            }
        }
        return 0;
    }

    private void second(int eventsPerSecond, long tick) {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < eventsPerSecond; i++) {
            String status = random.nextInt(20) == 0 ? "FAILURE" : random.nextInt(10) == 0 ? "PARTIAL" : "SUCCESS";
            batch.append(i == 0 ? "" : ",").append("""
                    {"source": "%s", "datasetName": "%s", "recordCount": %d, "sizeBytes": %d, "format": "parquet",
                     "location": "s3://lake/demo", "status": "%s", "metadata": {}}""".formatted(pick(SOURCES),
                    pick(DATASETS), 100 + random.nextInt(10_000), 4096 + random.nextInt(1 << 20), status));
        }
        post(gateway + "/events/DataIngestion/batch", eventsToken, batch.append(']').toString());
        for (String service : SERVICES) {
            String health = random.nextInt(15) == 0 ? "DEGRADED" : "HEALTHY";
            post(gateway + "/events/ServiceHealth", eventsToken, """
                    {"source": "demo", "serviceName": "%s", "namespace": "analytics", "healthStatus": "%s",
                     "latencyMs": %d, "errorRate": %.3f}""".formatted(service, health, 5 + random.nextInt(200),
                    health.equals("HEALTHY") ? 0.001 : 0.05));
        }
        String target = pick(DATASETS);
        post(gateway + "/events/DataLineage", eventsToken, """
                {"source": "demo", "sourceDataset": "raw.%s", "targetDataset": "%s", "operation": "ADD",
                 "jobName": "demo-etl", "metadata": {}}""".formatted(target.replace('.', '_'), target));
        if (tick % 2 == 0) {
            datasetCommand(tick);
        }
    }

    /** Creates a dataset, or updates one created earlier (version-less If-Match: *), alternately. */
    private void datasetCommand(long tick) {
        if (datasets.isEmpty() || tick % 4 == 0) {
            String name = "demo.dataset_" + Instant.now().toEpochMilli();
            String body = post(command + "/datasets", datasetsToken, """
                    {"name": "%s", "description": "Demo dataset", "owner": "demo", "format": "parquet",
                     "location": "s3://lake/demo/%s", "tags": ["demo"]}""".formatted(name, name));
            if (body != null) {
                int at = body.indexOf("\"id\":\"");
                if (at >= 0) {
                    datasets.add(new String[] {body.substring(at + 6, body.indexOf('"', at + 6)), name});
                }
            }
        } else {
            String[] dataset = pick(datasets);
            send(HttpRequest.newBuilder(URI.create(command + "/datasets/" + dataset[0])).header("If-Match", "*")
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + datasetsToken)
                    .PUT(HttpRequest.BodyPublishers.ofString("""
                            {"name": "%s", "owner": "demo", "format": "parquet", "location": "s3://lake/demo/%s",
                             "tags": ["demo"], "description": "updated at %s"}""".formatted(dataset[1], dataset[1],
                            Instant.now()))).build());
        }
    }

    private String post(String url, String token, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status < 300) {
                accepted++;
                return response.body();
            }
            if (status < 500) {
                refused++;
                if (refused <= 3) {
                    out.println("  refused: " + request.method() + " " + request.uri() + " -> " + status + " " + response.body());
                }
            } else {
                failed++;
            }
        } catch (Exception e) {
            failed++;
        }
        return null;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
