package com.carbon254.reliability;

import java.util.List;
import java.util.Locale;

/**
 * One injected fault as the table shows it: what, when (seconds into the run), how long until every service was ready
 * again, what the clients saw meanwhile, and what the component said about its own recovery.
 */
record FaultRecord(int number, String fault, double atSeconds, double healthyAfterSeconds, String clients,
                   String detail) {

    static void print(List<FaultRecord> faults) {
        System.out.println();
        System.out.println("| # | fault | at | healthy again after | clients meanwhile | recovery |");
        System.out.println("|---|---|---:|---:|---|---|");
        for (FaultRecord f : faults) {
            System.out.printf(Locale.ROOT, "| %d | %s | %.0f s | %s | %s | %s |%n", f.number, f.fault, f.atSeconds,
                    f.healthyAfterSeconds < 0 ? "not healthy" : String.format(Locale.ROOT, "%.1f s",
                            f.healthyAfterSeconds), f.clients.isEmpty() ? "-" : f.clients, f.detail);
        }
        System.out.println();
    }
}
