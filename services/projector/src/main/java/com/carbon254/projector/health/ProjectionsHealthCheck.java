package com.carbon254.projector.health;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import com.carbon254.projector.service.TableProjectionService;

/**
 * Readiness: DOWN while a table projection keeps failing to commit its current batch (it retries without end, since
 * skipping would lose events — for the dead-letters projection, dropping one is never an option), so that an
 * operator sees it instead of a silently stuck read model.
 */
@Readiness
@ApplicationScoped
public class ProjectionsHealthCheck implements HealthCheck {

    @Inject
    TableProjectionService projections;

    @Override
    public HealthCheckResponse call() {
        Set<String> stuck = projections.stuck();
        return HealthCheckResponse.named("projections").status(stuck.isEmpty())
                .withData("stuck", String.join(",", stuck)).build();
    }
}
