package com.carbon254.projector.datasets.search;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.ResponseListener;
import org.elasticsearch.client.RestClient;

import io.smallrye.mutiny.Uni;

/**
 * Non-blocking calls to the search node through the low-level REST client (the one client that speaks to
 * Elasticsearch and OpenSearch alike). Every call completes with the status and body, whatever the status: the
 * callers decide which statuses are fine (a 404 on a delete, a 409 on an older version).
 */
@ApplicationScoped
public class SearchClient {

    /** The NDJSON content type the {@code _bulk} API wants. */
    public static final ContentType NDJSON = ContentType.create("application/x-ndjson", StandardCharsets.UTF_8);

    @Inject
    RestClient restClient;

    /** A response: status and body. */
    public record SearchResponse(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** Sends a request; fails only when the node cannot be reached. */
    public Uni<SearchResponse> send(String method, String endpoint, String body, ContentType contentType) {
        Request request = new Request(method, endpoint);
        if (body != null) {
            request.setEntity(new NStringEntity(body, contentType));
        }
        return Uni.createFrom().emitter(emitter -> restClient.performRequestAsync(request, new ResponseListener() {
            @Override
            public void onSuccess(Response response) {
                emitter.complete(read(response));
            }

            @Override
            public void onFailure(Exception exception) {
                if (exception instanceof ResponseException failed) {
                    emitter.complete(read(failed.getResponse()));
                } else {
                    emitter.fail(exception);
                }
            }
        }));
    }

    /** A JSON request. */
    public Uni<SearchResponse> send(String method, String endpoint, String jsonBody) {
        return send(method, endpoint, jsonBody, ContentType.APPLICATION_JSON);
    }

    private static SearchResponse read(Response response) {
        try {
            String body = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity());
            return new SearchResponse(response.getStatusLine().getStatusCode(), body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the search node's response", e);
        }
    }
}
