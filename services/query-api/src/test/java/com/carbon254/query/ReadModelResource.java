package com.carbon254.query;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.flywaydb.core.Flyway;

import com.carbon254.devstack.testing.EmbeddedStackResource;

/**
 * The embedded PostgreSQL and search node, with the read model exactly as the projector creates it: its Flyway
 * scripts (the one copy of the DDL, put on this test classpath by the build) and its index definition, behind the
 * {@code datasets} alias. The query API itself never migrates anything. Kafka and the registry too: every call is
 * published as an ApiCall audit event.
 */
public class ReadModelResource extends EmbeddedStackResource {

    static volatile Map<String, String> config;

    @Override
    public void init(Map<String, String> initArgs) {
        Map<String, String> args = new HashMap<>(initArgs);
        args.putIfAbsent(COMPONENTS, "kafka,registry,postgres,search");
        super.init(args);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> started = super.start();
        Flyway.configure()
                .dataSource(started.get("quarkus.datasource.jdbc.url"), started.get("quarkus.datasource.username"),
                        started.get("quarkus.datasource.password"))
                .schemas("read_model").defaultSchema("read_model").createSchemas(true)
                .locations("classpath:db/read-model")
                .load().migrate();
        String search = started.get("carbon254.search.url");
        put(search + "/datasets-v1", resource("/search/datasets-index.json"));
        put(search + "/datasets-v1/_alias/datasets", "{}");
        config = started;
        return started;
    }

    private static String resource(String name) {
        try (InputStream in = ReadModelResource.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String put(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static String post(String url, String body, String contentType) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String send(HttpRequest request) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(request.uri() + " -> " + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
