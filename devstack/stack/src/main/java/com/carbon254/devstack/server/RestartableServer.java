package com.carbon254.devstack.server;

/**
 * A server of the embedded stack that can crash and come back: {@link #kill()} ends it with SIGKILL, as a crash
 * would, and {@link #restart()} starts it again on the same ports and data folder, so the addresses its clients were
 * given (bootstrap servers, JDBC URL, HTTP URL) stay valid, and waits until it is ready again.
 *
 * <p>A subclass fixes its ports and folders when it is built, starts its process in {@link #spawn()} and waits for it
 * in {@link #awaitReady(ServerProcess)}: the same steps for the first start and for every restart.
 */
public abstract class RestartableServer implements AutoCloseable {

    private volatile ServerProcess process;

    /** Starts the server's process, without waiting for it. */
    protected abstract ServerProcess spawn();

    /** Waits until the process serves; fails if it exits first or is not ready in time. */
    protected abstract void awaitReady(ServerProcess process);

    /** Starts the server and waits until it is ready; a process that does not become ready is stopped. */
    protected final void launch() {
        ServerProcess started = spawn();
        try {
            awaitReady(started);
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        process = started;
    }

    /** The server's current process (a new one after each restart). */
    public ServerProcess process() {
        return process;
    }

    /** SIGKILL of the server, as a crash; returns once it is gone. */
    public synchronized void kill() {
        process.kill();
    }

    /** Starts the server again on the same ports and data (killing it first if it still runs); waits until ready. */
    public synchronized void restart() {
        // Also when the process is gone already: a subclass's kill may end what it left behind (a postmaster).
        kill();
        launch();
    }

    /** Stops the server cleanly (SIGTERM, so its shutdown hooks run). */
    @Override
    public synchronized void close() {
        if (process != null) {
            process.close();
        }
    }
}
