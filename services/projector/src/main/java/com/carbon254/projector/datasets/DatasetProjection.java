package com.carbon254.projector.datasets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;

import com.carbon254.projector.datasets.search.SearchBacklog;
import com.carbon254.projector.datasets.store.DatasetReadModelStore;
import com.carbon254.projector.datasets.store.DatasetReadModelStore.KnownEvents;
import com.carbon254.projector.datasets.store.ReadModelTables;
import com.carbon254.projector.pipeline.BatchPipeline;
import com.carbon254.projector.pipeline.ConsumedBatches;
import com.carbon254.projector.pipeline.ConsumedRecord;
import com.carbon254.projector.pipeline.Outcome;
import com.carbon254.projector.pipeline.ProjectedBatch;
import com.carbon254.projector.pipeline.Projection;
import com.carbon254.projector.pipeline.SwitchLock;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The dataset projection: {@code data-events} (the dataset event store) → {@code dataset} (current state),
 * {@code dataset_event} (history) and, through {@code search_outbox}, the search index. It runs in the one
 * {@link BatchPipeline} like every projection, with three additions:
 * <ul>
 * <li><b>switch lock</b> ({@link #lockFirst}, {@link SwitchLock}) as every live projection: a replay's switch holds
 *     it exclusively while it swaps tables, so no batch straddles a swap;</li>
 * <li><b>search outbox</b>: the changed datasets are written to {@code search_outbox} in the same statement as their
 *     rows; after the commit ({@link #committed}) {@link SearchBacklog} is nudged and drains it into the index;</li>
 * <li><b>version notices</b>: the live projection announces the versions it makes visible (PostgreSQL
 *     {@code NOTIFY} in the batch transaction, delivered on commit) for the query API's read-your-writes waits.</li>
 * </ul>
 * In the batch transaction, after the pipeline skipped redeliveries: events whose eventId is already history are
 * duplicates; an event claiming a (dataset, version) that another event holds is a conflict, and rejected; the rest is
 * folded by {@link DatasetFold} in offset order against the current rows. The reads (history, current rows) go out
 * with the position locks, the writes (one statement for history, state and outbox; the notices) with the positions.
 *
 * <p>The bean is the live projection; {@link #forTables} gives the same projection over a replay's tables (positions
 * under the replay's name, no switch lock, no notices, no nudge: the replay writes its own index).
 */
@ApplicationScoped
public class DatasetProjection implements Projection<DatasetChange> {

    /** The name the live dataset projection stores its positions under. */
    public static final String NAME = ReadModelTables.LIVE_PROJECTION;

    /** The channel (and, by default, topic): the event store. */
    public static final String CHANNEL = "data-events";

    @Inject
    DatasetReadModelStore store;

    @Inject
    SearchBacklog searchBacklog;

    @Inject
    BatchPipeline pipeline;

    ReadModelTables tables = ReadModelTables.live();

    /** The same projection writing other tables (a rebuild's), outside the live channel. */
    public DatasetProjection forTables(ReadModelTables target) {
        DatasetProjection projection = new DatasetProjection();
        projection.store = store;
        projection.tables = target;
        return projection;
    }

    /** Each poll batch of the event store: lifecycle records become {@link DatasetChange}s (others are poison). */
    public Uni<Void> consume(KafkaRecordBatch<String, SpecificRecord> batch) {
        List<ConsumedRecord<DatasetChange>> records = ConsumedBatches.of(batch).stream()
                .map(record -> record.map(event -> DatasetChanges.of(event, record.source())))
                .toList();
        return pipeline.consume(this, batch, records);
    }

    @Override
    public String name() {
        return tables.projection();
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    private boolean live() {
        return tables.projection().equals(ReadModelTables.LIVE_PROJECTION);
    }

    @Override
    public Uni<Void> lockFirst(SqlConnection tx) {
        return live() ? SwitchLock.shared(tx, NAME) : Uni.createFrom().voidItem();
    }

    /**
     * What the history knows of the batch's events and the current states of the datasets they touch. Asked for every
     * change of the batch, also those the positions will skip: a superset changes nothing in the fold.
     */
    @Override
    public Uni<Writer<DatasetChange>> read(SqlConnection tx, List<ConsumedRecord<DatasetChange>> records) {
        Set<String> eventIds = new HashSet<>();
        Set<DatasetChange.VersionKey> versions = new HashSet<>();
        Set<String> datasetIds = new HashSet<>();
        for (ConsumedRecord<DatasetChange> record : records) {
            if (!record.isPoison()) {
                DatasetChange change = record.value();
                eventIds.add(change.eventId());
                versions.add(change.versionKey());
                datasetIds.add(change.datasetId());
            }
        }
        if (datasetIds.isEmpty()) {
            Writer<DatasetChange> writer = (connection, fresh) -> write(connection, fresh,
                    new KnownEvents(Set.of(), Map.of()), Map.of());
            return Uni.createFrom().item(writer);
        }
        return Uni.combine().all()
                .unis(store.knownEvents(tx, tables, eventIds, versions), store.findDatasets(tx, tables, datasetIds))
                .with((known, states) -> (connection, fresh) -> write(connection, fresh, known, states));
    }

    @Override
    public Uni<ProjectedBatch<DatasetChange>> write(SqlConnection tx, List<ConsumedRecord<DatasetChange>> fresh) {
        return read(tx, fresh).chain(writer -> writer.write(tx, fresh));
    }

    private Uni<ProjectedBatch<DatasetChange>> write(SqlConnection tx, List<ConsumedRecord<DatasetChange>> fresh,
            KnownEvents known, Map<String, DatasetState> current) {
        Fold fold = new Fold(known, current);
        fresh.forEach(fold::apply);
        return Uni.combine().all()
                .unis(store.writeBatch(tx, tables, fold.history, fold.states.values()),
                        live() ? store.announceVersions(tx, fold.states.values()) : Uni.createFrom().voidItem())
                .discardItems()
                .replaceWith(fold.batch);
    }

    @Override
    public void committed(ProjectedBatch<DatasetChange> batch) {
        if (live() && batch.counted(Outcome.APPLIED) + batch.counted(Outcome.STALE) > 0) {
            searchBacklog.nudge();
        }
    }

    /** The working set of one batch: the fold of its fresh records against the stored history and states. */
    private static final class Fold {
        final ProjectedBatch<DatasetChange> batch = new ProjectedBatch<>();
        final List<DatasetChange> history = new ArrayList<>();
        final Map<String, DatasetState> states = new LinkedHashMap<>();
        final Set<String> seen;
        final Map<DatasetChange.VersionKey, String> taken;
        final Map<String, DatasetState> working;

        Fold(KnownEvents known, Map<String, DatasetState> current) {
            seen = new HashSet<>(known.eventIds());
            taken = new HashMap<>(known.versions());
            working = new HashMap<>(current);
        }

        void apply(ConsumedRecord<DatasetChange> record) {
            if (record.isPoison()) {
                batch.reject(record, record.poisonReason());
                return;
            }
            DatasetChange change = record.value();
            if (seen.contains(change.eventId())) {
                batch.count(Outcome.DUPLICATE);
                return;
            }
            String holder = taken.get(change.versionKey());
            if (holder != null) {
                batch.reject(record, "version conflict: version " + change.datasetVersion() + " of dataset "
                        + change.datasetId() + " is already event " + holder + ", not " + change.eventId());
                return;
            }
            DatasetFold.Result result = DatasetFold.apply(working.get(change.datasetId()), change);
            if (result.outcome() == Outcome.REJECTED) {
                batch.reject(record, result.rejection());
                return;
            }
            batch.count(result.outcome());
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
    }
}
