package com.carbon254.projector.datasets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import com.carbon254.projector.ProjectorConfig;
import com.carbon254.projector.datasets.search.DatasetSearchProjection;
import com.carbon254.projector.datasets.search.SearchBacklog;
import com.carbon254.projector.datasets.store.DatasetReadModelStore;
import com.carbon254.projector.datasets.store.ReadModelTables;
import com.carbon254.projector.pipeline.BatchPipeline;
import com.carbon254.projector.pipeline.ConsumedRecord;
import com.carbon254.projector.pipeline.Generation;
import com.carbon254.projector.pipeline.ProjectionRegistry;
import com.carbon254.projector.rebuild.ReplayRun;
import com.carbon254.projector.rebuild.ReplayableReadModel;
import com.carbon254.projector.rebuild.ReplayedProjection;
import com.carbon254.readmodel.ReplayedReadModel;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * What a replay of the dataset read model does beyond the tables: each generation fills a search index of its own
 * ({@code datasets-vn}, written from the generation's search outbox as the replay goes, flushed before the switch,
 * and made the alias's in the switch transaction, last, so that a refused alias switch rolls the table swap back);
 * and a replay from a start keeps the datasets below it by re-folding the stored history below it (history before the
 * start is trusted as stored) rather than copying rows.
 */
@ApplicationScoped
public class DatasetsReplay implements ReplayableReadModel {

    private static final Logger LOG = Logger.getLogger(DatasetsReplay.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STEP = Duration.ofMinutes(2);

    @Inject
    DatasetProjection live;

    @Inject
    DatasetReadModelStore store;

    @Inject
    DatasetSearchProjection search;

    @Inject
    SearchBacklog searchBacklog;

    @Inject
    BatchPipeline pipeline;

    @Inject
    ProjectionRegistry registry;

    @Inject
    ProjectorConfig config;

    @Inject
    Pool pool;

    @Override
    public ReplayedReadModel model() {
        return ReplayedReadModel.DATASETS;
    }

    @Override
    public List<ReplayedProjection<?>> projections(Generation generation) {
        return List.of(new ReplayedProjection<>(DatasetProjection.NAME, registry.topics(live),
                live.forTables(ReadModelTables.of(generation)),
                record -> record.map(event -> DatasetChanges.of((SpecificRecord) event, record.source()))));
    }

    @Override
    public String index(int generation) {
        return search.indexName(generation);
    }

    @Override
    public void prepare(ReplayRun run) {
        store.deleteOwed(pool, List.of(tables(run).projection()))
                .chain(() -> search.deleteIndex(run.index()))
                .chain(() -> search.createIndex(run.index()))
                .await().atMost(STEP);
    }

    /** Re-folds the stored history below the start offsets into the new tables. */
    @Override
    public void seed(ReplayRun run, Map<TopicPartition, Long> start) {
        DatasetProjection projection = live.forTables(tables(run));
        for (String topic : registry.topics(live)) {
            Map<Integer, Long> below = new HashMap<>();
            start.forEach((tp, offset) -> {
                if (tp.topic().equals(topic)) {
                    below.put(tp.partition(), offset);
                }
            });
            int lastPartition = -1;
            long lastOffset = -1;
            while (true) {
                List<DatasetReadModelStore.HistoryRow> rows = store.historyBelow(topic, below, lastPartition,
                        lastOffset, config.rebuild().maxPollRecords()).await().atMost(STEP);
                if (rows.isEmpty()) {
                    break;
                }
                List<ConsumedRecord<DatasetChange>> page = new ArrayList<>(rows.size());
                for (DatasetReadModelStore.HistoryRow row : rows) {
                    page.add(stored(row));
                    lastPartition = row.source().partition();
                    lastOffset = row.source().offset();
                }
                pipeline.replay(projection, page).await().indefinitely();
            }
        }
    }

    private static ConsumedRecord<DatasetChange> stored(DatasetReadModelStore.HistoryRow row) {
        try {
            DatasetChange change = DatasetChanges.fromPayload(JSON.readTree(row.payload()), row.source());
            return new ConsumedRecord<>(row.source(), change.datasetId(), change, null, null, null);
        } catch (Exception e) {
            return new ConsumedRecord<>(row.source(), null, null, null, "unreadable stored history: " + e.getMessage(),
                    null);
        }
    }

    /** Sends what the generation's tables owe to its index; what fails stays owed and is flushed before the switch. */
    @Override
    public void replayed(ReplayRun run) {
        ReadModelTables tables = tables(run);
        try {
            List<DatasetState> owed = store.findUnindexed(tables, config.search().sweepBatchSize())
                    .await().atMost(STEP);
            if (!owed.isEmpty()) {
                searchBacklog.write(tables, run.index(), owed).await().atMost(STEP);
            }
        } catch (RuntimeException e) {
            LOG.debugf("replay search write failed, flushed before the switch: %s", e);
        }
    }

    /** Sends every owed state of the generation to its index; fails if the node does not take them. */
    @Override
    public void beforeSwitch(ReplayRun run) {
        ReadModelTables tables = tables(run);
        Duration wait = Duration.ofMillis(200);
        for (int attempt = 0; ; attempt++) {
            List<DatasetState> owed = store.findUnindexed(tables, config.search().sweepBatchSize())
                    .await().atMost(STEP);
            if (owed.isEmpty()) {
                return;
            }
            try {
                searchBacklog.write(tables, run.index(), owed).await().atMost(STEP);
            } catch (RuntimeException e) {
                if (attempt >= 20) {
                    throw new IllegalStateException("the search node does not take the replayed documents", e);
                }
                sleep(wait);
                wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
                        : wait.multipliedBy(2);
            }
        }
    }

    /** Forgets what either generation still owed (the new one owes nothing: flushed), then switches the alias. */
    @Override
    public Uni<Void> switching(SqlConnection tx, ReplayRun run) {
        return store.deleteOwed(tx, List.of(ReadModelTables.LIVE_PROJECTION, tables(run).projection()))
                .chain(() -> search.switchAlias(run.index()))
                .replaceWithVoid();
    }

    @Override
    public void switched(ReplayRun run) {
        String retired = index(run.retiredGeneration());
        if (config.rebuild().dropRetired() && !retired.equals(run.index())) {
            search.deleteIndex(retired).await().atMost(STEP);
        }
    }

    private static ReadModelTables tables(ReplayRun run) {
        return ReadModelTables.of(new Generation(run.generation()));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
