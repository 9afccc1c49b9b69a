package com.carbon254.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The steady load of the run, each client on a thread of its own: two event producers through the gateway, two
 * command users and one reader. Clients never retry on their own (a retry is what the duplicate deliveries model),
 * so what the ledger holds is exactly what was acknowledged.
 */
final class Load implements AutoCloseable {

    /** On until the run stops; pauses end early when it does. */
    static final class Switch {
        private volatile boolean on = true;

        boolean on() {
            return on;
        }

        void pause(long millis) {
            try {
                TimeUnit.MILLISECONDS.sleep(millis); // the clients' pace between requests
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                on = false;
            }
        }

        void off() {
            on = false;
        }
    }

    /** What every client shares: the platform, the ledger, the outcome counts and the run's switch. */
    record Clients(PlatformUnderTest platform, Ledger ledger, ClientOutcomes outcomes, Switch running) {
    }

    private final Switch running = new Switch();
    private final List<Thread> threads = new ArrayList<>();

    static Load start(PlatformUnderTest platform, Ledger ledger, ClientOutcomes outcomes, Random seed) {
        Load load = new Load();
        Clients clients = new Clients(platform, ledger, outcomes, load.running);
        CopyOnWriteArrayList<String> created = new CopyOnWriteArrayList<>();
        load.spawn("events-1", new EventTraffic(clients, new Random(seed.nextLong())));
        load.spawn("events-2", new EventTraffic(clients, new Random(seed.nextLong())));
        load.spawn("commands-a", new CommandTraffic(clients, new Random(seed.nextLong()), "a", created));
        load.spawn("commands-b", new CommandTraffic(clients, new Random(seed.nextLong()), "b", created));
        load.spawn("reads", new ReadTraffic(clients, new Random(seed.nextLong()), created));
        return load;
    }

    private void spawn(String name, Runnable client) {
        Thread thread = new Thread(client, "load-" + name);
        thread.setDaemon(true);
        thread.start();
        threads.add(thread);
    }

    /** Stops the clients and waits until each has its last answer (or gave up on it). */
    void stopAndAwait() throws InterruptedException {
        running.off();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopAndAwait();
    }
}
