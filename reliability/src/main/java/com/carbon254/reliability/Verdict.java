package com.carbon254.reliability;

/**
 * The run's outcome in numbers: faults injected, what the platform acknowledged (gateway events and accepted
 * commands), how much of it is where it should be, how much is not (lost), effects applied twice, poison records
 * stored and found dead-lettered with a reason.
 */
record Verdict(int faults, long acknowledged, long visible, long lost, long duplicateEffects, int poison,
               int deadLettered, boolean checksPassed) {

    boolean passed() {
        return checksPassed && lost == 0 && duplicateEffects == 0 && visible == acknowledged && deadLettered == poison;
    }

    String lastLine() {
        return "reliability: faults=" + faults + " acknowledged=" + acknowledged + " visible=" + visible + " lost=" + lost
                + " duplicate-effects=" + duplicateEffects + " poison=" + poison + " dead-lettered=" + deadLettered;
    }
}
