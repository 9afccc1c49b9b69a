package com.carbon254.devstack.kafka;

import kafka.tools.StorageTool;

import java.util.ArrayList;
import java.util.List;

/**
 * Formats the log directories of several Kafka nodes in one JVM: Kafka's storage tool formats one node per run, and
 * each JVM start costs seconds of CPU.
 *
 * <p>Arguments: {@code <format options> -- <server.properties of node 1> <server.properties of node 2> ...}; each node
 * is formatted as {@code kafka-storage format <format options> -c <its server.properties>} would.
 */
public final class FormatStorage {

    private FormatStorage() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        int separator = arguments.indexOf("--");
        if (separator < 0) {
            throw new IllegalArgumentException("usage: FormatStorage <format options> -- <server.properties>...");
        }
        for (String config : arguments.subList(separator + 1, arguments.size())) {
            List<String> format = new ArrayList<>(List.of("format"));
            format.addAll(arguments.subList(0, separator));
            format.addAll(List.of("-c", config));
            int exit = StorageTool.execute(format.toArray(String[]::new), System.out);
            if (exit != 0) {
                System.exit(exit);
            }
        }
    }
}
