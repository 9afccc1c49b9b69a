package com.carbon254.projector.rebuild;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A snapshot of a replay run, as {@code GET /admin/projections/{readModel}/rebuild/{id}} returns it.
 *
 * @param index           the search index the generation fills (datasets only), else null
 * @param from            the instant it replays from, if it was given one
 * @param offsets         the offsets it replays from, if it was given them
 * @param eventsTotal     records between the start offsets and the offsets it replays up to, as seen when the replay
 *                        began (records that arrive later are replayed too, so {@code eventsDone} may exceed it)
 * @param eventsPerSecond replay rate since the replay began
 * @param etaSeconds      estimated seconds until the replay reaches {@code eventsTotal}; null when unknown
 */
@Schema(name = "RebuildProgress", description = "Progress of the replay (rebuild) of a read model")
public record RebuildProgress(UUID id, String readModel, int generation, String index, RebuildState state,
        Instant from, List<StartPoint.Offset> offsets, Long eventsTotal, long eventsDone, double eventsPerSecond,
        Long etaSeconds, Instant startedAt, Instant finishedAt, String error) {
}
