package com.carbon254.console.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.console.catalog.EventTypeView.SubjectInfo;
import com.carbon254.console.clients.RegistryApi;
import com.carbon254.events.catalog.AsyncApiWriter;
import com.carbon254.events.catalog.EventType;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.catalog.TopicDefinition;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * {@code /catalog}: every event type, from the Avro contracts and the topic catalog (topic, key, who may publish,
 * fields with types and docs, an example event) and from the registry (versions registered under the topic's subject,
 * the compatibility rule in force). {@code /asyncapi.yaml}: the AsyncAPI 3.0 document the build generated from the
 * same catalog; public, like the services' OpenAPI documents.
 */
@Path("/")
public class CatalogResource {

    /** Media type of YAML (RFC 9512). */
    public static final String YAML = "application/yaml";

    @Inject
    @RestClient
    RegistryApi registry;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance catalog(List<TopicDefinition> topics, List<EventTypeView> types,
                String compatibility);
    }

    @GET
    @Path("/catalog")
    @RolesAllowed(Roles.DATASETS_READ)
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> catalog() {
        Uni<String> global = registry.globalCompatibility().map(RegistryApi.Rule::config)
                .onFailure().recoverWithItem(e -> "unknown (registry: " + e.getMessage() + ")");
        List<Uni<EventTypeView>> views = Arrays.stream(EventType.values())
                .map(type -> subject(type.topic().valueSubject()).map(info -> EventTypeView.of(type, info))).toList();
        return Uni.combine().all().unis(global, Uni.join().all(views).andFailFast())
                .with((compatibility, types) -> Templates.catalog(TopicCatalog.topics(), types, compatibility));
    }

    private Uni<SubjectInfo> subject(String subject) {
        Uni<List<String>> versions = registry.versions(subject)
                .map(v -> v.versions().stream().map(RegistryApi.Version::version).toList());
        Uni<String> rule = registry.artifactCompatibility(subject).map(RegistryApi.Rule::config)
                .onFailure(e -> e instanceof WebApplicationException w && w.getResponse().getStatus() == 404)
                .recoverWithNull();
        return Uni.combine().all().unis(versions, rule).with((v, r) -> new SubjectInfo(v, r, null))
                .onFailure().recoverWithItem(e -> new SubjectInfo(List.of(), null, e.getMessage()));
    }

    @GET
    @Path("/asyncapi.yaml")
    @PermitAll
    @Produces(YAML)
    public byte[] asyncApi() throws IOException {
        try (InputStream document = EventType.class.getClassLoader().getResourceAsStream(AsyncApiWriter.RESOURCE)) {
            if (document == null) {
                throw new NotFoundException("the AsyncAPI document was not built into event-schemas");
            }
            return document.readAllBytes();
        }
    }
}
