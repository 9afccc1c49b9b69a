package com.carbon254.devstack.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./platform rebuild [--read-model <name>] [--from <instant> [--restore] | --offset <topic:partition:offset>…]}:
 * replays a read model through the projector's admin API (into new tables — datasets also a new index — while the
 * live ones serve, then an atomic switch; the audit trail in place), printing its progress until it ends. With
 * {@code --restore}, what the topics no longer hold from {@code --from} on is first written back from the analytics
 * archive ({@link ArchiveRestore}).
 */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = "Replay (rebuild) a read model while it keeps serving.")
final class RebuildCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--read-model", paramLabel = "<name>", defaultValue = "datasets", description = "datasets "
            + "(default), ingestion-stats, quality, lineage, service-health or audit-trail")
    String readModel;

    @Option(names = "--from", paramLabel = "<ISO-8601 instant>", description = "replay the events from this time on")
    String from;

    @Option(names = "--offset", paramLabel = "<topic:partition:offset>", description = "replay this partition from "
            + "this offset on (repeat per partition; the others are not read again)")
    List<String> offsets = new ArrayList<>();

    @Option(names = "--restore", description = "first restore, from the analytics archive, the records from --from on "
            + "that the topics' retention deleted (the replay then reads them before the topics)")
    boolean restore;

    @Override
    public Integer call() throws Exception {
        PlatformHome platform = PlatformHome.fromEnvironment();
        String projector = platform.endpoints().get("PROJECTOR_URL");
        if (projector == null) {
            System.out.println("The projector is not running: start the platform with ./platform up.");
            return 1;
        }
        if (restore && from == null) {
            System.out.println("--restore needs --from: the instant the restored records start at.");
            return 2;
        }
        if (restore && !ArchiveRestore.run(platform, projector, readModel, from)) {
            return 1;
        }
        List<String> parameters = new ArrayList<>();
        if (from != null) {
            parameters.add("from=" + URLEncoder.encode(from, StandardCharsets.UTF_8));
        }
        offsets.forEach(offset -> parameters.add("offset=" + URLEncoder.encode(offset, StandardCharsets.UTF_8)));
        String query = parameters.isEmpty() ? "" : "?" + String.join("&", parameters);
        HttpResponse<String> started = PlatformHome.http().send(platform.asAdmin(HttpRequest.newBuilder(URI.create(
                projector + "/admin/projections/" + URLEncoder.encode(readModel, StandardCharsets.UTF_8) + "/rebuild"
                        + query))).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            System.out.println("The projector refused the replay (HTTP " + started.statusCode() + "): " + started.body());
            return 1;
        }
        String progressUrl = projector + started.headers().firstValue("Location")
                .map(l -> l.replaceFirst("^https?://[^/]+", "")).orElseThrow();
        System.out.println("Replay of " + readModel + " started from " + (from != null ? from
                : offsets.isEmpty() ? "the beginning of its topics" : String.join(", ", offsets)));
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
                System.out.println("Replay complete: " + readModel + (readModel.equals("audit-trail")
                        ? " holds what it lacked." : " now serves generation " + progress.path("generation").asInt()
                        + (progress.path("index").isTextual() ? " (index " + progress.path("index").asText() + ")." : ".")));
                return 0;
            }
            if (state.equals("FAILED")) {
                System.out.println("Replay failed: " + progress.path("error").asText());
                return 1;
            }
            Thread.sleep(1000); // progress is reported once a second
        }
    }
}
