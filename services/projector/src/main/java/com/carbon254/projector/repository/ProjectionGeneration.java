package com.carbon254.projector.repository;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** Which generation of a projection is live, and the search index that generation writes. */
@Entity
@Table(schema = "read_model", name = "projection_generation")
public class ProjectionGeneration extends PanacheEntityBase {

    @Id
    public String projection;

    public int generation;

    @Column(name = "index_name")
    public String indexName;

    @Column(name = "switched_at")
    public OffsetDateTime switchedAt;
}
