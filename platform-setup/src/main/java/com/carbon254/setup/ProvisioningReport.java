package com.carbon254.setup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What a provisioning run found and changed, one line per topic or schema that was not already as planned. */
public final class ProvisioningReport {

    /** One observation or change. */
    public record Entry(String subject, Action action, String detail) {
        @Override
        public String toString() {
            return action.label + " " + subject + (detail.isEmpty() ? "" : ": " + detail);
        }
    }

    /** The kind of an entry. */
    public enum Action {
        CREATED("created"), UPDATED("updated"), UNCHANGED("unchanged"), LEFT_AS_IS("left as is");

        private final String label;

        Action(String label) {
            this.label = label;
        }
    }

    private final List<Entry> entries = Collections.synchronizedList(new ArrayList<>());

    public void add(String subject, Action action, String detail) {
        entries.add(new Entry(subject, action, detail));
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Entries that created or changed something. */
    public List<Entry> changes() {
        return entries().stream().filter(e -> e.action() == Action.CREATED || e.action() == Action.UPDATED).toList();
    }

    /** Entries that differ from the plan but were deliberately not changed (e.g. a partition count above plan). */
    public List<Entry> warnings() {
        return entries().stream().filter(e -> e.action() == Action.LEFT_AS_IS).toList();
    }

    public long count(Action action) {
        return entries().stream().filter(e -> e.action() == action).count();
    }

    public void merge(ProvisioningReport other) {
        entries.addAll(other.entries());
    }

    /** A one-line summary such as {@code 15 created, 2 updated, 13 unchanged}. */
    public String summary() {
        return count(Action.CREATED) + " created, " + count(Action.UPDATED) + " updated, "
                + count(Action.UNCHANGED) + " unchanged" + (warnings().isEmpty() ? "" : ", " + warnings().size() + " left as is");
    }
}
