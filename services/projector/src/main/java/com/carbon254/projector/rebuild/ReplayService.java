package com.carbon254.projector.rebuild;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import com.carbon254.projector.ProjectorConfig;
import com.carbon254.projector.pipeline.BatchPipeline;
import com.carbon254.projector.pipeline.ConsumedRecord;
import com.carbon254.projector.pipeline.Generation;
import com.carbon254.projector.pipeline.SourcePosition;
import com.carbon254.projector.pipeline.SwitchLock;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Replays (rebuilds) a read model from its topics while the live projections keep serving, then switches to the
 * result atomically — one mechanism for every read model, each contributing its tables, projections and own steps
 * ({@link ReplayableReadModel}).
 *
 * <ol>
 * <li><b>Prepare</b> generation n: empty tables {@code <table>_rebuild_n} ({@code LIKE … INCLUDING ALL}) and the
 *     read model's own preparation (datasets: a new index).</li>
 * <li><b>Seed</b> with what the replay does not read again: the rows records below the start wrote
 *     ({@link ReplayStarts}: the beginning, an instant or offsets, never past the live projection's position).</li>
 * <li><b>Replay</b> with a group-less consumer (the live groups keep their partitions) from the start — from an
 *     instant, first the records the archive's restore wrote back for what the topics no longer hold
 *     ({@link RestoredRecords}) — each poll
 *     batch goes through the very same projections and {@link BatchPipeline} as the live ones
 *     ({@link BatchPipeline#replay}: nothing dead-lettered again), with positions stored under
 *     {@code <projection>#rebuild-n}.</li>
 * <li><b>Switch</b>: once at the end offsets seen at its start, it catches up with the live positions, then in ONE
 *     transaction holding the projections' {@link SwitchLock}s exclusively (which waits for their running batches and
 *     holds the next ones): re-checks that it is at or past every live position, renames the live tables away and the
 *     new ones in, hands its positions to the live projections and records the generation. The live consumers then skip,
 *     as duplicates, the records below the new positions and carry on into the new tables: no record is applied twice
 *     or lost.</li>
 * </ol>
 * A read model replayed in place (the audit trail) has no tables to prepare, seed or switch: its replay reads up to the
 * live positions seen at its start, into the live tables. One replay runs at a time per read model on an instance (run
 * the admin call against one instance).
 */
@ApplicationScoped
public class ReplayService {

    private static final Logger LOG = Logger.getLogger(ReplayService.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STEP = Duration.ofMinutes(2);

    @Inject
    Pool pool;

    @Inject
    BatchPipeline pipeline;

    @Inject
    ReplayStore store;

    @Inject
    ReplayStarts starts;

    @Inject
    EventStoreConsumers consumers;

    @Inject
    ProjectorConfig config;

    /** The run of each read model started last on this instance. */
    private final Map<String, ReplayRun> current = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "projection-replay");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Starts a replay in the background.
     *
     * @return its first progress snapshot; fails with {@link RebuildRunningException} if one of this read model is
     *         running, with {@link ReplayStarts.InvalidStartException} if the start names what its topics do not hold
     */
    public Uni<RebuildProgress> start(ReplayableReadModel readModel, StartPoint start) {
        return Uni.createFrom().item(() -> {
                    refuseIfRunning(readModel.name());
                    starts.validate(readModel, start);
                    return readModel;
                })
                // The check asks the broker: not on the event loop.
                .runSubscriptionOn(executor)
                .chain(() -> store.nextGeneration(readModel.name()))
                .chain(generation -> {
                    ReplayRun run = register(new ReplayRun(readModel, generation, start));
                    return store.insertRun(run).onFailure().invoke(() -> current.remove(readModel.name(), run))
                            .replaceWith(run);
                })
                .invoke(run -> executor.submit(() -> execute(run)))
                .map(ReplayRun::snapshot);
    }

    private void refuseIfRunning(String readModel) {
        ReplayRun running = current.get(readModel);
        if (running != null && !running.state.finished()) {
            throw new RebuildRunningException(readModel, running.id);
        }
    }

    private ReplayRun register(ReplayRun run) {
        String name = run.readModel.name();
        ReplayRun previous = current.get(name);
        if (previous != null && !previous.state.finished()) {
            throw new RebuildRunningException(name, previous.id);
        }
        boolean registered = previous == null ? current.putIfAbsent(name, run) == null
                : current.replace(name, previous, run);
        if (!registered) {
            throw new RebuildRunningException(name, current.get(name).id);
        }
        return run;
    }

    /** The progress of a run of this instance, or the stored outcome of an older one. */
    public Uni<Optional<RebuildProgress>> progress(UUID id, BiFunction<String, Integer, String> index) {
        for (ReplayRun run : current.values()) {
            if (run.id.equals(id)) {
                return Uni.createFrom().item(Optional.of(run.snapshot()));
            }
        }
        return store.run(id, index);
    }

    // ---- the replay thread --------------------------------------------------------------------------------

    private void execute(ReplayRun run) {
        ReplayableReadModel readModel = run.readModel;
        Generation generation = new Generation(run.generation);
        List<ReplayedProjection<?>> projections = readModel.projections(generation);
        Map<String, ReplayedProjection<?>> byTopic = new HashMap<>();
        projections.forEach(p -> p.topics().forEach(topic -> byTopic.put(topic, p)));
        List<String> replayNames = projections.stream().map(p -> p.projection().name()).toList();
        boolean generations = readModel.model().generations();
        String channel = projections.get(0).projection().channel();
        String clientId = "projector-replay-" + readModel.name() + "-" + run.generation;
        try (KafkaConsumer<String, Object> consumer = consumers.create(channel, clientId,
                        config.rebuild().maxPollRecords());
                KafkaConsumer<String, Object> restores = consumers.create(channel, clientId + "-restored",
                        config.rebuild().maxPollRecords())) {
            if (generations) {
                store.prepareTables(generation, readModel.model().tables(), replayNames).await().atMost(STEP);
            } else {
                store.deletePositions(pool, replayNames).await().atMost(STEP);
            }
            readModel.prepare(run);
            List<TopicPartition> partitions = new ArrayList<>();
            byTopic.keySet().stream().sorted().forEach(topic -> consumer.partitionsFor(topic)
                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition()))));
            consumer.assign(partitions);
            Map<TopicPartition, Long> live = starts.livePositions(consumer, projections, partitions);
            RestoredRecords restored = run.start.from() == null ? null
                    : RestoredRecords.plan(restores, consumer, partitions, run.start.from());
            Map<TopicPartition, Long> named = starts.startOffsets(consumer, partitions, run.start, live);
            Map<TopicPartition, Long> start = restored == null ? named : restored.starts(named);
            if (generations) {
                run.state = RebuildState.SEEDING;
                persist(run);
                readModel.seed(run, start);
            }
            for (ReplayedProjection<?> projection : projections) {
                Map<TopicPartition, Long> own = new HashMap<>();
                start.forEach((tp, offset) -> {
                    if (projection.topics().contains(tp.topic())) {
                        own.put(tp, offset);
                    }
                });
                store.storeStartPositions(projection.projection().name(), own).await().atMost(STEP);
            }
            // A restored partition's topic part starts where Kafka's own records from the instant on start.
            named.forEach(consumer::seek);
            // A generation reads up to the end; in place, what the live projection applies from its position on is
            // its own business.
            Map<TopicPartition, Long> target = generations ? consumer.endOffsets(partitions) : live;
            run.eventsTotal = partitions.stream().mapToLong(tp -> Math.max(target.get(tp) - start.get(tp), 0)).sum();
            run.state = RebuildState.REPLAYING;
            run.replayStartedAt = Instant.now();
            persist(run);
            if (restored != null && !restored.isEmpty()) {
                // What the retention deleted, from the archive's restore, before the topics from their log start.
                Map<TopicPartition, Long> restoredUpTo = restored.assign(restores);
                LOG.infof("replay %s of %s reads the restored records of %s first", run.id, readModel.name(),
                        restored.firsts().keySet());
                while (!reached(restores, restoredUpTo)) {
                    replayOnce(restores, run, byTopic, restored);
                }
                persist(run);
            }
            long lastPersist = System.nanoTime();
            while (!reached(consumer, target)) {
                replayOnce(consumer, run, byTopic);
                if (System.nanoTime() - lastPersist > 1_000_000_000L) {
                    persist(run);
                    lastPersist = System.nanoTime();
                }
            }
            if (generations) {
                run.state = RebuildState.SWITCHING;
                persist(run);
                switchOver(consumer, run, projections, partitions, byTopic);
            } else {
                store.deletePositions(pool, replayNames).await().atMost(STEP);
            }
            run.state = RebuildState.COMPLETED;
            LOG.infof("replay %s of %s from %s: %s (%d records replayed)", run.id, readModel.name(),
                    run.start.describe(), generations ? "generation " + run.generation + " is live" : "done",
                    run.eventsDone);
        } catch (Exception e) {
            LOG.errorf(e, "replay %s of %s failed; the live read model was not touched", run.id, readModel.name());
            run.error = e.toString();
            run.state = RebuildState.FAILED;
            discard(generations ? generation : null, readModel, replayNames);
        } finally {
            run.finishedAt = Instant.now();
            try {
                persist(run);
            } catch (RuntimeException e) {
                LOG.warnf("cannot record the end of replay %s: %s", run.id, e);
            }
        }
    }

    private void persist(ReplayRun run) {
        store.updateRun(run).await().atMost(Duration.ofSeconds(30));
    }

    /** Drops what a failed run left (its tables, if it has a generation, and its positions); best effort. */
    private void discard(Generation generation, ReplayableReadModel readModel, List<String> replayNames) {
        try {
            store.discard(generation, readModel.model().tables(), replayNames).await().atMost(STEP);
        } catch (RuntimeException e) {
            LOG.warnf("cannot drop what the failed replay of %s left: %s", readModel.name(), e);
        }
    }

    private static boolean reached(KafkaConsumer<String, Object> consumer, Map<TopicPartition, Long> target) {
        for (Map.Entry<TopicPartition, Long> entry : target.entrySet()) {
            if (consumer.position(entry.getKey()) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void replayOnce(KafkaConsumer<String, Object> consumer, ReplayRun run,
            Map<String, ReplayedProjection<?>> byTopic) {
        replayOnce(consumer, run, byTopic, null);
    }

    /** One poll of the topics, or of the restore topics ({@code restored} not null: each record as it was). */
    private void replayOnce(KafkaConsumer<String, Object> consumer, ReplayRun run,
            Map<String, ReplayedProjection<?>> byTopic, RestoredRecords restored) {
        ConsumerRecords<String, Object> polled = consumer.poll(POLL);
        if (polled.isEmpty()) {
            return;
        }
        Map<ReplayedProjection<?>, List<ConsumedRecord<Object>>> batches = new LinkedHashMap<>();
        for (TopicPartition tp : polled.partitions()) {
            for (ConsumerRecord<String, Object> record : polled.records(tp)) {
                SourcePosition source = restored == null ? position(record) : restored.original(record).orElse(null);
                if (source != null) {
                    batches.computeIfAbsent(byTopic.get(source.topic()), p -> new ArrayList<>())
                            .add(consumed(source, record));
                }
            }
        }
        // Poison and unapplicable records were dead-lettered by the live projection already: only counted here.
        batches.forEach(this::apply);
        run.readModel.replayed(run);
        run.eventsDone += polled.count();
    }

    private <V> void apply(ReplayedProjection<V> projection, List<ConsumedRecord<Object>> records) {
        pipeline.replay(projection.projection(), records.stream().map(projection.reading()).toList())
                .await().indefinitely();
    }

    private static SourcePosition position(ConsumerRecord<String, Object> record) {
        return new SourcePosition(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()));
    }

    private static ConsumedRecord<Object> consumed(SourcePosition source, ConsumerRecord<String, Object> record) {
        Object value = record.value();
        String poison = value instanceof SpecificRecord ? null
                : value instanceof TolerantDeserializer.Undeserializable bad ? "undeserializable record: " + bad.reason()
                : "record without a value (tombstone): " + record.topic() + " carries events only";
        return new ConsumedRecord<>(source, record.key(), poison == null ? value : null, record.headers(), poison,
                null);
    }

    private void switchOver(KafkaConsumer<String, Object> consumer, ReplayRun run,
            List<ReplayedProjection<?>> projections, List<TopicPartition> partitions,
            Map<String, ReplayedProjection<?>> byTopic) {
        Instant deadline = Instant.now().plus(config.rebuild().catchUpTimeout());
        while (true) {
            Map<TopicPartition, Long> target = starts.storedLivePositions(projections, partitions);
            while (!reached(consumer, target)) {
                replayOnce(consumer, run, byTopic);
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the replay did not catch up with the live projection within "
                            + config.rebuild().catchUpTimeout());
                }
            }
            run.readModel.beforeSwitch(run);
            if (trySwitch(run, projections, partitions)) {
                run.readModel.switched(run);
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the live projection kept ahead of the replay for "
                        + config.rebuild().catchUpTimeout());
            }
        }
    }

    /** The switch transaction; false if the live projections moved ahead meanwhile (nothing changed then). */
    private boolean trySwitch(ReplayRun run, List<ReplayedProjection<?>> projections, List<TopicPartition> partitions) {
        Generation generation = new Generation(run.generation);
        Map<String, String> replayToLive = new LinkedHashMap<>();
        projections.forEach(p -> replayToLive.put(p.projection().name(), p.liveName()));
        List<String> locks = projections.stream().map(ReplayedProjection::liveName).sorted().toList();
        return pool.withTransaction(tx -> {
            Uni<Boolean> caughtUp = Uni.createFrom().item(true);
            for (String name : locks) {
                caughtUp = caughtUp.call(() -> SwitchLock.exclusive(tx, name));
            }
            for (ReplayedProjection<?> p : projections) {
                List<TopicPartition> own = partitions.stream().filter(tp -> p.topics().contains(tp.topic())).toList();
                caughtUp = caughtUp.chain(ok -> ok ? store.caughtUp(tx, p.liveName(), p.projection().name(), own)
                        : Uni.createFrom().item(false));
            }
            return caughtUp.chain(ok -> !ok ? Uni.createFrom().item(false)
                    : store.swapTables(tx, run.readModel.name(), run.readModel.model().tables(), generation, run.index,
                                    replayToLive, config.rebuild().dropRetired())
                            .invoke(retired -> run.retiredGeneration = retired)
                            .chain(() -> run.readModel.switching(tx, run))
                            .replaceWith(true));
        }).await().atMost(STEP);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** A replay of the read model is already running. */
    public static final class RebuildRunningException extends RuntimeException {
        public final UUID running;

        RebuildRunningException(String readModel, UUID running) {
            super("replay " + running + " of " + readModel + " is still running");
            this.running = running;
        }
    }
}
