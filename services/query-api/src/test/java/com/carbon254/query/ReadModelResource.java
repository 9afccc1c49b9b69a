package com.carbon254.query;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import org.flywaydb.core.Flyway;

import com.carbon254.devstack.testing.EmbeddedStackResource;
import com.carbon254.readmodel.DatasetIndex;
import com.carbon254.readmodel.ReadModelSchema;

/**
 * The embedded PostgreSQL and search node, with the read model exactly as the projector creates it: the read-model
 * module's Flyway scripts (the one copy of the DDL) and index definition, behind the {@code datasets} alias. The query API itself never migrates anything. Kafka and the registry too: every call is
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
                .schemas(ReadModelSchema.SCHEMA).defaultSchema(ReadModelSchema.SCHEMA).createSchemas(true)
                .locations("classpath:" + ReadModelSchema.MIGRATIONS)
                .load().migrate();
        String search = started.get("carbon254.search.url");
        String index = DatasetIndex.generation(DatasetIndex.ALIAS, 1);
        put(search + "/" + index, DatasetIndex.definition());
        put(search + "/" + index + "/_alias/" + DatasetIndex.ALIAS, "{}");
        config = started;
        return started;
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
