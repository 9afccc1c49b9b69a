package com.carbon254.reliability;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import com.carbon254.devstack.security.LocalToken;

/**
 * A user of the command API: creates a dataset, updates it a few times (each at the version it last saw, If-Match),
 * and deletes one in four; one command at a time per dataset, as the ledger's certainty rule wants. Ids of created
 * datasets are shared with {@link ReadTraffic}.
 */
final class CommandTraffic implements Runnable {

    static final String NAME_PREFIX = "reliability.cmd-";

    private final PlatformUnderTest platform;
    private final Ledger ledger;
    private final ClientOutcomes outcomes;
    private final Load.Switch running;
    private final Random random;
    private final String worker;
    private final List<String> created;
    private final Http http = new Http();
    private final String token;
    private int next;

    CommandTraffic(Load.Clients clients, Random random, String worker, CopyOnWriteArrayList<String> created) {
        this.platform = clients.platform();
        this.ledger = clients.ledger();
        this.outcomes = clients.outcomes();
        this.running = clients.running();
        this.random = random;
        this.worker = worker;
        this.created = created;
        this.token = platform.token(LocalToken.DATASETS_WRITER);
    }

    @Override
    public void run() {
        while (running.on()) {
            lifecycle(ledger.dataset(NAME_PREFIX + worker + "-" + next++));
            running.pause(100);
        }
    }

    private void lifecycle(Ledger.DatasetCommands dataset) {
        String base = platform.url("dataset-command") + "/datasets";
        Http.Answer create = command(dataset, "POST", base, body(dataset.name, "created"), null);
        if (!create.ok()) {
            return;
        }
        dataset.id = create.json().path("id").asText();
        dataset.version = create.json().path("version").asLong();
        created.add(dataset.id);
        int updates = random.nextInt(4);
        for (int i = 0; i < updates && running.on(); i++) {
            running.pause(100);
            Http.Answer update = command(dataset, "PUT", base + "/" + dataset.id, body(dataset.name, "update " + i),
                    "\"" + dataset.version + "\"");
            if (!update.ok()) {
                return;
            }
            dataset.version = update.json().path("version").asLong();
        }
        if (random.nextInt(4) == 0 && running.on()) {
            Http.Answer delete = command(dataset, "DELETE", base + "/" + dataset.id + "?reason=reliability", null,
                    "\"" + dataset.version + "\"");
            if (delete.ok()) {
                dataset.version = delete.json().path("version").asLong();
                dataset.deleted = true;
            }
        }
    }

    /** One command; an answer that is neither a success nor a refusal leaves the dataset uncertain. */
    private Http.Answer command(Ledger.DatasetCommands dataset, String method, String url, String body, String ifMatch) {
        Http.Answer answer = http.send(method, url, token, body, ifMatch);
        outcomes.record("commands", answer);
        if (answer.ok()) {
            dataset.accepted.incrementAndGet();
        } else if (!answer.refused()) {
            dataset.uncertain = true;
        }
        return answer;
    }

    private static String body(String name, String description) {
        return """
                {"name":"%s","description":"%s","owner":"team-reliability","format":"parquet",\
                "location":"s3://lake/reliability/%s","tags":["reliability"]}""".formatted(name, description, name);
    }
}
