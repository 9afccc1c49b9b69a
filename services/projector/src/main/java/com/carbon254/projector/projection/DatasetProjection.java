package com.carbon254.projector.projection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.projector.repository.DatasetReadModelStore;
import com.carbon254.projector.repository.DatasetReadModelStore.KnownEvents;
import com.carbon254.projector.repository.ReadModelTables;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The dataset projection: applies one poll batch of {@code data-events} to the PostgreSQL read model in ONE
 * transaction that also stores the positions the batch reached. A batch is either entirely applied with its
 * positions or not at all, so replaying from the stored positions after any crash gives the same read model.
 *
 * <p>Within the transaction, in this order:
 * <ol>
 * <li>the switch lock (shared), then the stored positions of the batch's partitions, row-locked;</li>
 * <li>records below the stored position are redeliveries (skipped as duplicates);</li>
 * <li>events whose eventId is already history are duplicates; an event claiming a (dataset, version) that another
 *     event holds is a conflict, and rejected;</li>
 * <li>the rest is folded by {@link DatasetFold} in offset order against the current rows;</li>
 * <li>history rows, new current rows and their search-outbox entries are written with one statement, the positions
 *     with another;</li>
 * <li>rejected records are handed to the dead-letter sink (at-least-once: a retried batch may dead-letter twice),
 *     and the transaction commits.</li>
 * </ol>
 * The search index is written after the commit, from the outbox (see SearchBacklog).
 */
@ApplicationScoped
public class DatasetProjection {

    @Inject
    Pool pool;

    @Inject
    DatasetReadModelStore store;

    @Inject
    ProjectionFaults faults;

    /**
     * Applies a batch (records of one topic, in offset order per partition).
     *
     * @param deadLetters sends rejected records to the dead-letter topic; its failure fails the transaction
     */
    public <H> Uni<BatchResult<H>> apply(ReadModelTables tables, List<ProjectionRecord<H>> records,
            Function<List<BatchResult.Rejection<H>>, Uni<Void>> deadLetters) {
        if (records.isEmpty()) {
            return Uni.createFrom().item(new BatchResult<>(BatchResult.emptyCounts(), List.of(), List.of()));
        }
        String topic = records.get(0).source().topic();
        Set<Integer> partitions = new HashSet<>();
        for (ProjectionRecord<H> record : records) {
            if (!record.source().topic().equals(topic)) {
                throw new IllegalArgumentException("a batch holds records of one topic, got " + topic + " and "
                        + record.source().topic());
            }
            partitions.add(record.source().partition());
        }
        // Two pipelined round trips instead of one per statement: the reads go out together, then the writes
        // together. PostgreSQL runs a connection's statements in the order sent, so the reads still see the
        // database under the switch lock and the position locks, exactly as one after the other would; under load
        // each saved round trip is a wait for a CPU slice, which is what the batch's latency is made of.
        List<DatasetChange> changes = records.stream().filter(r -> !r.isPoison()).map(ProjectionRecord::change).toList();
        return pool.withTransaction(tx -> Uni.combine().all()
                .unis(store.holdSwitchLockShared(tx),
                        store.lockPositions(tx, tables.projection(), topic, partitions),
                        knownEvents(tx, tables, changes),
                        currentStates(tx, tables, changes))
                .with((locked, positions, known, states) -> Plan.skipApplied(records, positions).fold(known, states))
                .call(plan -> Uni.combine().all()
                        .unis(store.writeBatch(tx, tables, plan.history, plan.states.values()),
                                tables.projection().equals(ReadModelTables.LIVE_PROJECTION)
                                        ? store.announceVersions(tx, plan.states.values()) : Uni.createFrom().voidItem(),
                                store.savePositions(tx, tables.projection(), plan.nextPositions.values()))
                        .discardItems())
                .invoke(() -> faults.beforeCommit(tables.projection()))
                .call(plan -> plan.rejected.isEmpty() ? Uni.createFrom().voidItem() : deadLetters.apply(plan.rejected))
                .map(Plan::result));
    }

    /**
     * What the history knows of the batch's events. Asked for every change of the batch, also those the positions
     * will skip: the reads go out before the positions are known, and a superset changes nothing in the fold.
     */
    private Uni<KnownEvents> knownEvents(SqlConnection tx, ReadModelTables tables, List<DatasetChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().item(new KnownEvents(Set.of(), Map.of()));
        }
        Set<String> eventIds = new HashSet<>();
        Set<DatasetChange.VersionKey> versions = new HashSet<>();
        for (DatasetChange change : changes) {
            eventIds.add(change.eventId());
            versions.add(change.versionKey());
        }
        return store.knownEvents(tx, tables, eventIds, versions);
    }

    /** The current states of the datasets the batch's changes touch. */
    private Uni<Map<String, DatasetState>> currentStates(SqlConnection tx, ReadModelTables tables,
            List<DatasetChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Set<String> datasetIds = new HashSet<>();
        for (DatasetChange change : changes) {
            datasetIds.add(change.datasetId());
        }
        return store.findDatasets(tx, tables, datasetIds);
    }

    /** The working set of one batch transaction. */
    private static final class Plan<H> {
        final Map<DatasetFold.Outcome, Integer> outcomes = BatchResult.emptyCounts();
        final List<ProjectionRecord<H>> fresh = new ArrayList<>();
        final Map<Integer, SourcePosition> nextPositions = new HashMap<>();
        final List<DatasetChange> history = new ArrayList<>();
        final Map<String, DatasetState> states = new LinkedHashMap<>();
        final List<BatchResult.Rejection<H>> rejected = new ArrayList<>();

        /** Keeps the records at or past the stored position of their partition; counts the others. */
        static <H> Plan<H> skipApplied(List<ProjectionRecord<H>> records, Map<Integer, Long> positions) {
            Plan<H> plan = new Plan<>();
            Map<Integer, Long> next = new HashMap<>(positions);
            for (ProjectionRecord<H> record : records) {
                SourcePosition source = record.source();
                long expected = next.getOrDefault(source.partition(), Long.MIN_VALUE);
                if (source.offset() < expected) {
                    plan.count(DatasetFold.Outcome.DUPLICATE);
                    continue;
                }
                next.put(source.partition(), source.offset() + 1);
                plan.nextPositions.put(source.partition(),
                        new SourcePosition(source.topic(), source.partition(), source.offset() + 1, source.recordTime()));
                plan.fresh.add(record);
            }
            return plan;
        }

        Plan<H> fold(KnownEvents known, Map<String, DatasetState> current) {
            Set<String> seen = new HashSet<>(known.eventIds());
            Map<DatasetChange.VersionKey, String> taken = new HashMap<>(known.versions());
            Map<String, DatasetState> working = new HashMap<>(current);
            for (ProjectionRecord<H> record : fresh) {
                if (record.isPoison()) {
                    reject(record, record.poisonReason());
                    continue;
                }
                DatasetChange change = record.change();
                if (seen.contains(change.eventId())) {
                    count(DatasetFold.Outcome.DUPLICATE);
                    continue;
                }
                String holder = taken.get(change.versionKey());
                if (holder != null) {
                    reject(record, "version conflict: version " + change.datasetVersion() + " of dataset "
                            + change.datasetId() + " is already event " + holder + ", not " + change.eventId());
                    continue;
                }
                DatasetFold.Result result = DatasetFold.apply(working.get(change.datasetId()), change);
                if (result.outcome() == DatasetFold.Outcome.REJECTED) {
                    reject(record, result.rejection());
                    continue;
                }
                count(result.outcome());
                if (result.history()) {
                    history.add(change);
                    seen.add(change.eventId());
                    taken.put(change.versionKey(), change.eventId());
                }
                if (result.changed()) {
                    working.put(change.datasetId(), result.state());
                    states.put(change.datasetId(), result.state());
                }
            }
            return this;
        }

        private void reject(ProjectionRecord<H> record, String reason) {
            count(DatasetFold.Outcome.REJECTED);
            rejected.add(new BatchResult.Rejection<>(record, reason));
        }

        private void count(DatasetFold.Outcome outcome) {
            outcomes.merge(outcome, 1, Integer::sum);
        }

        BatchResult<H> result() {
            return new BatchResult<>(outcomes, List.copyOf(states.values()), List.copyOf(rejected));
        }
    }
}
