package com.carbon254.projector.pipeline;

import java.util.List;

import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * A projection of catalog events (the values the event runtime's deserializer reads: Avro records, whatever their
 * writer format) whose channel has the projection's name ({@code ProjectorChannels} hands it each poll batch), and
 * which writes into the tables of the generation it is given. Live batches hold the projection's {@link SwitchLock}
 * shared; {@link #replaying} gives the same projection writing a replay's tables.
 */
public abstract class EventProjection implements Projection<SpecificRecord> {

    @Inject
    BatchPipeline pipeline;

    private final String name;

    protected EventProjection(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    /** Projects a poll batch of the projection's channel through the pipeline, then acknowledges it. */
    public Uni<Void> consume(KafkaRecordBatch<String, SpecificRecord> batch) {
        return pipeline.consume(this, batch);
    }

    @Override
    public Uni<Void> lockFirst(SqlConnection tx) {
        return SwitchLock.shared(tx, name);
    }

    @Override
    public Uni<ProjectedBatch<SpecificRecord>> write(SqlConnection tx, List<ConsumedRecord<SpecificRecord>> fresh) {
        return write(tx, fresh, Generation.LIVE);
    }

    /** Writes the rows of a batch's fresh records into the tables of {@code generation} (see {@link #write}). */
    protected abstract Uni<ProjectedBatch<SpecificRecord>> write(SqlConnection tx,
            List<ConsumedRecord<SpecificRecord>> fresh, Generation generation);

    /**
     * The same projection outside its channel, for a replay: it writes the tables of {@code tables}, stores its
     * positions under {@code positions}, takes no switch lock (the replay runs its own switch) and does nothing after a
     * commit (no live metric counts a replayed record).
     */
    public Projection<SpecificRecord> replaying(String positions, Generation tables) {
        EventProjection live = this;
        return new Projection<>() {
            @Override
            public String name() {
                return positions;
            }

            @Override
            public String channel() {
                return live.channel();
            }

            @Override
            public Uni<ProjectedBatch<SpecificRecord>> write(SqlConnection tx,
                    List<ConsumedRecord<SpecificRecord>> fresh) {
                return live.write(tx, fresh, tables);
            }

            @Override
            public boolean deadLetters() {
                return false;
            }
        };
    }
}
