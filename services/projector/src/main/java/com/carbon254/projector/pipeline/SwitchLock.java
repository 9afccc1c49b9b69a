package com.carbon254.projector.pipeline;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The advisory lock that fences a projection's live tables and positions from a replay's switch: every live batch
 * transaction holds its projection's lock shared ({@link Projection#lockFirst}), the switch holds the locks of the
 * read model's projections exclusively while it renames tables and hands over positions. So a batch either commits
 * before the switch (and the replay must have reached it) or starts after it, and then locks the positions the switch
 * handed over: no batch straddles a switch, none sees the live positions vanish under its lock.
 */
public final class SwitchLock {

    /** The first key of the two-key advisory locks (the second is the projection's). */
    private static final int CLASS = 254_001;

    private SwitchLock() {
    }

    /** Holds a projection's lock shared for the rest of the transaction. */
    public static Uni<Void> shared(SqlClient tx, String projection) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock_shared($1, $2)")
                .execute(Tuple.of(CLASS, projection.hashCode())).replaceWithVoid();
    }

    /** Holds a projection's lock exclusively for the rest of the transaction (waits for its running batch). */
    public static Uni<Void> exclusive(SqlClient tx, String projection) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock($1, $2)")
                .execute(Tuple.of(CLASS, projection.hashCode())).replaceWithVoid();
    }
}
