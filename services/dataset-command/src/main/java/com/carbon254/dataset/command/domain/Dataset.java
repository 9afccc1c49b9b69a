package com.carbon254.dataset.command.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A dataset of the catalog as the command side keeps it: its current state and its aggregate version.
 *
 * <p>The version is kept by hand rather than with JPA's {@code @Version}: a command loads the row with a
 * {@code SELECT ... FOR UPDATE}, compares the version the client saw, and writes {@code version + 1} — the same
 * number that the event of the command carries as {@code datasetVersion}. Holding the row lock makes the check
 * and the increment one step, so two commands on one dataset can never both succeed from the same version.
 */
@Entity
@Table(name = "dataset", schema = "dataset_command")
public class Dataset {

    @Id
    private UUID id;

    @Column(nullable = false, unique = true)
    private String name;

    private String description;

    @Column(nullable = false)
    private String owner;

    @Column(nullable = false)
    private String format;

    @Column(nullable = false)
    private String location;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    private DatasetDetails details = DatasetDetails.EMPTY;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private DatasetStatus status;

    @Column(nullable = false)
    private long version;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    private String updatedBy;

    /** For Hibernate. */
    protected Dataset() {
    }

    /** A new dataset at version 1. */
    public static Dataset register(UUID id, DatasetState state, String actor, Instant now) {
        Dataset dataset = new Dataset();
        dataset.id = id;
        dataset.assign(state);
        dataset.version = 1;
        dataset.createdAt = now;
        dataset.createdBy = actor;
        dataset.updatedAt = now;
        dataset.updatedBy = actor;
        return dataset;
    }

    /**
     * Replaces the state and moves to the next version. An update that changes nothing still makes a version (and
     * an event): the client asked for a new revision, and a silent no-op would leave it unsure what happened.
     *
     * @return the names of the fields whose value changed
     */
    public List<String> update(DatasetState newState, String actor, Instant now) {
        List<String> changed = state().changedFieldsTo(newState);
        assign(newState);
        version++;
        updatedAt = now;
        updatedBy = actor;
        return changed;
    }

    /** The version the dataset's deletion event carries: one more than its last version. */
    public long versionAfterDeletion() {
        return version + 1;
    }

    /** Whether a client that saw {@code expectedVersion} is looking at the current state. */
    public boolean isAtVersion(long expectedVersion) {
        return version == expectedVersion;
    }

    public DatasetState state() {
        return new DatasetState(name, description, owner, format, location, details.tags(), details.columns(), status);
    }

    private void assign(DatasetState state) {
        name = state.name();
        description = state.description();
        owner = state.owner();
        format = state.format();
        location = state.location();
        details = new DatasetDetails(state.tags(), state.columns());
        status = state.status();
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public long version() {
        return version;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String createdBy() {
        return createdBy;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public String updatedBy() {
        return updatedBy;
    }
}
