package com.carbon254.devstack.testing;

import com.carbon254.devstack.Component;
import com.carbon254.devstack.EmbeddedStack;
import com.carbon254.devstack.StackOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one embedded stack of a test JVM: started on first use (on free ports, with fresh data in a temporary
 * folder), shared by every test of the JVM, stopped and deleted when the JVM exits. Quarkus tests reach it through
 * {@link EmbeddedStackResource}; plain JUnit tests (e.g. Flink's) call {@link #get} directly.
 */
public final class SharedStack {

    private static EmbeddedStack stack;

    private SharedStack() {
    }

    /** The running stack, started (or restarted with the missing servers added) on first use. */
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
            Path home = Files.createTempDirectory("carbon254-devstack-");
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
