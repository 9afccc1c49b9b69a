package com.carbon254.bench;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Batches posted to {@code POST /events/DataIngestion/batch}; a batch counts once the gateway answered 202.
 *
 * <p>The load generator shares the machine's cores with the gateway and the broker, so it should cost as little as it
 * can: one Vert.x event loop and one keep-alive connection per worker, the bodies as ready-made buffers (the JDK's
 * {@code java.net.http.HttpClient} cost 2–5 ms of CPU per 1000 events here, as much as a third of the gateway's own).
 */
final class GatewayLoad extends Load implements AutoCloseable {

    private final Vertx vertx;
    private final HttpClient http;
    private final RequestOptions batchRequest;
    private final List<Buffer> bodies;

    GatewayLoad(String gatewayUrl, String token, List<byte[]> bodies, int concurrency) {
        URI gateway = URI.create(gatewayUrl);
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000),
                new PoolOptions().setHttp1MaxSize(concurrency));
        this.batchRequest = new RequestOptions().setMethod(HttpMethod.POST).setHost(gateway.getHost())
                .setPort(gateway.getPort()).setURI("/events/DataIngestion/batch").setTimeout(30_000)
                .putHeader("Content-Type", "application/json").putHeader("Authorization", "Bearer " + token);
        this.bodies = bodies.stream().map(Buffer::buffer).toList();
    }

    @Override
    void sendBatch(int index) throws Exception {
        Buffer body = bodies.get(index % bodies.size());
        Answer answer = http.request(batchRequest)
                .compose(request -> request.send(body))
                .compose(response -> response.body().map(content -> new Answer(response.statusCode(), content)))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        if (answer.status() != 202) {
            throw new IllegalStateException("Gateway answered " + answer.status() + ": " + answer.body());
        }
    }

    @Override
    public void close() {
        http.close();
        vertx.close();
    }

    private record Answer(int status, Buffer body) {
    }
}
