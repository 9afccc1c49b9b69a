package com.carbon254.projector.repository;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/**
 * Where a projection stands in one partition: the offset of the next record it will apply. Written by the
 * projection's batch transactions (set-based SQL, see {@link DatasetReadModelStore#savePositions}); read here for
 * lag, the admin API and tests.
 */
@Entity
@Table(schema = "read_model", name = "projection_position")
@IdClass(ProjectionPosition.Key.class)
public class ProjectionPosition extends PanacheEntityBase {

    @Id
    public String projection;

    @Id
    public String topic;

    @Id
    @Column(name = "kafka_partition")
    public int partition;

    @Column(name = "next_offset")
    public long nextOffset;

    @Column(name = "last_record_time")
    public OffsetDateTime lastRecordTime;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    /** The positions of a projection on a topic, by partition. */
    public static Uni<List<ProjectionPosition>> of(String projection, String topic) {
        return list("projection = ?1 and topic = ?2 order by partition", projection, topic);
    }

    /** Composite primary key. */
    public static class Key implements Serializable {
        public String projection;
        public String topic;
        public int partition;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.partition == partition && Objects.equals(k.projection, projection)
                    && Objects.equals(k.topic, topic);
        }

        @Override
        public int hashCode() {
            return Objects.hash(projection, topic, partition);
        }
    }
}
