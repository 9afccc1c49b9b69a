package com.carbon254.dataset.command.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.carbon254.dataset.command.outbox.OutboxEvent;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/**
 * Outbox rows written by command transactions, through the same reactive Hibernate session as the dataset change
 * (that is what makes the change and its event one commit). The relay reads and marks rows with
 * {@link OutboxRelayRepository} instead.
 */
@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEvent, UUID> {
}
