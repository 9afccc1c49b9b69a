package com.carbon254.query.repository;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Immutable;

/**
 * A row of {@code read_model.dataset}, the current state the projector maintains. Read-only: the query side never
 * writes ({@link Immutable}, and every session it opens is read-only). Tombstones ({@code deleted}) are kept
 * by the projector so that stale events stay out; the API hides them. A field's column is its name in snake case
 * ({@code createdAt}: {@code created_at}, the naming strategy in {@code application.properties}) unless it names one.
 */
@Entity
@Immutable
@Table(schema = "read_model", name = "dataset")
public class DatasetView {

    @Id
    public String id;

    public long version;

    public String name;

    public String description;

    public String owner;

    public String format;

    public String location;

    @Column(columnDefinition = "text[]")
    public String[] tags;

    /** The columns as JSON text (jsonb in the table). */
    @Column(name = "columns")
    @ColumnTransformer(read = "columns::text")
    public String columnsJson;

    public String status;

    public OffsetDateTime createdAt;

    public String createdBy;

    public OffsetDateTime updatedAt;

    public String updatedBy;

    public boolean deleted;

    public OffsetDateTime deletedAt;

    public String deletedBy;
}
