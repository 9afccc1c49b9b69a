package com.carbon254.console.overview;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import com.carbon254.console.ConsoleConfig;
import com.carbon254.console.clients.HealthApi;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;

/** Readiness of each of the platform's services, from its {@code /q/health/ready}. */
@ApplicationScoped
public class ServiceReadiness {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ConsoleConfig config;

    private final Map<String, HealthApi> clients = new ConcurrentHashMap<>();

    /** A service's readiness: UP, DOWN (with the checks that are down) or UNREACHABLE. */
    public record Readiness(String service, String url, String status, List<String> failing) {

        public boolean up() {
            return "UP".equals(status);
        }
    }

    /** Every configured service, in name order. */
    public Uni<List<Readiness>> all() {
        List<Uni<Readiness>> checks = config.services().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> of(e.getKey(), e.getValue())).toList();
        return Uni.join().all(checks).andFailFast();
    }

    private Uni<Readiness> of(String service, String url) {
        HealthApi health = clients.computeIfAbsent(url, u -> QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(u))
                .connectTimeout(2, TimeUnit.SECONDS).readTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .build(HealthApi.class));
        return health.ready()
                .map(response -> readiness(service, url, response))
                // DOWN is a 503 with the checks in its body
                .onFailure(WebApplicationException.class)
                .recoverWithItem(e -> readiness(service, url, ((WebApplicationException) e).getResponse()))
                .onFailure().recoverWithItem(e -> new Readiness(service, url, "UNREACHABLE", List.of(e.getMessage())));
    }

    private static Readiness readiness(String service, String url, Response response) {
        try (response) {
            JsonNode body = JSON.readTree(response.readEntity(String.class));
            String status = body.path("status").asText(response.getStatus() == 200 ? "UP" : "DOWN");
            List<String> failing = new java.util.ArrayList<>();
            body.path("checks").forEach(check -> {
                if (!"UP".equals(check.path("status").asText())) {
                    failing.add(check.path("name").asText());
                }
            });
            return new Readiness(service, url, status, failing);
        } catch (Exception e) {
            return new Readiness(service, url, response.getStatus() == 200 ? "UP" : "DOWN", List.of());
        }
    }
}
