package com.carbon254.projector.rebuild;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import com.carbon254.projector.ProjectorConfig;
import com.carbon254.projector.datasets.DatasetChange;
import com.carbon254.projector.datasets.DatasetChanges;
import com.carbon254.projector.datasets.DatasetProjection;
import com.carbon254.projector.datasets.DatasetState;
import com.carbon254.projector.datasets.search.DatasetSearchProjection;
import com.carbon254.projector.datasets.search.SearchBacklog;
import com.carbon254.projector.datasets.store.DatasetReadModelStore;
import com.carbon254.projector.datasets.store.ReadModelTables;
import com.carbon254.projector.pipeline.BatchPipeline;
import com.carbon254.projector.pipeline.ConsumedRecord;
import com.carbon254.projector.pipeline.PositionStore;
import com.carbon254.projector.pipeline.SourcePosition;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Rebuilds the dataset read models from the event store while the live projection keeps serving, then switches
 * to the result atomically.
 *
 * <ol>
 * <li><b>Prepare</b> generation n: empty tables {@code read_model.dataset_rebuild_n} and
 *     {@code dataset_event_rebuild_n} ({@code LIKE … INCLUDING ALL}) and a new index {@code datasets-vn}.</li>
 * <li><b>Replay</b> with a group-less consumer (the live group keeps its partitions) from the beginning of
 *     {@code data-events} — or, with {@code from}, from the offsets {@code offsetsForTimes(from)} gives, after
 *     re-folding the stored history below those offsets (history before {@code from} is trusted as stored). Each
 *     poll batch goes through the very same {@link DatasetProjection} and {@link BatchPipeline} as the live one
 *     ({@link BatchPipeline#replay}: nothing dead-lettered again), with positions stored under
 *     {@code datasets#rebuild-n}, then to the new index.</li>
 * <li><b>Switch</b>: once the replay has reached the end offsets seen at its start, it catches up with the
 *     live positions, then in ONE transaction holding the switch lock exclusively (which waits for the running
 *     live batch and holds the next one): re-checks that it is at or past every live position, renames the live
 *     tables away and the rebuilt ones in, moves its positions to {@code datasets}, records the generation and
 *     switches the alias with one {@code _aliases} request. The live consumer then skips, as duplicates, the
 *     records below the new positions and carries on into the new tables.</li>
 * </ol>
 * One rebuild runs at a time per instance (run the admin call against one instance).
 */
@ApplicationScoped
public class DatasetRebuildService {

    private static final Logger LOG = Logger.getLogger(DatasetRebuildService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STEP = Duration.ofMinutes(2);

    @Inject
    Pool pool;

    @Inject
    BatchPipeline pipeline;

    @Inject
    DatasetProjection live;

    @Inject
    DatasetReadModelStore datasets;

    @Inject
    RebuildStore store;

    @Inject
    PositionStore positions;

    @Inject
    DatasetSearchProjection searchProjection;

    @Inject
    SearchBacklog searchBacklog;

    @Inject
    EventStoreConsumers consumers;

    @Inject
    ProjectorConfig config;

    private final AtomicReference<RebuildRun> current = new AtomicReference<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "projection-rebuild");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Starts a rebuild in the background.
     *
     * @param from replay the event store from this instant (null: from the beginning)
     * @return its first progress snapshot; fails with {@link RebuildRunningException} if one is running
     */
    public Uni<RebuildProgress> start(Instant from) {
        return store.nextGeneration().map(generation -> {
            RebuildRun run = new RebuildRun(ReadModelTables.LIVE_PROJECTION, generation,
                    searchProjection.indexName(generation), from);
            RebuildRun running = current.get();
            if (running != null && !running.state.finished()) {
                throw new RebuildRunningException(running.id);
            }
            if (!current.compareAndSet(running, run)) {
                throw new RebuildRunningException(current.get().id);
            }
            return run;
        }).call(store::insertRun).invoke(run -> executor.submit(() -> execute(run))).map(RebuildRun::snapshot);
    }

    /** The progress of a run of this instance, or the stored outcome of an older one. */
    public Uni<Optional<RebuildProgress>> progress(UUID id) {
        RebuildRun run = current.get();
        if (run != null && run.id.equals(id)) {
            return Uni.createFrom().item(Optional.of(run.snapshot()));
        }
        return store.run(id, searchProjection::indexName);
    }

    // ---- the rebuild thread -------------------------------------------------------------------------------

    private void execute(RebuildRun run) {
        ReadModelTables tables = ReadModelTables.rebuild(run.generation);
        DatasetProjection projection = live.forTables(tables);
        String topic = config.topic();
        try (KafkaConsumer<String, Object> consumer = consumers.create("projector-rebuild-" + run.generation,
                config.rebuild().maxPollRecords())) {
            store.prepareTables(tables).await().atMost(STEP);
            searchProjection.deleteIndex(run.index).chain(() -> searchProjection.createIndex(run.index))
                    .await().atMost(STEP);
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> start = startOffsets(consumer, partitions, run.from);
            if (run.from != null) {
                run.state = RebuildState.SEEDING;
                persist(run);
                seedFromHistory(projection, topic, start);
            }
            store.storeStartPositions(tables, start).await().atMost(STEP);
            start.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            run.eventsTotal = partitions.stream().mapToLong(tp -> Math.max(end.get(tp) - start.get(tp), 0)).sum();
            run.state = RebuildState.REPLAYING;
            run.replayStartedAt = Instant.now();
            persist(run);
            long lastPersist = System.nanoTime();
            while (!reached(consumer, end)) {
                replayOnce(consumer, projection, run);
                if (System.nanoTime() - lastPersist > 1_000_000_000L) {
                    persist(run);
                    lastPersist = System.nanoTime();
                }
            }
            run.state = RebuildState.SWITCHING;
            persist(run);
            switchOver(consumer, projection, run, partitions);
            run.state = RebuildState.COMPLETED;
            LOG.infof("rebuild %s: generation %d is live (%d records replayed)", run.id, run.generation, run.eventsDone);
        } catch (Exception e) {
            LOG.errorf(e, "rebuild %s failed; generation %d stays retired", run.id, run.generation);
            run.error = e.toString();
            run.state = RebuildState.FAILED;
        } finally {
            run.finishedAt = Instant.now();
            try {
                persist(run);
            } catch (RuntimeException e) {
                LOG.warnf("cannot record the end of rebuild %s: %s", run.id, e);
            }
        }
    }

    private void persist(RebuildRun run) {
        store.updateRun(run).await().atMost(Duration.ofSeconds(30));
    }

    private static Map<TopicPartition, Long> startOffsets(KafkaConsumer<String, Object> consumer,
            List<TopicPartition> partitions, Instant from) {
        Map<TopicPartition, Long> start = new HashMap<>(consumer.beginningOffsets(partitions));
        if (from == null) {
            return start;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, from.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp at = found.get(tp);
            // No record at or after `from` in this partition: nothing to re-read there.
            start.put(tp, at == null ? end.get(tp) : at.offset());
        }
        return start;
    }

    /** Re-folds the stored history below the start offsets into the new tables (a rebuild {@code from}). */
    private void seedFromHistory(DatasetProjection projection, String topic, Map<TopicPartition, Long> start) {
        int lastPartition = -1;
        long lastOffset = -1;
        while (true) {
            List<RebuildStore.HistoryRow> rows = store.historyBelow(topic, start, lastPartition, lastOffset,
                    config.rebuild().maxPollRecords()).await().atMost(STEP);
            if (rows.isEmpty()) {
                return;
            }
            List<ConsumedRecord<DatasetChange>> page = new ArrayList<>(rows.size());
            for (RebuildStore.HistoryRow row : rows) {
                page.add(stored(row));
                lastPartition = row.source().partition();
                lastOffset = row.source().offset();
            }
            pipeline.replay(projection, page).await().indefinitely();
        }
    }

    private static ConsumedRecord<DatasetChange> stored(RebuildStore.HistoryRow row) {
        try {
            DatasetChange change = DatasetChanges.fromPayload(JSON.readTree(row.payload()), row.source());
            return new ConsumedRecord<>(row.source(), change.datasetId(), change, null, null, null);
        } catch (Exception e) {
            return new ConsumedRecord<>(row.source(), null, null, null, "unreadable stored history: " + e.getMessage(),
                    null);
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

    private void replayOnce(KafkaConsumer<String, Object> consumer, DatasetProjection projection, RebuildRun run) {
        ConsumerRecords<String, Object> polled = consumer.poll(POLL);
        if (polled.isEmpty()) {
            return;
        }
        List<ConsumedRecord<DatasetChange>> records = new ArrayList<>(polled.count());
        for (TopicPartition tp : polled.partitions()) {
            for (ConsumerRecord<String, Object> record : polled.records(tp)) {
                records.add(consumed(record));
            }
        }
        // Poison and unapplicable records were dead-lettered by the live projection already: only counted here.
        pipeline.replay(projection, records).await().indefinitely();
        indexQuietly(projection, run);
        run.eventsDone += records.size();
    }

    private static ConsumedRecord<DatasetChange> consumed(ConsumerRecord<String, Object> record) {
        SourcePosition source = new SourcePosition(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()));
        Object value = record.value();
        String poison = value instanceof SpecificRecord ? null
                : value instanceof TolerantDeserializer.Undeserializable bad ? bad.reason() : "record without a value";
        ConsumedRecord<Object> read = new ConsumedRecord<>(source, record.key(), poison == null ? value : null,
                record.headers(), poison, null);
        return read.map(event -> DatasetChanges.of((SpecificRecord) event, source));
    }

    /** Sends what the rebuild tables owe to the new index; what fails stays owed and is flushed before the switch. */
    private void indexQuietly(DatasetProjection projection, RebuildRun run) {
        ReadModelTables tables = ReadModelTables.rebuild(run.generation);
        try {
            List<DatasetState> owed = datasets.findUnindexed(tables, config.search().sweepBatchSize())
                    .await().atMost(STEP);
            if (!owed.isEmpty()) {
                searchBacklog.write(tables, run.index, owed).await().atMost(STEP);
            }
        } catch (RuntimeException e) {
            LOG.debugf("rebuild search write failed, flushed before the switch: %s", e);
        }
    }

    /** Sends every owed state of the rebuild tables to the new index; fails if the node does not take them. */
    private void flushOwed(ReadModelTables tables, String index) {
        Duration wait = Duration.ofMillis(200);
        for (int attempt = 0; ; attempt++) {
            List<DatasetState> owed = datasets.findUnindexed(tables, config.search().sweepBatchSize())
                    .await().atMost(STEP);
            if (owed.isEmpty()) {
                return;
            }
            try {
                searchBacklog.write(tables, index, owed).await().atMost(STEP);
            } catch (RuntimeException e) {
                if (attempt >= 20) {
                    throw new IllegalStateException("the search node does not take the rebuilt documents", e);
                }
                sleep(wait);
                wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : wait.multipliedBy(2);
            }
        }
    }

    private void switchOver(KafkaConsumer<String, Object> consumer, DatasetProjection projection, RebuildRun run,
            List<TopicPartition> partitions) {
        ReadModelTables tables = ReadModelTables.rebuild(run.generation);
        Instant deadline = Instant.now().plus(config.rebuild().catchUpTimeout());
        while (true) {
            Map<Integer, Long> livePositions = positions.positions(pool, ReadModelTables.LIVE_PROJECTION,
                    config.topic()).await().atMost(STEP);
            Map<TopicPartition, Long> target = new HashMap<>();
            partitions.forEach(tp -> target.put(tp, livePositions.getOrDefault(tp.partition(), 0L)));
            while (!reached(consumer, target)) {
                replayOnce(consumer, projection, run);
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the rebuild did not catch up with the live projection within "
                            + config.rebuild().catchUpTimeout());
                }
            }
            flushOwed(tables, run.index);
            List<String> retiredIndices = trySwitch(tables, run, partitions);
            if (retiredIndices != null) {
                if (config.rebuild().dropRetired()) {
                    for (String index : retiredIndices) {
                        if (!index.equals(run.index)) {
                            searchProjection.deleteIndex(index).await().atMost(STEP);
                        }
                    }
                }
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the live projection kept ahead of the rebuild for "
                        + config.rebuild().catchUpTimeout());
            }
        }
    }

    /** The switch transaction; returns the indices the alias pointed at before, or null if not caught up yet. */
    private List<String> trySwitch(ReadModelTables tables, RebuildRun run, List<TopicPartition> partitions) {
        return pool.withTransaction(tx -> datasets.holdSwitchLockExclusive(tx)
                .chain(() -> store.caughtUp(tx, tables, partitions))
                .chain(caughtUp -> caughtUp
                        ? store.swapTables(tx, tables, run.generation, run.index, config.rebuild().dropRetired())
                                // Last, so that a refused alias switch rolls the table swap back.
                                .chain(() -> searchProjection.switchAlias(run.index))
                        : Uni.createFrom().<List<String>>nullItem()))
                .await().atMost(STEP);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** A rebuild is already running. */
    public static final class RebuildRunningException extends RuntimeException {
        public final UUID running;

        RebuildRunningException(UUID running) {
            super("rebuild " + running + " is still running");
            this.running = running;
        }
    }
}
