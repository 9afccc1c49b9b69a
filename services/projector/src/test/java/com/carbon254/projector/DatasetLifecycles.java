package com.carbon254.projector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.apache.avro.specific.SpecificRecord;

import com.carbon254.events.data.DatasetCreatedEvent;
import com.carbon254.events.data.DatasetDeletedEvent;
import com.carbon254.events.data.DatasetUpdatedEvent;

/**
 * A stream of dataset lifecycles as the command side would publish them — each dataset created, updated with
 * increasing versions, maybe deleted (then replaced by a new dataset), events of many datasets interleaved — and
 * the read model it must lead to, folded here independently of the projector's code: the last event of a dataset
 * wins; a deleted dataset is a tombstone keeping the attributes it had before its deletion.
 *
 * <p>Not thread-safe: one thread publishes; the expectations are read once it is done.
 */
final class DatasetLifecycles {

    /** What {@code read_model.dataset} must hold for one dataset (the columns the tests compare). */
    record ExpectedDataset(String id, long version, boolean deleted, String owner, String description, String status,
            String lastEventId) {
    }

    /** One row of {@code read_model.dataset_event}: every published event, exactly once. */
    record HistoryEntry(String datasetId, long version, String eventId) {
    }

    private static final double DELETE_PROBABILITY = 0.05;

    private final Random random;
    private final String prefix;
    private final List<String> alive = new ArrayList<>();
    private final Map<String, ExpectedDataset> expected = new HashMap<>();
    private final Set<HistoryEntry> history = new HashSet<>();
    private int nextDataset;

    DatasetLifecycles(String prefix, long seed) {
        this.prefix = prefix;
        this.random = new Random(seed);
    }

    /** Adds datasets not created yet; their first event will be a DatasetCreated. */
    DatasetLifecycles addDatasets(int count) {
        for (int i = 0; i < count; i++) {
            alive.add(newDatasetId());
        }
        return this;
    }

    /** The next {@code count} events, over random datasets of the pool. */
    List<SpecificRecord> next(int count) {
        List<SpecificRecord> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(nextFor(random.nextInt(alive.size())));
        }
        return events;
    }

    /** One more event for every dataset of the pool (which then spans every partition). */
    List<SpecificRecord> oneForEach() {
        List<SpecificRecord> events = new ArrayList<>(alive.size());
        for (int i = alive.size() - 1; i >= 0; i--) {
            events.add(nextFor(i));
        }
        return events;
    }

    private SpecificRecord nextFor(int index) {
        String id = alive.get(index);
        ExpectedDataset current = expected.get(id);
        String owner = "team-" + random.nextInt(7);
        SpecificRecord event;
        if (current == null) {
            DatasetCreatedEvent created = TestEvents.created(id, owner);
            event = created;
            expected.put(id, new ExpectedDataset(id, 1, false, owner, created.getDescription(),
                    created.getStatus().name(), created.getEventId()));
        } else if (current.version() >= 2 && random.nextDouble() < DELETE_PROBABILITY) {
            DatasetDeletedEvent deleted = TestEvents.deleted(id, current.version() + 1);
            event = deleted;
            expected.put(id, new ExpectedDataset(id, current.version() + 1, true, current.owner(),
                    current.description(), current.status(), deleted.getEventId()));
            // A deleted dataset takes no further event: a new one takes its place in the pool.
            alive.set(index, newDatasetId());
        } else {
            DatasetUpdatedEvent updated = TestEvents.updated(id, current.version() + 1, owner);
            event = updated;
            expected.put(id, new ExpectedDataset(id, current.version() + 1, false, owner, updated.getDescription(),
                    updated.getStatus().name(), updated.getEventId()));
        }
        ExpectedDataset now = expected.get(id);
        history.add(new HistoryEntry(id, now.version(), now.lastEventId()));
        return event;
    }

    private String newDatasetId() {
        return String.format("%s-%05d", prefix, nextDataset++);
    }

    /** The expected current state of every dataset that has an event, by id. */
    Map<String, ExpectedDataset> expected() {
        return Map.copyOf(expected);
    }

    /** Every event published, once. */
    Set<HistoryEntry> history() {
        return Set.copyOf(history);
    }

    int eventCount() {
        return history.size();
    }
}
