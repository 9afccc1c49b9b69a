package com.carbon254.projector.rebuild;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Where a replay starts reading: the beginning of its topics (neither field), an instant (the offsets of the first
 * records at or after it, per partition), or offsets per partition (partitions not listed start at the live
 * projection's position: nothing of theirs is read again).
 */
public record StartPoint(Instant from, List<Offset> offsets) {

    /** One partition's start. */
    @Schema(name = "StartOffset", description = "Where a replay starts in one partition")
    public record Offset(@Schema(examples = "system-health") String topic, @Schema(examples = "0") int partition,
            @Schema(examples = "42") long offset) {
    }

    public StartPoint {
        offsets = offsets == null ? null : List.copyOf(offsets);
    }

    /** How an AdminOperation event and the logs tell it. */
    public String describe() {
        if (offsets != null) {
            return String.join(",", offsets.stream().map(o -> o.topic() + "/" + o.partition() + "@" + o.offset())
                    .toList());
        }
        return from == null ? "beginning" : from.toString();
    }
}
