package com.carbon254.projector.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;

import com.carbon254.projector.pipeline.EventProjection;
import com.carbon254.projector.pipeline.ConsumedRecord;
import com.carbon254.projector.pipeline.Generation;
import com.carbon254.projector.pipeline.Outcome;
import com.carbon254.projector.pipeline.ProjectedBatch;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The audit topics and {@code security-events} → {@code audit_entry}, append-only, in one hash chain.
 *
 * <p>In the batch transaction: the current month's partition is ensured, the chain head is locked (which serialises
 * appends), events whose eventId is already in the trail (a producer's retry) are skipped, and the rest is appended
 * in consumption order, each entry hashed by {@code audit_entry_hash_v2} over the previous entry's hash.
 */
@ApplicationScoped
public class AuditTrailProjection extends EventProjection {

    /** The projection's name and channel. */
    public static final String NAME = "audit-trail";

    @Inject
    AuditTrailStore store;

    AuditTrailProjection() {
        super(NAME);
    }

    /** Appends to the live chain only: the trail has no generations (a replay appends what it lacks: AuditTrailReplay). */
    @Override
    protected Uni<ProjectedBatch<SpecificRecord>> write(SqlConnection tx, List<ConsumedRecord<SpecificRecord>> records,
            Generation generation) {
        if (!generation.live()) {
            throw new IllegalArgumentException("the audit trail has no generation " + generation.number());
        }
        ProjectedBatch<SpecificRecord> batch = new ProjectedBatch<>();
        Map<String, AuditEntry> entries = new LinkedHashMap<>();
        for (AuditEntry entry : batch.accept(records, record -> AuditEntries.of(record.value(), record.source()))) {
            if (entries.putIfAbsent(entry.eventId(), entry) != null) {
                batch.count(Outcome.DUPLICATE);
            }
        }
        if (entries.isEmpty()) {
            return Uni.createFrom().item(batch);
        }
        return store.ensureCurrentPartition(tx)
                .chain(() -> store.lockHead(tx))
                .chain(() -> store.seen(tx, entries.keySet()))
                .chain(seen -> {
                    List<AuditEntry> fresh = new ArrayList<>(entries.size());
                    entries.values().forEach(e -> {
                        if (seen.contains(e.eventId())) {
                            batch.count(Outcome.DUPLICATE);
                        } else {
                            fresh.add(e);
                        }
                    });
                    batch.count(Outcome.APPLIED, fresh.size());
                    return store.append(tx, fresh);
                })
                .replaceWith(batch);
    }
}
