package com.carbon254.events.runtime.health;

import java.time.Duration;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.apicurio.registry.client.RegistryClientFactory;
import io.apicurio.registry.client.common.RegistryClientOptions;
import io.apicurio.registry.rest.client.RegistryClient;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;

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

    @ConfigProperty(name = "carbon254.registry.url")
    String registryUrl;

    @Inject
    Vertx vertx;

    private RegistryClient registry;

    @PostConstruct
    void connect() {
        // The Apicurio SDK on the application's Vert.x; no retries: a check reports what it finds, at once.
        registry = RegistryClientFactory.create(RegistryClientOptions.create(registryUrl, vertx));
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        // The SDK's calls block until the answer: on a worker thread, never on the event loop that serves /q/health.
        return Uni.createFrom().item(() -> registry.system().info().get())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(TIMEOUT).fail()
                .map(info -> HealthCheckResponse.named(NAME).up().withData("url", registryUrl)
                        .withData("version", String.valueOf(info.getVersion())).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                        .withData("url", registryUrl).withData("error", failure.toString()).build());
    }
}
