package com.carbon254.devstack.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One child process of the launcher: its output goes to a log file, its pid to {@code pids/<name>.pid},
 * and callers can wait for a line it prints or for a readiness probe.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path pidFile;
    private final Deque<String> tail = new ArrayDeque<>();
    private final List<LineWaiter> waiters = new CopyOnWriteArrayList<>();

    private record LineWaiter(Pattern pattern, CompletableFuture<Matcher> match) {
    }

    private ServerProcess(String name, Process process, Path logFile, Path pidFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    /**
     * Starts {@code command} with output appended to {@code logs/<name>.log} under {@code home}.
     */
    public static ServerProcess start(String name, List<String> command, Path home, Map<String, String> environment) {
        try {
            Path logs = Files.createDirectories(home.resolve("logs"));
            Path pids = Files.createDirectories(home.resolve("pids"));
            Path logFile = logs.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(environment);
            Process process = builder.start();
            Path pidFile = pids.resolve(name + ".pid");
            Files.writeString(pidFile, Long.toString(process.pid()));
            ServerProcess server = new ServerProcess(name, process, logFile, pidFile);
            server.pumpOutput(command);
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Runs a short-lived command (such as a storage format) to completion, failing with its output. */
    public static void runToCompletion(String name, List<String> command, Path home, Duration timeout) {
        runToCompletion(name, command, home, timeout, Map.of());
    }

    /** As {@link #runToCompletion(String, List, Path, Duration)}, with these environment variables added. */
    public static void runToCompletion(String name, List<String> command, Path home, Duration timeout,
                                       Map<String, String> environment) {
        ServerProcess tool = start(name, command, home, environment);
        try {
            if (!tool.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                tool.close();
                throw new IllegalStateException(name + " did not finish within " + timeout);
            }
            tool.drained.join();
            if (tool.process.exitValue() != 0) {
                throw new IllegalStateException(name + " failed (exit " + tool.process.exitValue() + "):\n" + tool.tail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            tool.deletePidFile();
        }
    }

    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    private void pumpOutput(List<String> command) {
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                         StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                log.write("# " + java.time.Instant.now() + " " + String.join(" ", command) + "\n");
                log.flush();
                String line;
                while ((line = reader.readLine()) != null) {
                    log.write(line);
                    log.write('\n');
                    log.flush();
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > 40) {
                            tail.removeFirst();
                        }
                    }
                    for (LineWaiter waiter : waiters) {
                        Matcher matcher = waiter.pattern.matcher(line);
                        if (matcher.find()) {
                            waiter.match.complete(matcher);
                        }
                    }
                }
            } catch (IOException e) {
                // The process went away; its exit is reported by waiters and probes.
            } finally {
                drained.complete(null);
                for (LineWaiter waiter : waiters) {
                    waiter.match.completeExceptionally(new IllegalStateException(
                            name + " exited before printing what was awaited:\n" + tail()));
                }
            }
        }, "devstack-" + name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Waits for the first output line matching {@code pattern}; fails if the process exits first or on timeout. */
    public Matcher awaitLine(Pattern pattern, Duration timeout) {
        LineWaiter waiter = new LineWaiter(pattern, new CompletableFuture<>());
        waiters.add(waiter);
        if (drained.isDone()) {
            waiter.match.completeExceptionally(new IllegalStateException(name + " has exited:\n" + tail()));
        }
        try {
            return waiter.match.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(name + " was not ready within " + timeout + "; log " + logFile + ":\n" + tail());
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            waiters.remove(waiter);
        }
    }

    /** Polls {@code probe} until it holds; fails early if the process exits, or on timeout. */
    public void awaitProbe(String what, BooleanSupplier probe, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new ExitedEarly(name + " exited (code " + process.exitValue() + ") before " + what
                        + "; log " + logFile + ":\n" + tail());
            }
            boolean ok;
            try {
                ok = probe.getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            if (ok) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + ": " + what + " not reached within " + timeout
                        + "; log " + logFile + ":\n" + tail());
            }
            try {
                Thread.sleep(200); // polling interval of a readiness probe
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** The process' exit, for watching unexpected deaths. */
    public CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** The last lines the process printed. */
    public String tail() {
        synchronized (tail) {
            return String.join("\n", new ArrayList<>(tail));
        }
    }

    /**
     * Ends the process and every process it started with SIGKILL, as a crash would: no shutdown hook runs, nothing
     * is flushed or closed cleanly. Returns once they are all gone (so their ports and locks are free again).
     */
    public void kill() {
        killTree(process.toHandle());
        deletePidFile();
    }

    /** SIGKILL of {@code root} and its descendants (collected first: they are reparented once it dies), awaited. */
    public static void killTree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("process " + handle.pid() + " survived SIGKILL for " + STOP_GRACE, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Stops the process with SIGTERM (so its shutdown hooks run), then SIGKILL after a grace period. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        deletePidFile();
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // A stale pid file is swept by ./platform down.
        }
    }

    /** The process ended before it was ready (for example: a port it was given was taken meanwhile). */
    public static final class ExitedEarly extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        ExitedEarly(String message) {
            super(message);
        }
    }
}
