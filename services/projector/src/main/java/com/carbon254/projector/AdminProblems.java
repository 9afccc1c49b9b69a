package com.carbon254.projector;

import com.carbon254.api.runtime.rest.ProblemType;

/** The problems of the projector's admin API beyond those every API shares (api-runtime's one mechanism writes them). */
public final class AdminProblems {

    public static final ProblemType REBUILD_RUNNING = new ProblemType("rebuild-running", "Rebuild already running", 409);
    public static final ProblemType READ_MODEL_NOT_FOUND = new ProblemType("read-model-not-found", "No such read model", 404);
    public static final ProblemType REBUILD_NOT_FOUND = new ProblemType("rebuild-not-found", "Rebuild not found", 404);
    public static final ProblemType DEAD_LETTER_NOT_FOUND = new ProblemType("dead-letter-not-found", "Dead letter not found", 404);
    public static final ProblemType ALREADY_REDRIVEN = new ProblemType("already-redriven", "Already re-driven", 409);
    public static final ProblemType NOT_COPIED = new ProblemType("dead-letter-not-copied", "Dead letter holds no copy", 409);

    private AdminProblems() {
    }
}
