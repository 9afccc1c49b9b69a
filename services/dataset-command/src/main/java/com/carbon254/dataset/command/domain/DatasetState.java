package com.carbon254.dataset.command.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The client-controlled state of a dataset: what a create sets and an update replaces as a whole. Everything
 * else (id, version, audit fields) is the service's.
 */
public record DatasetState(String name, String description, String owner, String format, String location,
                           List<String> tags, List<ColumnDefinition> columns, DatasetStatus status) {

    /** Names of the state fields, as {@code DatasetUpdated.changedFields} lists them. */
    public static final List<String> FIELD_NAMES =
            List.of("name", "description", "owner", "format", "location", "tags", "columns", "status");

    public DatasetState {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(location, "location");
        tags = tags == null ? List.of() : List.copyOf(tags);
        columns = columns == null ? List.of() : List.copyOf(columns);
        status = status == null ? DatasetStatus.ACTIVE : status;
    }

    /** The names of the fields whose value differs in {@code other}, in {@link #FIELD_NAMES} order. */
    public List<String> changedFieldsTo(DatasetState other) {
        List<String> changed = new ArrayList<>();
        if (!name.equals(other.name)) {
            changed.add("name");
        }
        if (!Objects.equals(description, other.description)) {
            changed.add("description");
        }
        if (!owner.equals(other.owner)) {
            changed.add("owner");
        }
        if (!format.equals(other.format)) {
            changed.add("format");
        }
        if (!location.equals(other.location)) {
            changed.add("location");
        }
        if (!tags.equals(other.tags)) {
            changed.add("tags");
        }
        if (!columns.equals(other.columns)) {
            changed.add("columns");
        }
        if (status != other.status) {
            changed.add("status");
        }
        return changed;
    }
}
