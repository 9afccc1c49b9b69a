package com.carbon254.projector.audit;

import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;

import com.carbon254.api.runtime.audit.AdminOperations;
import com.carbon254.events.common.Outcome;
import com.carbon254.projector.ProjectorConfig;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Retention of the audit trail, as an explicit, audited operation: a cut drops the monthly partitions that end at or
 * before an instant (by default {@code carbon254.projector.audit.retention} ago; never later than
 * {@code minimum-retention} ago) and leaves an anchor — the seq and hash of the last removed entry — that the oldest
 * retained entry links to, so that the chain still verifies and the cut is told apart from tampering. The cut itself
 * is the database function {@code audit_retention_cut} (it needs the schema owner's rights, which the projector's role
 * does not have). Each cut, and each refused one, is published as an AdminOperation event ({@value #OPERATION}).
 */
@ApplicationScoped
public class AuditRetention {

    /** The operation of a cut's AdminOperation event; its target is the trail. */
    public static final String OPERATION = "audit.retention-cut";

    /** The target of the AdminOperation events. */
    static final String TARGET = "audit_entry";

    private static final Logger LOG = Logger.getLogger(AuditRetention.class);

    @Inject
    Pool pool;

    @Inject
    AuditTrailStore store;

    @Inject
    ProjectorConfig config;

    @Inject
    AdminOperations adminOperations;

    /** What a cut did. */
    @Schema(name = "RetentionCut", description = "What a retention cut of the audit trail removed")
    public record CutResult(
            @Schema(description = "Every monthly partition ending at or before this instant was dropped") Instant before,
            @Schema(description = "Entries removed") long removedEntries,
            @Schema(description = "Seq of the last removed entry: the oldest retained one links to it; null if none "
                    + "was removed") Long anchorSeq,
            @Schema(description = "Hash of the last removed entry (hex), kept as the chain's anchor") String anchorHash,
            @Schema(description = "The partitions dropped") List<String> droppedPartitions) {
    }

    /** A cut that would remove entries younger than the minimum retention. */
    public static final class TooRecentException extends RuntimeException {
        public TooRecentException(String message) {
            super(message, null, false, false);
        }
    }

    /** The instant a cut uses when it is not given one. */
    public Instant defaultBefore() {
        return Instant.now().minus(config.audit().retention());
    }

    /**
     * Cuts the trail before {@code before} and publishes the AdminOperation event of the outcome.
     *
     * @return fails with {@link TooRecentException} when {@code before} is later than now minus the minimum retention
     */
    public Uni<CutResult> cut(Instant before, String actor, String correlationId) {
        Instant latest = Instant.now().minus(config.audit().minimumRetention());
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("before", before.toString());
        if (before.isAfter(latest)) {
            String reason = "a cut may only remove entries older than " + config.audit().minimumRetention()
                    + " (carbon254.projector.audit.minimum-retention): before must be " + latest + " or earlier";
            return adminOperations.record(actor, OPERATION, TARGET, parameters, Outcome.FAILURE, reason, correlationId)
                    .chain(() -> Uni.createFrom().failure(new TooRecentException(reason)));
        }
        return pool.withTransaction(tx -> store.cut(tx, before, actor))
                .map(cut -> new CutResult(before, cut.removedEntries(), cut.anchorSeq(),
                        cut.anchorHash() == null ? null : HexFormat.of().formatHex(cut.anchorHash()),
                        cut.droppedPartitions()))
                .invoke(cut -> LOG.infof("audit retention cut before %s by %s: %d entries in %s removed, anchor seq %s",
                        before, actor, cut.removedEntries(), cut.droppedPartitions(), cut.anchorSeq()))
                .call(cut -> adminOperations.record(actor, OPERATION, TARGET, withResult(parameters, cut),
                        Outcome.SUCCESS, null, correlationId));
    }

    private static Map<String, String> withResult(Map<String, String> parameters, CutResult cut) {
        Map<String, String> all = new LinkedHashMap<>(parameters);
        all.put("removedEntries", Long.toString(cut.removedEntries()));
        all.put("partitions", String.join(",", cut.droppedPartitions()));
        if (cut.anchorSeq() != null) {
            all.put("anchorSeq", cut.anchorSeq().toString());
            all.put("anchorHash", cut.anchorHash());
        }
        return all;
    }
}
