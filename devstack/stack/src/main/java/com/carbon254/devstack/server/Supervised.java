package com.carbon254.devstack.server;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every server JVM the devstack starts: runs the server's real main class and exits when the
 * launcher process is gone.
 *
 * <p>Why: a launcher killed with SIGKILL (or a test JVM that crashes) must not leave brokers and databases
 * behind. {@code System.exit} runs the server's own shutdown hooks, so servers still stop cleanly.
 *
 * <p>Arguments: {@code <launcher pid> <main class> <main args...>}.
 */
public final class Supervised {

    private Supervised() {
    }

    public static void main(String[] args) throws Throwable {
        long parentPid = Long.parseLong(args[0]);
        String mainClass = args[1];
        String[] mainArgs = Arrays.copyOfRange(args, 2, args.length);

        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> {
                    System.err.println("devstack: launcher process " + parentPid + " is gone, stopping");
                    System.exit(0);
                }),
                () -> {
                    System.err.println("devstack: launcher process " + parentPid + " is not running, not starting");
                    System.exit(1);
                });

        Method main = Class.forName(mainClass, true, Supervised.class.getClassLoader())
                .getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) mainArgs);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
