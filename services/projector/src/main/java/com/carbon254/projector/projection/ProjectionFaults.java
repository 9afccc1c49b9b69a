package com.carbon254.projector.projection;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * A fault switch for resilience tests and drills: when armed, the next N projection transactions fail after every
 * row of their batch was written and before the commit — the worst moment for a crash. Inert unless armed.
 */
@ApplicationScoped
public class ProjectionFaults {

    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger injected = new AtomicInteger();
    private volatile String target;

    /** Makes the next {@code count} batch transactions (of any projection) fail just before they commit. */
    public void failNextCommits(int count) {
        target = null;
        failuresLeft.set(count);
    }

    /** Makes the next {@code count} batch transactions of one projection fail just before they commit. */
    public void failNextCommits(String projection, int count) {
        target = projection;
        failuresLeft.set(count);
    }

    /** How many transactions were failed so far. */
    public int injected() {
        return injected.get();
    }

    /** Called by the projection after writing a batch, inside its transaction. */
    public void beforeCommit(String projection) {
        String only = target;
        if (only != null && !only.equals(projection)) {
            return;
        }
        if (failuresLeft.get() > 0 && failuresLeft.getAndDecrement() > 0) {
            injected.incrementAndGet();
            throw new InjectedFault("injected failure before the commit of a " + projection + " batch");
        }
    }

    /** The failure an armed switch throws. */
    public static final class InjectedFault extends RuntimeException {
        InjectedFault(String message) {
            super(message);
        }
    }
}
