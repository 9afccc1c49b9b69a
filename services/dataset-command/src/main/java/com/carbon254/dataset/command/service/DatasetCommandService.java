package com.carbon254.dataset.command.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.avro.specific.SpecificRecord;

import com.carbon254.dataset.command.domain.Dataset;
import com.carbon254.dataset.command.domain.DatasetState;
import com.carbon254.dataset.command.mapping.DatasetEventMapper;
import com.carbon254.dataset.command.outbox.OutboxRelay;
import com.carbon254.dataset.command.outbox.OutboxWriter;
import com.carbon254.dataset.command.repository.DatasetRepository;
import com.carbon254.dataset.command.repository.PersistenceErrors;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Executes dataset commands. Each command is one transaction that changes the dataset row and appends the event
 * describing the change to the outbox; nothing is sent to Kafka here. Once the transaction has committed, the relay
 * is nudged to publish the event right away.
 */
@ApplicationScoped
public class DatasetCommandService {

    /** Name of the unique constraint on dataset names (see the Flyway migration). */
    static final String NAME_CONSTRAINT = "dataset_name_unique";

    private final DatasetRepository datasets;
    private final OutboxWriter outbox;
    private final DatasetEventMapper events;
    private final OutboxRelay relay;

    public DatasetCommandService(DatasetRepository datasets, OutboxWriter outbox, DatasetEventMapper events,
                                 OutboxRelay relay) {
        this.datasets = datasets;
        this.outbox = outbox;
        this.events = events;
        this.relay = relay;
    }

    /** Registers a new dataset at version 1 and records a DatasetCreated event. */
    public Uni<CommandResult> create(DatasetState state, CommandContext context) {
        return inTransactionThenRelay(() -> {
            Instant now = now();
            UUID eventId = UUID.randomUUID();
            Dataset dataset = Dataset.register(UUID.randomUUID(), state, context.actor(), now);
            return datasets.persist(dataset)
                    .chain(() -> record(events.created(dataset, eventId, now, context), eventId, dataset.id(),
                            dataset.version(), now))
                    .replaceWith(new CommandResult(dataset.id(), dataset.version(), eventId));
        }, state.name());
    }

    /**
     * Replaces a dataset's state and records a DatasetUpdated event with the changed fields.
     *
     * @param expectedVersion the version the client based its change on; null accepts any (If-Match: *)
     */
    public Uni<CommandResult> update(UUID id, Long expectedVersion, DatasetState state, CommandContext context) {
        return inTransactionThenRelay(() -> lockCurrent(id, expectedVersion)
                .chain(dataset -> {
                    Instant now = now();
                    UUID eventId = UUID.randomUUID();
                    List<String> changed = dataset.update(state, context.actor(), now);
                    return record(events.updated(dataset, changed, eventId, now, context), eventId, id,
                            dataset.version(), now)
                            .replaceWith(new CommandResult(id, dataset.version(), eventId));
                }), state.name());
    }

    /**
     * Removes a dataset and records a DatasetDeleted event, whose datasetVersion (one more than the last) is the
     * returned version.
     *
     * @param expectedVersion the version the client based its decision on; null deletes whatever the version
     */
    public Uni<CommandResult> delete(UUID id, Long expectedVersion, String reason, CommandContext context) {
        return inTransactionThenRelay(() -> lockCurrent(id, expectedVersion).chain(dataset -> {
            Instant now = now();
            UUID eventId = UUID.randomUUID();
            long finalVersion = dataset.versionAfterDeletion();
            // A statement rather than the session's entity removal: Hibernate Reactive's delete coordinator can
            // complete on another event loop than the session's under concurrent deletes (HR000069, quarkus#41945),
            // failing the command. The row is locked and its version checked above, so the two are equivalent.
            return datasets.delete("id", id)
                    .chain(() -> record(events.deleted(dataset, reason, eventId, now, context), eventId, id,
                            finalVersion, now))
                    .replaceWith(new CommandResult(id, finalVersion, eventId));
        }), null);
    }

    /** The dataset's current state on the command side (the read models serve queries). */
    public Uni<Dataset> get(UUID id) {
        return Panache.withSession(() -> datasets.findById(id))
                .onItem().ifNull().failWith(() -> DatasetProblems.notFound(id.toString()));
    }

    /**
     * Runs the command in a transaction; after the commit, triggers the relay. A taken name is found by the unique
     * constraint on dataset names when the command flushes (no pre-check query: it cost a round trip per command and
     * could not see a concurrent claim anyway), and becomes the duplicate-name conflict.
     */
    private Uni<CommandResult> inTransactionThenRelay(Supplier<Uni<CommandResult>> command, String name) {
        return Panache.withTransaction(command)
                .onFailure(e -> name != null && PersistenceErrors.isUniqueViolation(e, NAME_CONSTRAINT))
                .transform(e -> DatasetProblems.duplicateName(name))
                .invoke(relay::trigger);
    }

    /** The dataset, row-locked until commit, after checking the client's expected version. */
    private Uni<Dataset> lockCurrent(UUID id, Long expectedVersion) {
        return datasets.findForUpdate(id).map(dataset -> {
            if (dataset == null) {
                throw DatasetProblems.notFound(id.toString());
            }
            if (expectedVersion != null && !dataset.isAtVersion(expectedVersion)) {
                throw DatasetProblems.versionConflict(id, expectedVersion, dataset.version());
            }
            return dataset;
        });
    }

    /** Appends the event and flushes, so constraint violations surface inside the command. */
    private Uni<Void> record(SpecificRecord event, UUID eventId, UUID datasetId, long datasetVersion, Instant now) {
        return outbox.append(event, eventId, datasetId, datasetVersion, now)
                .chain(datasets::flush)
                .replaceWithVoid();
    }

    /** Event time and audit time of a command: one instant, in the millisecond precision of the event contract. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
