package com.carbon254.projector.rebuild;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.projector.audit.AuditTrailReplay;
import com.carbon254.projector.datasets.DatasetsReplay;
import com.carbon254.projector.ingestionstats.IngestionStatsProjection;
import com.carbon254.projector.lineage.LineageProjection;
import com.carbon254.projector.pipeline.EventProjection;
import com.carbon254.projector.pipeline.ProjectionRegistry;
import com.carbon254.projector.quality.QualityProjection;
import com.carbon254.projector.servicehealth.ServiceHealthProjection;
import com.carbon254.projector.servicehealth.ServiceHealthStore;
import com.carbon254.projector.transformations.TransformationsProjection;
import com.carbon254.readmodel.ReplayedReadModel;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Every read model the projector replays ({@link ReplayedReadModel}, the contract's list) with its projections. The
 * dead letters are not among them: their rows also record the re-drives the admin API made, which no record says.
 */
@ApplicationScoped
public class ReplayableReadModels {

    @Inject
    DatasetsReplay datasets;

    @Inject
    AuditTrailReplay auditTrail;

    @Inject
    IngestionStatsProjection ingestionStats;

    @Inject
    QualityProjection quality;

    @Inject
    LineageProjection lineage;

    @Inject
    TransformationsProjection transformations;

    @Inject
    ServiceHealthProjection serviceHealth;

    @Inject
    ServiceHealthStore serviceHealthStore;

    @Inject
    ProjectionRegistry registry;

    @Inject
    ReplayStore store;

    @Inject
    Pool pool;

    private volatile Map<String, ReplayableReadModel> all;

    /** The read model of this name (as the admin API names it). */
    public Optional<ReplayableReadModel> named(String name) {
        return Optional.ofNullable(all().get(name));
    }

    private Map<String, ReplayableReadModel> all() {
        Map<String, ReplayableReadModel> models = all;
        if (models == null) {
            models = new LinkedHashMap<>();
            for (ReplayableReadModel model : List.of(datasets,
                    table(ReplayedReadModel.INGESTION_STATS, List.of(ingestionStats)),
                    table(ReplayedReadModel.QUALITY, List.of(quality)),
                    // Declared edges and the edges runs observed share lineage_edge: one read model, one switch.
                    table(ReplayedReadModel.LINEAGE, List.of(lineage, transformations)),
                    new TableReplay(ReplayedReadModel.SERVICE_HEALTH, List.of(serviceHealth), registry, store, pool,
                            serviceHealthStore::seedStatusesFromTimeline),
                    auditTrail)) {
                models.put(model.name(), model);
            }
            all = models;
        }
        return models;
    }

    private TableReplay table(ReplayedReadModel model,
            List<? extends EventProjection> projections) {
        return new TableReplay(model, List.copyOf(projections), registry, store, pool,
                (tx, generation) -> Uni.createFrom().voidItem());
    }
}
