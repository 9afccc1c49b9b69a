package com.carbon254.query.repository;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.carbon254.readmodel.DatasetVersionNotices;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * The dataset versions the projector commits to the live read model, as it announces them
 * ({@link DatasetVersionNotices}, PostgreSQL {@code LISTEN}): read-your-writes waits register here and look at the
 * read model again as soon as their version is announced, instead of only at their next poll.
 *
 * <p>Listening is an optimisation, never a dependency: the subscriber connects in the background and reconnects
 * (every second) when its connection drops, and a waiter whose notice never comes still polls.
 */
@ApplicationScoped
public class ProjectedVersions {

    private static final Logger LOG = Logger.getLogger(ProjectedVersions.class);

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String username;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    private final Map<String, Set<Wait>> waits = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> listening = new CompletableFuture<>();
    private volatile PgSubscriber subscriber;

    void listen(@Observes StartupEvent started) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""))
                .setUser(username).setPassword(password)
                // its own name in the SQL client metrics, apart from the datasource's pool
                .setMetricsName("dataset-version-notices");
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1_000L);
        subscriber.channel(DatasetVersionNotices.CHANNEL)
                .subscribeHandler(subscribed -> listening.complete(null))
                .handler(this::announced);
        subscriber.connect().onFailure(failure -> LOG.warnf(
                "Not listening to %s yet (%s): read-your-writes waits poll meanwhile", DatasetVersionNotices.CHANNEL,
                failure.getMessage()));
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (subscriber != null) {
            subscriber.close();
        }
    }

    /** Completes once the subscription is in place (notices sent from then on arrive). */
    public CompletionStage<Void> listening() {
        return listening;
    }

    /**
     * Whether notices arrive right now: subscribed, and the subscriber's connection is up. While it is, a registered
     * wait cannot miss its notice, and polling is only a safety net.
     */
    public boolean isListening() {
        PgSubscriber current = subscriber;
        return listening.isDone() && current != null && current.actualConnection() != null;
    }

    /**
     * A wait for version {@code minVersion} (or later) of {@code datasetId}, registered now: a notice committed from
     * now on signals it, even one that arrives before the caller looks at the read model.
     */
    public Wait await(String datasetId, long minVersion) {
        Wait wait = new Wait(datasetId, minVersion);
        waits.compute(datasetId, (id, set) -> {
            Set<Wait> forDataset = set == null ? ConcurrentHashMap.newKeySet() : set;
            forDataset.add(wait);
            return forDataset;
        });
        return wait;
    }

    private void announced(String payload) {
        DatasetVersionNotices.parse(payload).forEach((id, version) -> {
            Set<Wait> forDataset = waits.get(id);
            if (forDataset != null) {
                forDataset.stream().filter(w -> w.minVersion <= version).forEach(Wait::signal);
            }
        });
    }

    /** One reader waiting for a dataset version; {@link #cancel()} it when done. */
    public final class Wait {
        private final String datasetId;
        private final long minVersion;
        private final CompletableFuture<Void> announced = new CompletableFuture<>();

        private Wait(String datasetId, long minVersion) {
            this.datasetId = datasetId;
            this.minVersion = minVersion;
        }

        /** Completes when the version is announced, or after {@code pause}, whichever comes first. */
        public Uni<Void> announcedOr(Duration pause) {
            return Uni.createFrom().completionStage(announced)
                    .ifNoItem().after(pause).recoverWithItem((Void) null);
        }

        /** Whether the version was announced (the next look should find it). */
        public boolean isAnnounced() {
            return announced.isDone();
        }

        /** Stops waiting: the wait is forgotten. */
        public void cancel() {
            waits.computeIfPresent(datasetId, (id, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }

        private void signal() {
            announced.complete(null);
        }
    }
}
