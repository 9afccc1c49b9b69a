package com.carbon254.query.service;

import com.carbon254.api.runtime.rest.ProblemException;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.events.runtime.json.FieldViolation;
import com.carbon254.query.config.QueryConfig;
import com.carbon254.query.mapping.AuditEntry;
import com.carbon254.query.mapping.AuditPage;
import com.carbon254.query.mapping.AuditVerification;
import com.carbon254.query.repository.AuditTrailRepository;
import com.carbon254.query.repository.AuditTrailRepository.ChainLink;
import com.carbon254.query.repository.AuditTrailRepository.Head;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Search of the audit trail and verification of its hash chain. */
@ApplicationScoped
public class AuditTrailService {

    @Inject
    AuditTrailRepository trail;

    @Inject
    QueryConfig config;

    /**
     * One page of matching entries, newest (highest seq) first, below seq {@code after} when given. {@code next} is
     * the seq of the page's last entry when more may follow.
     */
    public Uni<AuditPage> search(AuditTrailRepository.Filter filter, Long after, int limit) {
        // One more than asked tells whether another page exists without counting.
        return trail.search(filter, after, limit + 1).map(found -> {
            List<AuditEntry> page = found.size() > limit ? found.subList(0, limit) : found;
            String next = found.size() > limit ? Long.toString(page.get(page.size() - 1).seq()) : null;
            return new AuditPage(List.copyOf(page), next);
        });
    }

    /**
     * Walks the chain from {@code fromSeq} (default: the oldest retained entry) to {@code toSeq} (default: the chain
     * head), {@code carbon254.query.audit.verify-chunk-size} entries per statement, and checks for each entry that
     * its seq follows the previous one (no gap), that its prev_hash is the previous entry's hash (the genesis hash
     * for entry 1; the oldest retained entry anchors the chain once older partitions are dropped), and that its
     * stored hash is what {@code audit_entry_hash} computes from its stored contents. When the walk reaches the end
     * of the chain, the chain head must name the last entry and its hash (catches removed newest entries).
     *
     * <p>The head is read first and nothing past it is walked: entries appended meanwhile (each append advances the
     * head in its own transaction) neither disturb nor extend the verification.
     */
    public Uni<AuditVerification> verify(Long fromSeq, Long toSeq) {
        if (fromSeq != null && toSeq != null && fromSeq > toSeq) {
            throw ProblemException.invalid(List.of(new FieldViolation("fromSeq",
                    "must not be greater than toSeq (" + toSeq + "), got " + fromSeq)));
        }
        return trail.head().chain(head -> trail.firstSeq().chain(first -> {
            if (first == null) {
                return Uni.createFrom().item(head.seq() == 0 ? new AuditVerification(true, 0, null, null, null, null)
                        : new AuditVerification(false, 0, null, null, 1L, "the chain head names entry " + head.seq()
                                + " but the trail holds no entry"));
            }
            long start = fromSeq == null ? first : Math.max(fromSeq, first);
            long end = toSeq == null ? head.seq() : Math.min(toSeq, head.seq());
            if (start > end) {
                return Uni.createFrom().item(new AuditVerification(true, 0, null, null, null, null));
            }
            boolean toHead = end == head.seq();
            return anchor(start, first).chain(anchor -> walk(new ChainWalk(start, end, anchor)))
                    .map(walk -> walk.verification(toHead ? head : null));
        }));
    }

    /** The hash entry {@code start} must link to; null when it anchors the chain itself (oldest retained entry). */
    private Uni<byte[]> anchor(long start, long first) {
        if (start == 1) {
            return trail.genesisHash();
        }
        if (start == first) {
            return Uni.createFrom().nullItem();
        }
        return trail.hashOf(start - 1);
    }

    private Uni<ChainWalk> walk(ChainWalk walk) {
        int chunkSize = config.audit().verifyChunkSize();
        // Repeated statements (not recursion): the length of the trail does not grow the stack.
        return Multi.createBy().repeating()
                .uni(() -> trail.chunk(walk.expectedSeq, walk.end, chunkSize).map(links -> walk.check(links, chunkSize)))
                .whilst(w -> !w.done)
                .collect().last()
                .replaceWith(walk);
    }

    /** The state of one verification walk, advanced chunk by chunk. */
    static final class ChainWalk {

        final long end;
        long expectedSeq;
        byte[] expectedPrevHash;
        byte[] lastHash;
        long checked;
        Long firstSeq;
        Long lastSeq;
        Long firstInvalidSeq;
        String problem;
        boolean done;

        ChainWalk(long start, long end, byte[] anchor) {
            this.expectedSeq = start;
            this.end = end;
            this.expectedPrevHash = anchor;
        }

        ChainWalk check(List<ChainLink> links, int chunkSize) {
            for (ChainLink link : links) {
                if (link.seq() != expectedSeq) {
                    return invalid(expectedSeq, link.seq() == expectedSeq + 1
                            ? "entry " + expectedSeq + " is missing"
                            : "entries " + expectedSeq + " to " + (link.seq() - 1) + " are missing");
                }
                if (expectedPrevHash != null && !Arrays.equals(link.prevHash(), expectedPrevHash)) {
                    return invalid(link.seq(), "entry " + link.seq() + " does not link to "
                            + (link.seq() == 1 ? "the genesis hash" : "entry " + (link.seq() - 1))
                            + ": its prev_hash differs from that hash");
                }
                checked++;
                if (firstSeq == null) {
                    firstSeq = link.seq();
                }
                lastSeq = link.seq();
                if (!Arrays.equals(link.hash(), link.computedHash())) {
                    return invalid(link.seq(), "entry " + link.seq()
                            + " was altered: its stored hash differs from the hash of its contents");
                }
                expectedPrevHash = link.hash();
                lastHash = link.hash();
                expectedSeq++;
            }
            if (links.size() < chunkSize || expectedSeq > end) {
                if (expectedSeq <= end) {
                    return invalid(expectedSeq, expectedSeq == end ? "entry " + end + " is missing"
                            : "entries " + expectedSeq + " to " + end + " are missing");
                }
                done = true;
            }
            return this;
        }

        private ChainWalk invalid(long seq, String what) {
            firstInvalidSeq = seq;
            problem = what;
            done = true;
            return this;
        }

        /** The result; {@code head} when the walk reached the chain head and must agree with it. */
        AuditVerification verification(Head head) {
            if (problem == null && head != null && !Arrays.equals(head.hash(), lastHash)) {
                invalid(head.seq(), "the chain head's hash differs from the hash of entry " + head.seq());
            }
            return new AuditVerification(problem == null, checked, firstSeq, lastSeq, firstInvalidSeq, problem);
        }
    }
}
