package com.carbon254.projector.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;

import com.carbon254.projector.pipeline.ConsumedRecord;
import com.carbon254.projector.pipeline.Generation;
import com.carbon254.projector.pipeline.Outcome;
import com.carbon254.projector.pipeline.ProjectedBatch;
import com.carbon254.projector.pipeline.Projection;
import com.carbon254.projector.pipeline.ProjectionRegistry;
import com.carbon254.projector.rebuild.ReplayRun;
import com.carbon254.projector.rebuild.ReplayableReadModel;
import com.carbon254.projector.rebuild.ReplayedProjection;
import com.carbon254.readmodel.ReplayedReadModel;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * What a replay of the audit trail means. The trail is evidence: its entries are never rewritten (the database refuses
 * it, the projector's role included), and its topics keep less than it does (audit-api-calls 30 days, the trail a
 * year). So a replay does not build a new chain from the topics — that would lose every entry older than a topic's
 * retention and give the others new seqs and hashes — it appends what the trail lacks:
 * <ul>
 * <li>it first walks the chain from where the retained part starts (the last retention cut's anchor, or the genesis)
 *     to the head, checking each entry's hash against its contents and its link to the one before; a trail that does
 *     not verify is not appended to (the replay fails, naming the entry; {@code GET /audit/verify} shows it too);</li>
 * <li>it then re-reads the audit topics from the start (the beginning, an instant, offsets) up to the live
 *     projection's positions, through the live projection's own code: an event the trail holds (its eventId) is a
 *     duplicate, one it lacks is appended at the head of the chain. Events older than the months a retention cut
 *     removed are not appended again;</li>
 * <li>after each batch it verifies the links appended since (its own and the live projection's).</li>
 * </ul>
 */
@ApplicationScoped
public class AuditTrailReplay implements ReplayableReadModel {

    private static final Duration STEP = Duration.ofMinutes(2);
    private static final int PAGE = 5000;

    @Inject
    AuditTrailProjection live;

    @Inject
    AuditTrailStore store;

    @Inject
    ProjectionRegistry registry;

    @Inject
    Pool pool;

    /** Records older than this were removed by a retention cut (null: none was). One replay runs at a time. */
    private volatile Instant retainedSince;
    /** The last entry verified. */
    private volatile AuditTrailStore.Link verified;

    @Override
    public ReplayedReadModel model() {
        return ReplayedReadModel.AUDIT_TRAIL;
    }

    @Override
    public List<ReplayedProjection<?>> projections(Generation generation) {
        Projection<SpecificRecord> appending = live.replaying(generation.positions(AuditTrailProjection.NAME),
                Generation.LIVE);
        return List.of(new ReplayedProjection<>(AuditTrailProjection.NAME, registry.topics(live),
                new SkippingCutRecords(appending), record -> record.map(SpecificRecord.class::cast)));
    }

    @Override
    public void prepare(ReplayRun run) {
        retainedSince = store.retainedSince(pool).await().atMost(STEP);
        verified = verify(store.chainStart(pool).await().atMost(STEP));
    }

    /** Nothing: the replay appends to the live chain, which it keeps as it is. */
    @Override
    public void seed(ReplayRun run, Map<TopicPartition, Long> start) {
    }

    @Override
    public void replayed(ReplayRun run) {
        verified = verify(verified);
    }

    /** Checks every link after {@code from}, page by page; returns the last one, or fails at the first broken one. */
    private AuditTrailStore.Link verify(AuditTrailStore.Link from) {
        AuditTrailStore.Link previous = from;
        while (true) {
            List<AuditTrailStore.Link> page = store.linksAfter(pool, previous.seq(), PAGE).await().atMost(STEP);
            for (AuditTrailStore.Link link : page) {
                String broken = link.seq() != previous.seq() + 1 ? "entries " + (previous.seq() + 1) + " to "
                        + (link.seq() - 1) + " are missing"
                        : !Arrays.equals(link.prevHash(), previous.hash()) ? "it does not link to entry " + previous.seq()
                        : !link.intact() ? "its contents do not give its hash" : null;
                if (broken != null) {
                    throw new IllegalStateException("the audit trail does not verify at entry " + link.seq() + ": "
                            + broken + "; a replay only appends, it does not mend the trail (see GET /audit/verify)");
                }
                previous = link;
            }
            if (page.size() < PAGE) {
                return previous;
            }
        }
    }

    /** The live projection appending, except the records older than the months a retention cut removed. */
    private final class SkippingCutRecords implements Projection<SpecificRecord> {

        private final Projection<SpecificRecord> appending;

        SkippingCutRecords(Projection<SpecificRecord> appending) {
            this.appending = appending;
        }

        @Override
        public String name() {
            return appending.name();
        }

        @Override
        public String channel() {
            return appending.channel();
        }

        @Override
        public boolean deadLetters() {
            return false;
        }

        @Override
        public Uni<ProjectedBatch<SpecificRecord>> write(SqlConnection tx,
                List<ConsumedRecord<SpecificRecord>> fresh) {
            Instant since = retainedSince;
            List<ConsumedRecord<SpecificRecord>> kept = new ArrayList<>(fresh.size());
            for (ConsumedRecord<SpecificRecord> record : fresh) {
                if (since == null || !record.source().recordTime().isBefore(since)) {
                    kept.add(record);
                }
            }
            int cut = fresh.size() - kept.size();
            return appending.write(tx, kept).map(batch -> batch.count(Outcome.STALE, cut));
        }
    }
}
