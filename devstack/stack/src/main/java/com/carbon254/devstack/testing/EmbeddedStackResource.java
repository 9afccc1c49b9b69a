package com.carbon254.devstack.testing;

import com.carbon254.devstack.Component;
import com.carbon254.devstack.EmbeddedStack;
import com.carbon254.devstack.StackOptions;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.EnumSet;
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
        return SharedStack.get(components).endpoints().asQuarkusConfig();
    }

    @Override
    public void stop() {
        // The stack outlives a single Quarkus application: it is shared by every test of this JVM.
    }

    /** The one stack of this JVM, for tests that also need it outside Quarkus (e.g. plain JUnit tests). */
    public static final class SharedStack {
        private static EmbeddedStack stack;

        private SharedStack() {
        }

        /** The running stack, started (or extended with missing servers) on first use. */
        public static synchronized EmbeddedStack get(Set<Component> components) {
            if (stack != null && stack.options().components().containsAll(components)) {
                return stack;
            }
            EnumSet<Component> wanted = EnumSet.copyOf(components);
            if (stack != null) {
                // A later test needs more servers: restart with the union (rare; keeps one stack per JVM).
                wanted.addAll(stack.options().components());
                stack.close();
            }
            try {
                var home = Files.createTempDirectory("carbon254-devstack-");
                stack = EmbeddedStack.start(StackOptions.forTests(home, wanted));
                EmbeddedStack started = stack;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    started.close();
                    EmbeddedStack.deleteRecursively(home);
                }, "devstack-stop"));
                return stack;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
