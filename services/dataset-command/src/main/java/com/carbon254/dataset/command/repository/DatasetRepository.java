package com.carbon254.dataset.command.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import com.carbon254.dataset.command.domain.Dataset;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Datasets of the write model. Callers run inside a reactive Hibernate session (and transaction for writes). */
@ApplicationScoped
public class DatasetRepository implements PanacheRepositoryBase<Dataset, UUID> {

    /**
     * The dataset, locked for the rest of the transaction ({@code SELECT ... FOR UPDATE}), or null. The lock
     * serialises commands on one dataset, so the version check and the increment cannot interleave.
     */
    public Uni<Dataset> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }
}
