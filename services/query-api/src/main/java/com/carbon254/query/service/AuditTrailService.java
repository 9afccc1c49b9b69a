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
import com.carbon254.query.mapping.AuditVerification.RetentionCut;
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
     * its seq follows the previous one (no gap), that its prev_hash is the previous entry's hash, and that its
     * stored hash is what {@code audit_entry_computed_hash} computes from its stored contents (by the hash version it
     * was chained with). The oldest retained entry links to the genesis hash (entry 1) or to the anchor of the last
     * retention cut (the hash of the last entry the cut removed): a start of the chain removed without a cut, or
     * removed further than the cut says, is reported as missing entries. When the walk reaches the end of the chain,
     * the chain head must name the last entry and its hash (catches removed newest entries).
     *
     * <p>The head is read first and nothing past it is walked: entries appended meanwhile (each append advances the
     * head in its own transaction) neither disturb nor extend the verification.
     */
    public Uni<AuditVerification> verify(Long fromSeq, Long toSeq) {
        if (fromSeq != null && toSeq != null && fromSeq > toSeq) {
            throw ProblemException.invalid(List.of(new FieldViolation("fromSeq",
                    "must not be greater than toSeq (" + toSeq + "), got " + fromSeq)));
        }
        return trail.head().chain(head -> trail.firstSeq().chain(first -> trail.latestAnchor().chain(anchor -> {
            RetentionCut cut = anchor == null ? null : new RetentionCut(anchor.seq(), anchor.removedEntries(),
                    anchor.cutBefore(), anchor.cutAt(), anchor.cutBy());
            long retainedFrom = anchor == null ? 1 : anchor.seq() + 1;
            if (first == null) {
                if (head.seq() == 0 || (anchor != null && anchor.seq() == head.seq())) {
                    return Uni.createFrom().item(new AuditVerification(true, 0, null, null, null, null, cut));
                }
                return Uni.createFrom().item(new AuditVerification(false, 0, null, null, retainedFrom,
                        "the chain head names entry " + head.seq() + " but the trail holds no entry", cut));
            }
            long start = fromSeq == null ? first : Math.max(fromSeq, first);
            long end = toSeq == null ? head.seq() : Math.min(toSeq, head.seq());
            if (start > end) {
                return Uni.createFrom().item(new AuditVerification(true, 0, null, null, null, null, null));
            }
            if (start == first && first > retainedFrom) {
                return Uni.createFrom().item(new AuditVerification(false, 0, null, null, retainedFrom,
                        range(retainedFrom, first - 1) + (anchor == null ? ", and no retention cut removed them"
                                : ", beyond the last retention cut (which removed entries up to " + anchor.seq() + ")"),
                        cut));
            }
            boolean toHead = end == head.seq();
            boolean fromCut = start == first && anchor != null && first == anchor.seq() + 1;
            Uni<byte[]> link = start == 1 ? trail.genesisHash()
                    : fromCut ? Uni.createFrom().item(anchor.hash()) : trail.hashOf(start - 1);
            return link.chain(expected -> walk(new ChainWalk(start, end, expected)))
                    .map(walk -> walk.verification(toHead ? head : null, fromCut ? cut : null));
        })));
    }

    private static String range(long from, long to) {
        return from == to ? "entry " + from + " is missing" : "entries " + from + " to " + to + " are missing";
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
                if (expectedPrevHash == null || !Arrays.equals(link.prevHash(), expectedPrevHash)) {
                    return invalid(link.seq(), "entry " + link.seq() + " does not link to "
                            + (link.seq() == 1 ? "the genesis hash" : expectedPrevHash == null
                                    ? "entry " + (link.seq() - 1) + ", which is missing" : "entry " + (link.seq() - 1))
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

        /**
         * The result; {@code head} when the walk reached the chain head and must agree with it, {@code cut} when it
         * started after a retention cut.
         */
        AuditVerification verification(Head head, RetentionCut cut) {
            if (problem == null && head != null && !Arrays.equals(head.hash(), lastHash)) {
                invalid(head.seq(), "the chain head's hash differs from the hash of entry " + head.seq());
            }
            return new AuditVerification(problem == null, checked, firstSeq, lastSeq, firstInvalidSeq, problem, cut);
        }
    }
}
