package com.carbon254.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The clients' HTTP calls: an answer, or status -1 when none came (refused connection, reset, timeout). */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Longer than the gateway's publish timeout (10 s), so that its own 503 arrives rather than our timeout. */
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    record Answer(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** An answer that says the request was not applied: a 4xx, or the 503 a service gives while a dependency is down. */
        boolean refused() {
            return (status >= 400 && status < 500) || status == 503;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    Answer send(String method, String url, String token, String body, String ifMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Authorization", token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted");
        }
    }
}
