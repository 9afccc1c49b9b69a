package com.carbon254.query.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.query.mapping.ServiceHealth;
import com.carbon254.query.mapping.ServiceTimeline;
import com.carbon254.query.repository.ServiceHealthRepository;

import io.smallrye.mutiny.Uni;

/** Latest health per service and a service's timeline (health transitions, deployments, config changes). */
@ApplicationScoped
public class ServiceHealthService {

    /** The health status symbols of ServiceHealth events, as the projector stores them. */

    @Inject
    ServiceHealthRepository services;

    /** Every service's latest health, by namespace and name; null filters mean "any". */
    public Uni<List<ServiceHealth>> latest(String status, String namespace) {
        return services.latest(status, namespace);
    }

    /** The newest {@code limit} timeline entries of a service, newest first; 404 if the service is unknown. */
    public Uni<ServiceTimeline> timeline(String serviceName, String namespace, int limit) {
        return services.known(serviceName, namespace).chain(known -> {
            if (!known) {
                throw QueryProblems.SERVICE_NOT_FOUND.exception( "no service " + serviceName
                        + (namespace == null ? "" : " in namespace " + namespace) + " has reported anything");
            }
            return services.timeline(serviceName, namespace, limit);
        }).map(entries -> new ServiceTimeline(serviceName, namespace, entries));
    }
}
