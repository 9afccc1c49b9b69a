package com.carbon254.projector.rebuild;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A snapshot of a rebuild run, as {@code GET /admin/projections/datasets/rebuild/{id}} returns it.
 *
 * @param eventsTotal     records between the start offsets and the end offsets seen when the replay began
 *                        (records that arrive later are replayed too, so {@code eventsDone} may exceed it)
 * @param eventsPerSecond replay rate since the replay began
 * @param etaSeconds      estimated seconds until the replay reaches {@code eventsTotal}; null when unknown
 */
@Schema(name = "RebuildProgress", description = "Progress of a projection rebuild")
public record RebuildProgress(UUID id, String projection, int generation, String index, RebuildState state,
        Instant from, Long eventsTotal, long eventsDone, double eventsPerSecond, Long etaSeconds,
        Instant startedAt, Instant finishedAt, String error) {
}
