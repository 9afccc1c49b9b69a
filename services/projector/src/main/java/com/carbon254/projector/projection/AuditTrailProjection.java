package com.carbon254.projector.projection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;

import com.carbon254.projector.mapping.AuditEntries;
import com.carbon254.projector.messaging.ProjectionChannel;
import com.carbon254.projector.repository.AuditTrailStore;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The audit topics and {@code security-events} → {@code audit_entry}, append-only, in one hash chain.
 *
 * <p>In the batch transaction: the current month's partition is ensured, the chain head is locked (which serialises
 * appends), events whose eventId is already in the trail (a producer's retry) are skipped, and the rest is appended
 * in consumption order, each entry hashed by {@code audit_entry_hash} over the previous entry's hash.
 */
@ApplicationScoped
public class AuditTrailProjection implements TableProjection<SpecificRecord> {

    @Inject
    AuditTrailStore store;

    @Override
    public String name() {
        return ProjectionChannel.AUDIT_TRAIL.projection();
    }

    @Override
    public Uni<ProjectedBatch<SpecificRecord>> apply(SqlConnection tx, List<ConsumedRecord<SpecificRecord>> records) {
        ProjectedBatch<SpecificRecord> batch = new ProjectedBatch<>();
        Map<String, AuditEntry> entries = new LinkedHashMap<>();
        for (ConsumedRecord<SpecificRecord> record : records) {
            if (record.isPoison()) {
                batch.reject(record, record.poisonReason());
                continue;
            }
            AuditEntry entry;
            try {
                entry = AuditEntries.of(record.value(), record.source());
            } catch (RuntimeException e) {
                batch.reject(record, e.getMessage());
                continue;
            }
            if (entries.putIfAbsent(entry.eventId(), entry) != null) {
                batch.count(DatasetFold.Outcome.DUPLICATE);
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
                            batch.count(DatasetFold.Outcome.DUPLICATE);
                        } else {
                            fresh.add(e);
                        }
                    });
                    batch.count(DatasetFold.Outcome.APPLIED, fresh.size());
                    return store.append(tx, fresh);
                })
                .replaceWith(batch);
    }
}
