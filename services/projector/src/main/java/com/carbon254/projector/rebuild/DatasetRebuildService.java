package com.carbon254.projector.rebuild;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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

import com.carbon254.projector.config.ProjectorConfig;
import com.carbon254.projector.mapping.DatasetChanges;
import com.carbon254.projector.messaging.EventStoreConsumers;
import com.carbon254.projector.messaging.TolerantDeserializer;
import com.carbon254.projector.projection.BatchResult;
import com.carbon254.projector.projection.DatasetProjection;
import com.carbon254.projector.projection.DatasetSearchProjection;
import com.carbon254.projector.projection.DatasetState;
import com.carbon254.projector.projection.ProjectionRecord;
import com.carbon254.projector.projection.SourcePosition;
import com.carbon254.projector.repository.DatasetReadModelStore;
import com.carbon254.projector.repository.ReadModelTables;
import com.carbon254.projector.service.SearchBacklog;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

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
 *     poll batch goes through the very same {@link DatasetProjection} code and transaction as the live one, with
 *     positions stored under {@code datasets#rebuild-n}, then to the new index.</li>
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

    @Inject
    Pool pool;

    @Inject
    DatasetProjection projection;

    @Inject
    DatasetReadModelStore store;

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
        return nextGeneration().map(generation -> {
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
        }).call(this::insertRun).invoke(run -> executor.submit(() -> execute(run))).map(RebuildRun::snapshot);
    }

    /** The progress of a run of this instance, or the stored outcome of an older one. */
    public Uni<Optional<RebuildProgress>> progress(UUID id) {
        RebuildRun run = current.get();
        if (run != null && run.id.equals(id)) {
            return Uni.createFrom().item(Optional.of(run.snapshot()));
        }
        return pool.preparedQuery("SELECT id, projection, generation, state, from_time, events_total, events_done, "
                        + "started_at, finished_at, error FROM read_model.projection_rebuild WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(stored(rows.iterator().next())));
    }

    private RebuildProgress stored(Row row) {
        return new RebuildProgress(row.getUUID("id"), row.getString("projection"), row.getInteger("generation"),
                searchProjection.indexName(row.getInteger("generation")), RebuildState.valueOf(row.getString("state")),
                instant(row.getOffsetDateTime("from_time")), row.getLong("events_total"), row.getLong("events_done"),
                0, null, instant(row.getOffsetDateTime("started_at")), instant(row.getOffsetDateTime("finished_at")),
                row.getString("error"));
    }

    private Uni<Integer> nextGeneration() {
        return pool.preparedQuery("SELECT GREATEST((SELECT max(generation) FROM read_model.projection_generation "
                        + "WHERE projection = $1), (SELECT max(generation) FROM read_model.projection_rebuild "
                        + "WHERE projection = $1), 1) + 1")
                .execute(Tuple.of(ReadModelTables.LIVE_PROJECTION))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    private Uni<Void> insertRun(RebuildRun run) {
        return pool.preparedQuery("INSERT INTO read_model.projection_rebuild (id, projection, generation, state, "
                        + "from_time, started_at) VALUES ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.of(run.id, run.projection, run.generation, run.state.name(),
                        run.from == null ? null : run.from.atOffset(ZoneOffset.UTC), run.startedAt.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    private void persist(RebuildRun run) {
        pool.preparedQuery("UPDATE read_model.projection_rebuild SET state = $2, events_total = $3, events_done = $4, "
                        + "finished_at = $5, error = $6 WHERE id = $1")
                .execute(Tuple.from(java.util.Arrays.asList(run.id, run.state.name(), run.eventsTotal, run.eventsDone,
                        run.finishedAt == null ? null : run.finishedAt.atOffset(ZoneOffset.UTC), run.error)))
                .await().atMost(Duration.ofSeconds(30));
    }

    // ---- the rebuild thread -------------------------------------------------------------------------------

    private void execute(RebuildRun run) {
        ReadModelTables tables = ReadModelTables.rebuild(run.generation);
        String topic = config.topic();
        try (KafkaConsumer<String, Object> consumer = consumers.create("projector-rebuild-" + run.generation,
                config.rebuild().maxPollRecords())) {
            prepare(tables, run);
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> start = startOffsets(consumer, partitions, run.from);
            if (run.from != null) {
                run.state = RebuildState.SEEDING;
                persist(run);
                seedFromHistory(tables, topic, start);
            }
            storeStartPositions(tables, start);
            start.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            run.eventsTotal = partitions.stream().mapToLong(tp -> Math.max(end.get(tp) - start.get(tp), 0)).sum();
            run.state = RebuildState.REPLAYING;
            run.replayStartedAt = Instant.now();
            persist(run);
            long lastPersist = System.nanoTime();
            while (!reached(consumer, end)) {
                replayOnce(consumer, tables, run);
                if (System.nanoTime() - lastPersist > 1_000_000_000L) {
                    persist(run);
                    lastPersist = System.nanoTime();
                }
            }
            run.state = RebuildState.SWITCHING;
            persist(run);
            switchOver(consumer, tables, run, partitions);
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

    private void prepare(ReadModelTables tables, RebuildRun run) {
        pool.withTransaction(tx -> sql(tx, "DROP TABLE IF EXISTS " + tables.dataset() + ", " + tables.datasetEvent())
                .chain(() -> sql(tx, "CREATE TABLE " + tables.dataset() + " (LIKE read_model.dataset INCLUDING ALL)"))
                .chain(() -> sql(tx, "CREATE TABLE " + tables.datasetEvent()
                        + " (LIKE read_model.dataset_event INCLUDING ALL)"))
                .chain(() -> tx.preparedQuery("DELETE FROM read_model.projection_position WHERE projection = $1")
                        .execute(Tuple.of(tables.projection())).replaceWithVoid())
                .chain(() -> tx.preparedQuery("DELETE FROM read_model.search_outbox WHERE projection = $1")
                        .execute(Tuple.of(tables.projection())).replaceWithVoid()))
                .await().atMost(Duration.ofMinutes(1));
        searchProjection.deleteIndex(run.index)
                .chain(() -> searchProjection.createIndex(run.index))
                .await().atMost(Duration.ofMinutes(1));
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
    private void seedFromHistory(ReadModelTables tables, String topic, Map<TopicPartition, Long> start) {
        Integer[] partitions = start.keySet().stream().map(TopicPartition::partition).toArray(Integer[]::new);
        Long[] offsets = start.keySet().stream().map(start::get).toArray(Long[]::new);
        int lastPartition = -1;
        long lastOffset = -1;
        while (true) {
            List<ProjectionRecord<Void>> page = new ArrayList<>();
            for (Row row : pool.preparedQuery("SELECT e.payload::text, e.kafka_partition, e.kafka_offset, e.occurred_at "
                            + "FROM read_model.dataset_event e JOIN unnest($1::int[], $2::bigint[]) AS s(p, o) "
                            + "ON e.kafka_partition = s.p AND e.kafka_offset < s.o WHERE e.kafka_topic = $3 "
                            + "AND (e.kafka_partition, e.kafka_offset) > ($4, $5) "
                            + "ORDER BY e.kafka_partition, e.kafka_offset LIMIT $6")
                    .execute(Tuple.from(java.util.Arrays.asList(partitions, offsets, topic, lastPartition, lastOffset,
                            config.rebuild().maxPollRecords())))
                    .await().atMost(Duration.ofMinutes(1))) {
                SourcePosition source = new SourcePosition(topic, row.getInteger(1), row.getLong(2),
                        row.getOffsetDateTime(3).toInstant());
                try {
                    page.add(ProjectionRecord.change(DatasetChanges.fromPayload(JSON.readTree(row.getString(0)), source), null));
                } catch (Exception e) {
                    page.add(ProjectionRecord.poison(source, "unreadable stored history: " + e.getMessage(), null));
                }
                lastPartition = source.partition();
                lastOffset = source.offset();
            }
            if (page.isEmpty()) {
                return;
            }
            applyBatch(tables, page, null);
        }
    }

    private void storeStartPositions(ReadModelTables tables, Map<TopicPartition, Long> start) {
        // Positions the replay starts from, so that the switch compares every partition, even one never re-read.
        pool.withTransaction(tx -> store.lockPositions(tx, tables.projection(), config.topic(),
                        start.keySet().stream().map(TopicPartition::partition).toList())
                .chain(stored -> {
                    List<SourcePosition> positions = new ArrayList<>();
                    start.forEach((tp, offset) -> {
                        if (stored.getOrDefault(tp.partition(), -1L) < offset) {
                            positions.add(new SourcePosition(tp.topic(), tp.partition(), offset, null));
                        }
                    });
                    return store.savePositions(tx, tables.projection(), positions);
                }))
                .await().atMost(Duration.ofMinutes(1));
    }

    private static boolean reached(KafkaConsumer<String, Object> consumer, Map<TopicPartition, Long> target) {
        for (Map.Entry<TopicPartition, Long> entry : target.entrySet()) {
            if (consumer.position(entry.getKey()) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void replayOnce(KafkaConsumer<String, Object> consumer, ReadModelTables tables, RebuildRun run) {
        ConsumerRecords<String, Object> polled = consumer.poll(POLL);
        if (polled.isEmpty()) {
            return;
        }
        List<ProjectionRecord<Void>> records = new ArrayList<>(polled.count());
        for (TopicPartition tp : polled.partitions()) {
            for (ConsumerRecord<String, Object> record : polled.records(tp)) {
                records.add(toProjectionRecord(record));
            }
        }
        applyBatch(tables, records, run);
    }

    private void applyBatch(ReadModelTables tables, List<ProjectionRecord<Void>> records, RebuildRun run) {
        // Poison and unapplicable records were dead-lettered by the live projection already: only counted here.
        BatchResult<Void> result = projection.apply(tables, records, rejected -> Uni.createFrom().voidItem())
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(10)
                .await().indefinitely();
        if (!result.changed().isEmpty() && run != null) {
            indexQuietly(tables, run.index, result.changed());
        }
        if (run != null) {
            run.eventsDone += records.size();
        }
    }

    private void indexQuietly(ReadModelTables tables, String index, List<DatasetState> states) {
        try {
            searchBacklog.write(tables, index, states).await().atMost(Duration.ofMinutes(1));
        } catch (RuntimeException e) {
            // Left owed in the rebuild table; flushed before the switch.
            LOG.debugf("rebuild search write failed, flushed before the switch: %s", e);
        }
    }

    private static ProjectionRecord<Void> toProjectionRecord(ConsumerRecord<String, Object> record) {
        SourcePosition source = new SourcePosition(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()));
        Object value = record.value();
        if (value instanceof SpecificRecord event) {
            try {
                return ProjectionRecord.change(DatasetChanges.of(event, source), null);
            } catch (RuntimeException e) {
                return ProjectionRecord.poison(source, e.getMessage(), null);
            }
        }
        String reason = value instanceof TolerantDeserializer.Undeserializable bad ? bad.reason() : "record without a value";
        return ProjectionRecord.poison(source, reason, null);
    }

    /** Sends every owed state of the rebuild tables to the new index; fails if the node does not take them. */
    private void flushOwed(ReadModelTables tables, String index) {
        Duration wait = Duration.ofMillis(200);
        for (int attempt = 0; ; attempt++) {
            List<DatasetState> owed = store.findUnindexed(tables, config.search().sweepBatchSize())
                    .await().atMost(Duration.ofMinutes(1));
            if (owed.isEmpty()) {
                return;
            }
            try {
                searchBacklog.write(tables, index, owed).await().atMost(Duration.ofMinutes(1));
            } catch (RuntimeException e) {
                if (attempt >= 20) {
                    throw new IllegalStateException("the search node does not take the rebuilt documents", e);
                }
                sleep(wait);
                wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : wait.multipliedBy(2);
            }
        }
    }

    private void switchOver(KafkaConsumer<String, Object> consumer, ReadModelTables tables, RebuildRun run,
            List<TopicPartition> partitions) {
        Instant deadline = Instant.now().plus(config.rebuild().catchUpTimeout());
        String topic = config.topic();
        while (true) {
            Map<Integer, Long> live = store.positions(pool, ReadModelTables.LIVE_PROJECTION, topic)
                    .await().atMost(Duration.ofMinutes(1));
            Map<TopicPartition, Long> target = new HashMap<>();
            partitions.forEach(tp -> target.put(tp, live.getOrDefault(tp.partition(), 0L)));
            while (!reached(consumer, target)) {
                replayOnce(consumer, tables, run);
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
                            searchProjection.deleteIndex(index).await().atMost(Duration.ofMinutes(1));
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
        String topic = config.topic();
        List<Integer> numbers = partitions.stream().map(TopicPartition::partition).toList();
        return pool.withTransaction(tx -> store.holdSwitchLockExclusive(tx)
                .chain(() -> store.lockPositions(tx, ReadModelTables.LIVE_PROJECTION, topic, numbers))
                .chain(live -> store.positions(tx, tables.projection(), topic).map(rebuilt -> {
                    for (Map.Entry<Integer, Long> entry : live.entrySet()) {
                        if (rebuilt.getOrDefault(entry.getKey(), -1L) < entry.getValue()) {
                            return false;
                        }
                    }
                    return true;
                }))
                .chain(caughtUp -> caughtUp ? swap(tx, tables, run) : Uni.createFrom().nullItem()))
                .await().atMost(Duration.ofMinutes(2));
    }

    private Uni<List<String>> swap(SqlConnection tx, ReadModelTables tables, RebuildRun run) {
        return tx.preparedQuery("SELECT generation FROM read_model.projection_generation WHERE projection = $1 FOR UPDATE")
                .execute(Tuple.of(ReadModelTables.LIVE_PROJECTION))
                .map(rows -> rows.size() == 0 ? 1 : rows.iterator().next().getInteger(0))
                .chain(old -> {
                    String retiredDataset = "dataset_retired_" + old;
                    String retiredEvents = "dataset_event_retired_" + old;
                    return sql(tx, "DROP TABLE IF EXISTS read_model." + retiredDataset + ", read_model." + retiredEvents)
                            .chain(() -> sql(tx, "ALTER TABLE read_model.dataset RENAME TO " + retiredDataset))
                            .chain(() -> sql(tx, "ALTER TABLE read_model.dataset_event RENAME TO " + retiredEvents))
                            .chain(() -> sql(tx, "ALTER TABLE " + tables.dataset() + " RENAME TO dataset"))
                            .chain(() -> sql(tx, "ALTER TABLE " + tables.datasetEvent() + " RENAME TO dataset_event"))
                            .chain(() -> tx.preparedQuery("DELETE FROM read_model.projection_position WHERE projection = $1")
                                    .execute(Tuple.of(ReadModelTables.LIVE_PROJECTION)))
                            .chain(() -> tx.preparedQuery("UPDATE read_model.projection_position SET projection = $1 "
                                            + "WHERE projection = $2")
                                    .execute(Tuple.of(ReadModelTables.LIVE_PROJECTION, tables.projection())))
                            // What the old generation still owed its index is moot; the new one owes nothing (flushed).
                            .chain(() -> tx.preparedQuery("DELETE FROM read_model.search_outbox WHERE projection IN ($1, $2)")
                                    .execute(Tuple.of(ReadModelTables.LIVE_PROJECTION, tables.projection())))
                            .chain(() -> tx.preparedQuery("INSERT INTO read_model.projection_generation (projection, "
                                            + "generation, index_name, switched_at) VALUES ($1, $2, $3, now()) "
                                            + "ON CONFLICT (projection) DO UPDATE SET generation = EXCLUDED.generation, "
                                            + "index_name = EXCLUDED.index_name, switched_at = now()")
                                    .execute(Tuple.of(ReadModelTables.LIVE_PROJECTION, run.generation, run.index)))
                            .chain(() -> config.rebuild().dropRetired()
                                    ? sql(tx, "DROP TABLE read_model." + retiredDataset + ", read_model." + retiredEvents)
                                    : Uni.createFrom().voidItem())
                            // Last, so that a refused alias switch rolls the table swap back.
                            .chain(() -> searchProjection.switchAlias(run.index));
                });
    }

    private static Uni<Void> sql(SqlConnection tx, String statement) {
        return tx.query(statement).execute().replaceWithVoid();
    }

    private static Instant instant(java.time.OffsetDateTime time) {
        return time == null ? null : time.toInstant();
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
