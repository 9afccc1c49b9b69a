package com.carbon254.events.runtime.serde;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

import com.microsoft.kiota.ApiException;

import io.apicurio.registry.resolver.DefaultSchemaResolver;
import io.apicurio.registry.resolver.client.RegistryClientFacade;
import io.apicurio.registry.resolver.client.RegistryClientFacadeFactory;
import io.apicurio.registry.resolver.client.RegistryVersionCoordinates;
import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.resolver.strategy.ArtifactReference;
import io.apicurio.registry.serde.avro.AvroSchemaParser;
import io.apicurio.registry.types.ArtifactType;

/**
 * The registry's Avro schemas as the platform's readers need them: the writer schema of a record, by the id framed
 * into it, and the id a schema is registered with under a subject, found by content. Every reader asks the registry
 * this way: {@link PolyglotEventDeserializer} in the services and the Flink job's decoders.
 *
 * <p>Built on Apicurio's schema resolver, the one its serdes use: the v3 API through the Apicurio SDK, references
 * resolved, schemas cached by id (for its check period; callers keep what they build from a schema by id for good,
 * since an id never changes its content), and the client settings of the serdes
 * ({@code apicurio.registry.url}, {@code apicurio.registry.auth.*}, {@code apicurio.registry.tls.*},
 * {@code apicurio.registry.http.adapter}). The ids are content ids: what {@link CatalogAvroSerializer} frames, and
 * what a Confluent client got when it registered through the registry's Confluent-compatible API. Nothing is ever
 * registered here: provisioning registers the schemas.
 *
 * <p>Calls block (a Kafka deserializer runs on its consumer's polling thread, never on an event loop). Serializable,
 * for a Flink operator to hold: its client is created where it runs, so its settings must be serializable (strings).
 */
public final class RegistrySchemas implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The platform's own name of the registry's v3 API URL, used when {@code apicurio.registry.url} is absent. */
    public static final String REGISTRY_URL_FALLBACK = "carbon254.registry.url";
    /** Artifact group of every platform subject (the group the Confluent-compatible API and the serdes use). */
    public static final String GROUP = "default";

    private static final String CLIENT_SETTINGS = "apicurio.registry.";

    private final HashMap<String, Object> settings = new HashMap<>();
    private transient RegistryClientFacade registry;
    private transient DefaultSchemaResolver<Schema, Object> resolver;

    private RegistrySchemas(Map<String, ?> configs) {
        configs.forEach((key, value) -> {
            if (key.startsWith(CLIENT_SETTINGS) && value != null) {
                settings.put(key, value);
            }
        });
        settings.put(SchemaResolverConfig.REGISTRY_URL, registryUrl(configs));
        connect();
    }

    /**
     * The schemas of the registry a Kafka client configuration names: {@code apicurio.registry.url} (or
     * {@value #REGISTRY_URL_FALLBACK}), and any other {@code apicurio.registry.*} client setting.
     */
    public static RegistrySchemas of(Map<String, ?> configs) {
        return new RegistrySchemas(configs);
    }

    /** The schemas of the registry whose v3 API is at {@code url}, with the default client settings. */
    public static RegistrySchemas at(String url) {
        return new RegistrySchemas(Map.of(SchemaResolverConfig.REGISTRY_URL, url));
    }

    /**
     * The registry's v3 API URL in a client configuration: {@code apicurio.registry.url}, else
     * {@value #REGISTRY_URL_FALLBACK}.
     *
     * @throws IllegalArgumentException if there is none, or it is the Confluent-compatible API's
     */
    static String registryUrl(Map<String, ?> configs) {
        Object url = configs.get(SchemaResolverConfig.REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            url = configs.get(REGISTRY_URL_FALLBACK);
        }
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException("No registry URL: set " + SchemaResolverConfig.REGISTRY_URL + " (or "
                    + REGISTRY_URL_FALLBACK + ")");
        }
        String v3 = url.toString().trim();
        if (v3.contains("/apis/ccompat/")) {
            // The SDK would append its own path to it and find nothing there: every lookup would be "unknown".
            throw new IllegalArgumentException("The registry URL " + v3 + " is the Confluent-compatible API; the"
                    + " platform's clients use the v3 API of the same registry (.../apis/registry/v3)");
        }
        return v3;
    }

    private void connect() {
        SchemaResolverConfig config = new SchemaResolverConfig(settings);
        registry = RegistryClientFacadeFactory.create(config);
        resolver = new DefaultSchemaResolver<>(registry);
        // No datum provider: the parser is only asked to parse what the registry holds, never to derive a schema.
        resolver.configure(settings, new AvroSchemaParser<>(null));
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        connect();
    }

    /** The registry's v3 API URL. */
    public String url() {
        return settings.get(SchemaResolverConfig.REGISTRY_URL).toString();
    }

    /**
     * The Avro schema with this content id, references resolved.
     *
     * @return empty if the registry has no content with this id, or its content is not an Avro schema
     * @throws RegistryUnavailableException if the registry cannot be reached or refuses to answer
     */
    public Optional<Schema> writerSchema(long contentId) {
        try {
            return Optional.of(resolver.resolveSchemaByArtifactReference(ArtifactReference.fromContentId(contentId))
                    .getParsedSchema().getParsedSchema());
        } catch (RuntimeException e) {
            if (anyCause(e, t -> isNotFound(t) || t instanceof SchemaParseException || t instanceof AvroTypeException)) {
                return Optional.empty();
            }
            throw new RegistryUnavailableException("Cannot read the schema with id " + contentId + " from the registry"
                    + " at " + url() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The content id of {@code schema} as registered under {@code subject} (group {@value #GROUP}), compared in
     * canonical form (formatting and documentation order do not matter); the newest enabled version wins.
     *
     * @return empty if no enabled version of the subject has this schema
     * @throws RegistryUnavailableException if the registry cannot be reached or refuses to answer
     */
    public OptionalLong contentIdOf(String subject, Schema schema) {
        try {
            List<RegistryVersionCoordinates> versions = registry.searchVersionsByContent(schema.toString(),
                    ArtifactType.AVRO, ArtifactReference.builder().groupId(GROUP).artifactId(subject).build(), true);
            return versions.isEmpty() ? OptionalLong.empty() : OptionalLong.of(versions.get(0).getContentId());
        } catch (RuntimeException e) {
            if (anyCause(e, RegistrySchemas::isNotFound)) {
                return OptionalLong.empty();
            }
            throw new RegistryUnavailableException("Cannot look up the schema of " + subject + " in the registry at "
                    + url() + ": " + e.getMessage(), e);
        }
    }

    private static boolean isNotFound(Throwable failure) {
        return failure instanceof ApiException answer && answer.getResponseStatusCode() == 404;
    }

    /** Whether the failure or one of its causes matches (Apicurio's resolver wraps what the SDK throws). */
    private static boolean anyCause(Throwable failure, Predicate<Throwable> test) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (test.test(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The registry could not be asked (unreachable, or it refused the request): nothing can be concluded about the
     * schema, and a retry may succeed.
     */
    public static final class RegistryUnavailableException extends RuntimeException {

        @Serial
        private static final long serialVersionUID = 1L;

        RegistryUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
