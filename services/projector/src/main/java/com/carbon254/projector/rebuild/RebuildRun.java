package com.carbon254.projector.rebuild;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** The mutable progress of the running rebuild (read by the admin API while the rebuild thread updates it). */
final class RebuildRun {

    final UUID id = UUID.randomUUID();
    final String projection;
    final int generation;
    final String index;
    final Instant from;
    final Instant startedAt = Instant.now();

    volatile RebuildState state = RebuildState.PREPARING;
    volatile Long eventsTotal;
    volatile long eventsDone;
    volatile Instant replayStartedAt;
    volatile Instant finishedAt;
    volatile String error;

    RebuildRun(String projection, int generation, String index, Instant from) {
        this.projection = projection;
        this.generation = generation;
        this.index = index;
        this.from = from;
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
        return new RebuildProgress(id, projection, generation, index, state, from, eventsTotal, eventsDone,
                Math.round(rate * 10) / 10.0, eta, startedAt, finishedAt, error);
    }
}
