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

    /** Makes the next {@code count} batch transactions fail just before they commit. */
    public void failNextCommits(int count) {
        failuresLeft.set(count);
    }

    /** How many transactions were failed so far. */
    public int injected() {
        return injected.get();
    }

    /** Called by the projection after writing a batch, inside its transaction. */
    void beforeCommit(String projection) {
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
