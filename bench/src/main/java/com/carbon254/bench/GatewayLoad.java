package com.carbon254.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Batches posted to {@code POST /events/DataIngestion/batch}; a batch counts once the gateway answered 202. */
final class GatewayLoad extends Load {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI batchUri;
    private final String authorization;
    private final List<byte[]> bodies;

    GatewayLoad(String gatewayUrl, String token, List<byte[]> bodies) {
        this.batchUri = URI.create(gatewayUrl + "/events/DataIngestion/batch");
        this.authorization = "Bearer " + token;
        this.bodies = bodies;
    }

    @Override
    void sendBatch(int index) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(batchUri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(index % bodies.size()))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("Gateway answered " + response.statusCode() + ": " + response.body());
        }
    }
}
