package com.carbon254.devstack.testing;

import com.carbon254.devstack.Component;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Quarkus test resource that points the application under test at the real embedded servers.
 *
 * <pre>{@code
 * @QuarkusTestResource(value = EmbeddedStackResource.class,
 *         initArgs = @ResourceArg(name = "components", value = "kafka,registry"))
 * }</pre>
 *
 * <p>The stack is started once per test JVM, on free ports with fresh data, topics provisioned and schemas
 * registered, and stopped when the JVM exits (see {@link SharedStack}). Without the {@code components}
 * argument every server starts.
 *
 * <p>The application also gets the JWT verification config of {@link TestTokens} (public key location and issuer),
 * so a test calls a secured API with {@code TestTokens.forRoles(...)} as its bearer token.
 */
public class EmbeddedStackResource implements QuarkusTestResourceLifecycleManager {

    /** Argument naming the servers to start, comma-separated: kafka, registry, postgres, search. */
    public static final String COMPONENTS = "components";

    private Set<Component> components = EnumSet.allOf(Component.class);

    @Override
    public void init(Map<String, String> initArgs) {
        String requested = initArgs.get(COMPONENTS);
        if (requested != null && !requested.isBlank()) {
            components = Arrays.stream(requested.split(","))
                    .map(Component::byId)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(Component.class)));
        }
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new LinkedHashMap<>(SharedStack.get(components).endpoints().asQuarkusConfig());
        config.putAll(TestTokens.quarkusConfig());
        return config;
    }

    @Override
    public void stop() {
        // The stack outlives a single Quarkus application: it is shared by every test of this JVM.
    }
}
