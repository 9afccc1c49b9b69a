package com.carbon254.events.runtime.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Readiness of every service built on the event runtime: the schema registry answers. Without it a service cannot
 * serialize an event type the first time it sees it, nor read a record written with a schema it has not cached, so
 * it should not receive traffic. (The broker's part of readiness is SmallRye's check of the Kafka channels.) Not a
 * liveness check: restarting a service does not bring a registry back.
 */
@Readiness
@ApplicationScoped
public class SchemaRegistryHealthCheck implements AsyncHealthCheck {

    /** The check's name in {@code /q/health/ready}. */
    public static final String NAME = "schema-registry";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    @ConfigProperty(name = "carbon254.registry.url")
    String registryUrl;

    @Override
    public Uni<HealthCheckResponse> call() {
        String url = registryUrl.replaceAll("/+$", "") + "/system/info";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .map(response -> {
                    HealthCheckResponseBuilder health = HealthCheckResponse.named(NAME).withData("url", url);
                    if (response.statusCode() != 200) {
                        return health.down().withData("status", response.statusCode()).build();
                    }
                    return health.up().withData("version", versionOf(response.body())).build();
                })
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                        .withData("url", url).withData("error", failure.toString()).build());
    }

    private static String versionOf(String body) {
        try {
            JsonNode info = JSON.readTree(body);
            return info.path("version").asText("unknown");
        } catch (Exception e) {
            return "unknown";
        }
    }
}
