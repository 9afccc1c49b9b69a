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
        return pool.withTransaction(tx -> store.holdSwitchLockShared(tx)
                .chain(() -> store.lockPositions(tx, tables.projection(), topic, partitions))
                .map(positions -> Plan.skipApplied(records, positions))
                .chain(plan -> lookUp(tx, tables, plan))
                .call(plan -> store.writeBatch(tx, tables, plan.history, plan.states.values()))
                .call(plan -> tables.projection().equals(ReadModelTables.LIVE_PROJECTION)
                        ? store.announceVersions(tx, plan.states.values()) : Uni.createFrom().voidItem())
                .call(plan -> store.savePositions(tx, tables.projection(), plan.nextPositions.values()))
                .invoke(() -> faults.beforeCommit(tables.projection()))
                .call(plan -> plan.rejected.isEmpty() ? Uni.createFrom().voidItem() : deadLetters.apply(plan.rejected))
                .map(Plan::result));
    }

    private <H> Uni<Plan<H>> lookUp(SqlConnection tx, ReadModelTables tables, Plan<H> plan) {
        if (plan.fresh.isEmpty()) {
            return Uni.createFrom().item(plan);
        }
        List<DatasetChange> changes = plan.fresh.stream().filter(r -> !r.isPoison()).map(ProjectionRecord::change).toList();
        if (changes.isEmpty()) {
            return Uni.createFrom().item(plan.fold(new KnownEvents(Set.of(), Map.of()), Map.of()));
        }
        Set<String> eventIds = new HashSet<>();
        Set<DatasetChange.VersionKey> versions = new HashSet<>();
        Set<String> datasetIds = new HashSet<>();
        for (DatasetChange change : changes) {
            eventIds.add(change.eventId());
            versions.add(change.versionKey());
            datasetIds.add(change.datasetId());
        }
        return store.knownEvents(tx, tables, eventIds, versions)
                .chain(known -> store.findDatasets(tx, tables, datasetIds).map(states -> plan.fold(known, states)));
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
