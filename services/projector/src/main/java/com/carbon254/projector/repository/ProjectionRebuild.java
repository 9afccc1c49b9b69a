package com.carbon254.projector.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One rebuild run of a projection: its progress and outcome, kept after it ends. */
@Entity
@Table(schema = "read_model", name = "projection_rebuild")
public class ProjectionRebuild extends PanacheEntityBase {

    @Id
    public UUID id;

    public String projection;

    public int generation;

    public String state;

    @Column(name = "from_time")
    public OffsetDateTime fromTime;

    @Column(name = "events_total")
    public Long eventsTotal;

    @Column(name = "events_done")
    public long eventsDone;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    public String error;
}
