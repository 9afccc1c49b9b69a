package com.carbon254.devstack.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./platform rebuild [--from <instant>]}: rebuilds the dataset read models through the projector's admin API
 * (replay into new tables and a new index while the live ones serve, then an atomic switch), printing its progress
 * until it ends.
 */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = "Rebuild the dataset read models while they keep serving.")
final class RebuildCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--from", paramLabel = "<ISO-8601 instant>", description = "replay the events from this time on")
    String from;

    @Override
    public Integer call() throws Exception {
        PlatformHome platform = PlatformHome.fromEnvironment();
        String projector = platform.endpoints().get("PROJECTOR_URL");
        if (projector == null) {
            System.out.println("The projector is not running: start the platform with ./platform up.");
            return 1;
        }
        String query = from == null ? "" : "?from=" + URLEncoder.encode(from, StandardCharsets.UTF_8);
        HttpResponse<String> started = PlatformHome.http().send(platform.asAdmin(HttpRequest.newBuilder(URI.create(
                projector + "/admin/projections/datasets/rebuild" + query))).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            System.out.println("The projector refused the rebuild (HTTP " + started.statusCode() + "): " + started.body());
            return 1;
        }
        String progressUrl = projector + started.headers().firstValue("Location")
                .map(l -> l.replaceFirst("^https?://[^/]+", "")).orElseThrow();
        System.out.println("Rebuild started " + (from == null ? "from the beginning of the topic" : "from " + from));
        while (true) {
            JsonNode progress = JSON.readTree(PlatformHome.http().send(platform.asAdmin(HttpRequest.newBuilder(
                    URI.create(progressUrl))).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
            String state = progress.path("state").asText();
            System.out.printf("  %-10s %,d of %s events, %.0f events/s, ETA %s s%n", state,
                    progress.path("eventsDone").asLong(),
                    progress.path("eventsTotal").isNull() ? "?" : progress.path("eventsTotal").asText(),
                    progress.path("eventsPerSecond").asDouble(),
                    progress.path("etaSeconds").isNull() ? "?" : progress.path("etaSeconds").asText());
            if (state.equals("COMPLETED")) {
                System.out.println("Rebuild complete: the read models now serve generation "
                        + progress.path("generation").asInt() + " (index " + progress.path("index").asText() + ").");
                return 0;
            }
            if (state.equals("FAILED")) {
                System.out.println("Rebuild failed: " + progress.path("error").asText());
                return 1;
            }
            Thread.sleep(1000); // progress is reported once a second
        }
    }
}
