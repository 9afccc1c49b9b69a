package com.carbon254.console.clients;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.smallrye.mutiny.Uni;

/** The Apicurio Registry v3 API: the versions registered under a subject and the compatibility rules. */
@RegisterRestClient(configKey = "registry")
public interface RegistryApi {

    @GET
    @Path("/groups/default/artifacts/{artifactId}/versions")
    Uni<Versions> versions(@PathParam("artifactId") String artifactId);

    /** The artifact's own rule: 404 when it has none (the global rule applies). */
    @GET
    @Path("/groups/default/artifacts/{artifactId}/rules/COMPATIBILITY")
    Uni<Rule> artifactCompatibility(@PathParam("artifactId") String artifactId);

    @GET
    @Path("/admin/rules/COMPATIBILITY")
    Uni<Rule> globalCompatibility();

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Versions(int count, List<Version> versions) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Version(String version, long globalId, long contentId, String createdOn) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Rule(String ruleType, String config) {
    }
}
