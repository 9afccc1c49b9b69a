package com.carbon254.projector.rebuild;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

import com.carbon254.projector.pipeline.Generation;
import com.carbon254.readmodel.ReplayedReadModel;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * What {@link ReplayService} needs to know of one read model: its tables (the read-model contract, {@link #model()}),
 * its projections — which apply each replayed batch with their own store code, into the generation's tables — and the
 * steps that are its own. The blocking steps run on the replay's thread.
 */
public interface ReplayableReadModel {

    /** Its name and tables, and whether it is replayed into a new generation or in place. */
    ReplayedReadModel model();

    default String name() {
        return model().modelName();
    }

    /** Its projections, writing {@code generation}'s tables with positions under {@code generation}'s names. */
    List<ReplayedProjection<?>> projections(Generation generation);

    /** The search index a generation fills, or null (only datasets have one). */
    default String index(int generation) {
        return null;
    }

    /** Prepares what is its own, once the generation's tables exist. */
    default void prepare(ReplayRun run) {
    }

    /**
     * Fills the new generation with what the replay will not read again: what the records below {@code start} (per
     * partition, never past the live projection's position) made of the read model.
     */
    void seed(ReplayRun run, Map<TopicPartition, Long> start);

    /** After each replayed poll (committed). */
    default void replayed(ReplayRun run) {
    }

    /** Once caught up with the live projection, before each attempt to switch. */
    default void beforeSwitch(ReplayRun run) {
    }

    /** In the switch transaction, after the tables and positions were swapped; a failure rolls the switch back. */
    default Uni<Void> switching(SqlConnection tx, ReplayRun run) {
        return Uni.createFrom().voidItem();
    }

    /** After the switch committed. */
    default void switched(ReplayRun run) {
    }
}
