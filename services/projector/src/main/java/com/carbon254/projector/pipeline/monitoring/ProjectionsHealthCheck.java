package com.carbon254.projector.pipeline.monitoring;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: DOWN while a projection — any of them, the dataset projection included — is stuck
 * ({@link ProjectionProgress}): its batch keeps failing, or has not committed for {@code stuck-timeout} while its
 * records wait. The pipeline keeps retrying (skipping would lose events; a dead letter is never dropped), so an
 * operator sees it here and in {@code carbon254_projection_stuck} instead of a silently stale read model. The data
 * names each stuck projection with the reason.
 */
@Readiness
@ApplicationScoped
public class ProjectionsHealthCheck implements HealthCheck {

    @Inject
    ProjectionProgress progress;

    @Override
    public HealthCheckResponse call() {
        Map<String, String> stuck = progress.stuck();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("projections").status(stuck.isEmpty())
                .withData("stuck", String.join(",", stuck.keySet()));
        stuck.forEach(response::withData);
        return response.build();
    }
}
