package com.carbon254.query.repository;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Immutable;

/**
 * A row of {@code read_model.dataset_event}: one lifecycle event of a dataset, as published. Read-only. Columns are
 * the fields' names in snake case, like {@link DatasetView}'s.
 */
@Entity
@Immutable
@Table(schema = "read_model", name = "dataset_event")
public class DatasetEventView {

    @Id
    public String eventId;

    public String datasetId;

    public long datasetVersion;

    public String eventType;

    public OffsetDateTime occurredAt;

    /** The event's fields as JSON text (jsonb in the table). */
    @Column(name = "payload")
    @ColumnTransformer(read = "payload::text")
    public String payloadJson;
}
