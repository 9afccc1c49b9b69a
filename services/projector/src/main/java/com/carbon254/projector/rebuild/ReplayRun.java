package com.carbon254.projector.rebuild;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** The mutable progress of a running replay (read by the admin API while the replay thread updates it). */
public final class ReplayRun {

    final UUID id = UUID.randomUUID();
    final ReplayableReadModel readModel;
    final int generation;
    final String index;
    final StartPoint start;
    final Instant startedAt = Instant.now();

    volatile RebuildState state = RebuildState.PREPARING;
    volatile Long eventsTotal;
    volatile long eventsDone;
    volatile Instant replayStartedAt;
    volatile Instant finishedAt;
    volatile String error;
    /** The generation the switch retired (1 for the tables created by the migrations). */
    volatile int retiredGeneration;

    ReplayRun(ReplayableReadModel readModel, int generation, StartPoint start) {
        this.readModel = readModel;
        this.generation = generation;
        this.index = readModel.index(generation);
        this.start = start;
    }

    /** The generation it builds (or, for a read model replayed in place, the number of the run). */
    public int generation() {
        return generation;
    }

    /** The generation its switch retired. */
    public int retiredGeneration() {
        return retiredGeneration;
    }

    /** Its search index (datasets), or null. */
    public String index() {
        return index;
    }

    RebuildProgress snapshot() {
        double rate = 0;
        Long eta = null;
        Instant began = replayStartedAt;
        if (began != null) {
            Instant end = finishedAt != null ? finishedAt : Instant.now();
            double seconds = Math.max(Duration.between(began, end).toMillis(), 1) / 1000.0;
            rate = eventsDone / seconds;
            Long total = eventsTotal;
            if (total != null && !state.finished()) {
                long remaining = Math.max(total - eventsDone, 0);
                if (remaining == 0) {
                    eta = 0L;
                } else if (rate > 0) {
                    eta = (long) Math.ceil(remaining / rate);
                }
            }
        }
        return new RebuildProgress(id, readModel.name(), generation, index, state, start.from(), start.offsets(),
                eventsTotal, eventsDone, Math.round(rate * 10) / 10.0, eta, startedAt, finishedAt, error);
    }
}
