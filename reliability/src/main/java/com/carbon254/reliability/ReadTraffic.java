package com.carbon254.reliability;

import java.util.List;
import java.util.Random;

import com.carbon254.devstack.security.LocalToken;

/** A reader of the query API: one created dataset at a time (each read is also a DataAccess audit event). */
final class ReadTraffic implements Runnable {

    private final Load.Clients clients;
    private final Random random;
    private final List<String> created;
    private final Http http = new Http();
    private final String token;

    ReadTraffic(Load.Clients clients, Random random, List<String> created) {
        this.clients = clients;
        this.random = random;
        this.created = created;
        this.token = clients.platform().token(LocalToken.DATASETS_READER);
    }

    @Override
    public void run() {
        while (clients.running().on()) {
            if (!created.isEmpty()) {
                String id = created.get(random.nextInt(created.size()));
                clients.outcomes().record("reads", http.send("GET", clients.platform().url("query-api") + "/datasets/"
                        + id, token, null, null));
            }
            clients.running().pause(100);
        }
    }
}
