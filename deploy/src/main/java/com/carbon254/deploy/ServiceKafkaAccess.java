package com.carbon254.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.catalog.TopicDefinition;

/**
 * What one Kafka client of the platform may do, derived from its own configuration and the topic catalog, never kept
 * by hand: {@link KafkaUserManifests} renders each as a {@code KafkaUser}, and {@code ./platform up --secure} gives
 * the same ACLs to the local SCRAM user of the same name.
 *
 * <p>A Quarkus service's access comes from {@code services/<name>/src/main/resources/application.properties}:
 * <ul>
 * <li><b>reads</b>: the topics of its incoming Kafka channels ({@code topic}, {@code topics}, else the channel name);
 *     the projector's {@value #DEAD_LETTERS_CHANNEL} channel takes every {@code .dlq} of the catalog (its topics come
 *     from the catalog at run time, see the projector's {@code DeadLetterTopicsConfigSource});</li>
 * <li><b>consumer groups</b>: their {@code group.id}s, literally;</li>
 * <li><b>dead letters</b>: {@code <topic>.dlq} of each topic read by a channel whose failure strategy is the
 *     dead-letter queue (the event runtime's default);</li>
 * <li><b>publishes</b>: the event types it sends through the event runtime's publisher, declared under
 *     {@value #PUBLISHES} (by the service and by the platform libraries it depends on: api-runtime declares the
 *     audit of every API call), as event type names or {@value #GATEWAY} (every type whose {@code PublishRule}
 *     lets the gateway accept it) or {@value #REDRIVE} (every topic of the catalog, where dead letters go back to);</li>
 * <li><b>described groups</b>: the groups whose lag it measures ({@value #WATCHED_GROUPS}), with the topics those
 *     groups read;</li>
 * <li><b>described platform</b>: with {@value #DESCRIBES} = {@value #PLATFORM}, every topic of the catalog (dead-letter
 *     topics included) and every consumer group of the platform's clients, described only (the operator console's
 *     overview of partitions, offsets and lag; it reads no record);</li>
 * <li><b>browsed topics</b>: with {@value #BROWSES} = {@value #CATALOG}, every topic of the catalog (dead-letter topics
 *     included) read without a consumer group (the query API's topic browse assigns partitions itself); with
 *     {@value #REPLAYS_RESTORED} = {@code true}, the restore topics of the event topics it consumes (the projector's
 *     replays).</li>
 * </ul>
 * A Flink job's access comes from its {@code FlinkDeployment}'s arguments (pipelines, group id, transactional id
 * prefix) and the topics its pipelines read and write ({@link #flinkJob}).
 *
 * @param service               the service, KafkaUser and SCRAM user name
 * @param reads                 topics it consumes
 * @param writes                topics it produces to (published events and dead letters)
 * @param consumerGroups        consumer groups it joins and commits in
 * @param describedGroups       consumer groups whose offsets it only reads
 * @param describedTopics       topics whose end offsets it only reads
 * @param transactionalIdPrefix prefix of its transactional ids, if it produces transactionally
 * @param browsedTopics         topics it reads without a consumer group
 */
public record ServiceKafkaAccess(String service, Set<String> reads, Set<String> writes, Set<String> consumerGroups,
                                 Set<String> describedGroups, Set<String> describedTopics,
                                 Optional<String> transactionalIdPrefix, Set<String> browsedTopics) {

    /** The declaration of the event types a service or library publishes (a key prefix: several may add up). */
    public static final String PUBLISHES = "carbon254.kafka.publishes";
    /** In {@value #PUBLISHES}: every event type the gateway accepts from callers ({@code PublishRule}). */
    public static final String GATEWAY = "@gateway";
    /** In {@value #PUBLISHES}: every catalog topic, which re-driven dead letters return to. */
    public static final String REDRIVE = "@redrive";
    /** A service that describes more than the groups it watches: {@value #PLATFORM}. */
    public static final String DESCRIBES = "carbon254.kafka.describes";
    /** In {@value #DESCRIBES}: every catalog topic and every consumer group of the platform's clients. */
    public static final String PLATFORM = "@platform";
    /** A service that reads topics without a consumer group: {@value #CATALOG}. */
    public static final String BROWSES = "carbon254.kafka.browses";
    /** In {@value #BROWSES}: every catalog topic, dead-letter topics included. */
    public static final String CATALOG = "@catalog";
    /**
     * A service whose replays read what the archive's restore wrote back ({@code true}): the restore topic of each
     * event topic it consumes, read without a consumer group.
     */
    public static final String REPLAYS_RESTORED = "carbon254.kafka.replays-restored";
    /** The groups whose lag a service measures ({@code ConsumerLagMonitor}). */

    public static final String WATCHED_GROUPS = "carbon254.metrics.consumer-lag.watched-groups";
    /** The Flink job's pipelines ({@code --pipelines}). */
    static final String INGESTION = "ingestion";
    static final String QUALITY = "quality";
    static final String ARCHIVE = "archive";
    private static final com.fasterxml.jackson.databind.ObjectMapper YAML =
            new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
    /** The projector channel that reads every dead-letter topic of the catalog. */
    public static final String DEAD_LETTERS_CHANNEL = "dead-letters";
    /** Platform libraries whose declarations count for every service that depends on them. */
    static final List<String> LIBRARIES = List.of("event-runtime", "api-runtime");

    private static final Pattern INCOMING = Pattern.compile("^mp\\.messaging\\.incoming\\.([^.]+)\\.connector$");
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^:}]+)(?::([^}]*))?}");

    public ServiceKafkaAccess {
        Objects.requireNonNull(service, "service");
        // Sorted, so that the rendered ACLs come out in the same order at every rendering.
        reads = sorted(reads);
        writes = sorted(writes);
        consumerGroups = sorted(consumerGroups);
        describedGroups = sorted(describedGroups);
        describedTopics = sorted(describedTopics);
        Objects.requireNonNull(transactionalIdPrefix, "transactionalIdPrefix");
        browsedTopics = sorted(browsedTopics);
        if (!reads.isEmpty() && consumerGroups.isEmpty() && transactionalIdPrefix.isEmpty()) {
            throw new IllegalArgumentException(service + " consumes but has no consumer group");
        }
    }

    /** Every Kafka client of the platform under {@code root}: each service that uses Kafka, then the Flink job. */
    public static List<ServiceKafkaAccess> derive(Path root) {
        List<ServiceKafkaAccess> services = new ArrayList<>();
        for (Path module : serviceModules(root)) {
            ofService(root, module).ifPresent(services::add);
        }
        List<ServiceKafkaAccess> jobs = flinkJobs(root);
        Set<String> platformGroups = new TreeSet<>();
        services.forEach(s -> platformGroups.addAll(s.consumerGroups()));
        jobs.forEach(j -> platformGroups.addAll(j.consumerGroups()));
        List<ServiceKafkaAccess> all = new ArrayList<>();
        for (ServiceKafkaAccess access : services) {
            all.add(access.describesPlatform() ? access.withPlatformDescribed(platformGroups)
                    : access.withWatchedGroupTopics(services));
        }
        all.addAll(jobs);
        return all;
    }

    /**
     * The access of one Flink job, from its {@code FlinkDeployment}'s arguments: {@code --pipelines} (default
     * {@value #INGESTION},{@value #QUALITY}), {@code --group-id}, {@code --transactional-id-prefix}. The aggregations
     * read their input topic and write its aggregate, exactly once (Kafka transactions), and too-late or unreadable
     * events to the input's .dlq; the {@value #ARCHIVE} reads every catalog topic (its output is Iceberg tables), and
     * its user also runs the restore, which writes (and first empties) every restore topic, in transactions.
     */
    static ServiceKafkaAccess flinkJob(String name, List<String> args) {
        Set<String> pipelines = list(argument(args, "--pipelines", INGESTION + "," + QUALITY));
        Set<String> reads = new TreeSet<>();
        Set<String> writes = new TreeSet<>();
        if (pipelines.contains(INGESTION)) {
            reads.add(TopicCatalog.DATA_INGESTION.name());
            writes.add(TopicCatalog.DATA_INGESTION_AGGREGATED.name());
        }
        if (pipelines.contains(QUALITY)) {
            reads.add(TopicCatalog.DATA_QUALITY.name());
            writes.add(TopicCatalog.DATA_QUALITY_AGGREGATED.name());
        }
        new TreeSet<>(reads).forEach(topic -> writes.add(topic + TopicDefinition.DEAD_LETTER_SUFFIX));
        if (pipelines.contains(ARCHIVE)) {
            TopicCatalog.topics().forEach(topic -> reads.add(topic.name()));
            TopicCatalog.restoreTopics().forEach(topic -> writes.add(topic.name()));
        }
        String group = argument(args, "--group-id", "flink-aggregator");
        Optional<String> transactions = writes.isEmpty() ? Optional.empty()
                : Optional.of(argument(args, "--transactional-id-prefix", "flink-aggregator"));
        return new ServiceKafkaAccess(name, reads, writes, Set.of(group), Set.of(), Set.of(), transactions, Set.of());
    }

    /** Every {@code FlinkDeployment} of the platform manifests ({@code src/main/kubernetes/}). */
    static List<ServiceKafkaAccess> flinkJobs(Path root) {
        List<ServiceKafkaAccess> jobs = new ArrayList<>();
        Path manifests = root.resolve(RenderManifests.PLATFORM_MANIFESTS);
        if (!Files.isDirectory(manifests)) {
            return jobs;
        }
        try (var files = Files.list(manifests)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                try (var parser = YAML.createParser(file.toFile())) {
                    var documents = YAML.readValues(parser, JsonNode.class);
                    while (documents.hasNext()) {
                        JsonNode document = documents.next();
                        if (document != null && "FlinkDeployment".equals(document.path("kind").asText())) {
                            List<String> args = new ArrayList<>();
                            document.path("spec").path("job").path("args").forEach(a -> args.add(a.asText()));
                            jobs.add(flinkJob(document.path("metadata").path("name").asText(), args));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jobs;
    }

    private static String argument(List<String> args, String name, String defaultValue) {
        int at = args.indexOf(name);
        return at >= 0 && at + 1 < args.size() ? args.get(at + 1) : defaultValue;
    }

    /** The access of one service module, empty when it has no Kafka client. */
    static Optional<ServiceKafkaAccess> ofService(Path root, Path module) {
        Properties config = load(module.resolve("src/main/resources/application.properties"));
        Set<String> reads = new TreeSet<>();
        Set<String> writes = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        for (String key : config.stringPropertyNames()) {
            Matcher incoming = INCOMING.matcher(key);
            if (!incoming.matches() || !"smallrye-kafka".equals(config.getProperty(key).trim())) {
                continue;
            }
            String channel = incoming.group(1);
            String prefix = "mp.messaging.incoming." + channel + ".";
            Set<String> topics = channelTopics(channel, config, prefix);
            reads.addAll(topics);
            Optional.ofNullable(config.getProperty(prefix + "group.id")).map(String::trim).ifPresent(groups::add);
            if (!"fail".equals(config.getProperty(prefix + "failure-strategy", "dead-letter-queue").trim())) {
                topics.forEach(topic -> writes.add(topic + TopicDefinition.DEAD_LETTER_SUFFIX));
            }
        }
        Set<String> published = publishes(root, module, config);
        writes.addAll(published);
        Set<String> watched = list(config.getProperty(WATCHED_GROUPS));
        Set<String> describes = list(config.getProperty(DESCRIBES));
        if (!describes.isEmpty() && !describes.equals(Set.of(PLATFORM))) {
            throw new IllegalStateException(module.getFileName() + ": " + DESCRIBES + " takes " + PLATFORM + ", not "
                    + describes);
        }
        if (describes.contains(PLATFORM)) {
            watched = new TreeSet<>(Set.of(PLATFORM));
        }
        Set<String> browses = list(config.getProperty(BROWSES));
        if (!browses.isEmpty() && !browses.equals(Set.of(CATALOG))) {
            throw new IllegalStateException(module.getFileName() + ": " + BROWSES + " takes " + CATALOG + ", not "
                    + browses);
        }
        Set<String> browsed = browses.isEmpty() ? new TreeSet<>() : TopicCatalog.allTopicsWithDeadLetters().stream()
                .map(TopicDefinition::name).collect(Collectors.toCollection(TreeSet::new));
        if (Boolean.parseBoolean(config.getProperty(REPLAYS_RESTORED, "false").trim())) {
            TopicCatalog.topics().stream().filter(topic -> reads.contains(topic.name()))
                    .forEach(topic -> browsed.add(topic.restore().name()));
        }
        if (reads.isEmpty() && writes.isEmpty() && watched.isEmpty() && browsed.isEmpty()) {
            return Optional.empty();
        }
        unknownTopics(reads, writes).ifPresent(unknown -> {
            throw new IllegalStateException(module.getFileName() + " names topics that are not in the catalog: "
                    + unknown);
        });
        return Optional.of(new ServiceKafkaAccess(module.getFileName().toString(), reads, writes, groups, watched,
                Set.of(), Optional.empty(), browsed));
    }

    /** Whether this service declared {@value #DESCRIBES} = {@value #PLATFORM} (its described groups say so until derived). */
    private boolean describesPlatform() {
        return describedGroups.contains(PLATFORM);
    }

    /** Every catalog topic and every consumer group of the platform's clients, described. */
    private ServiceKafkaAccess withPlatformDescribed(Set<String> platformGroups) {
        Set<String> topics = TopicCatalog.allTopicsWithDeadLetters().stream().map(TopicDefinition::name)
                .collect(Collectors.toCollection(TreeSet::new));
        return new ServiceKafkaAccess(service, reads, writes, consumerGroups, platformGroups, topics,
                transactionalIdPrefix, browsedTopics);
    }

    /** The topics the groups this service watches read, found in the other services' access. */
    private ServiceKafkaAccess withWatchedGroupTopics(List<ServiceKafkaAccess> services) {
        if (describedGroups.isEmpty()) {
            return this;
        }
        Set<String> topics = new TreeSet<>();
        for (String group : describedGroups) {
            ServiceKafkaAccess owner = services.stream().filter(s -> s.consumerGroups().contains(group)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(service + " watches group " + group
                            + ", which no service's channels use"));
            topics.addAll(owner.topicsOfGroup(group));
        }
        return new ServiceKafkaAccess(service, reads, writes, consumerGroups, describedGroups, topics,
                transactionalIdPrefix, browsedTopics);
    }

    /** Topics read in a group: all the service reads (a service's groups are per channel, but one service's reads). */
    private Set<String> topicsOfGroup(String group) {
        return consumerGroups.contains(group) ? reads : Set.of();
    }

    /** Every topic the service touches in any way, for checks. */
    public Set<String> topics() {
        Set<String> topics = new TreeSet<>(reads);
        topics.addAll(writes);
        topics.addAll(describedTopics);
        topics.addAll(browsedTopics);
        return topics;
    }

    private static Set<String> channelTopics(String channel, Properties config, String prefix) {
        String topics = config.getProperty(prefix + "topics");
        if (topics == null && channel.equals(DEAD_LETTERS_CHANNEL)) {
            return TopicCatalog.topics().stream().map(TopicDefinition::deadLetterTopic)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        if (topics != null) {
            return list(topics);
        }
        return new TreeSet<>(Set.of(config.getProperty(prefix + "topic", channel).trim()));
    }

    /** The topics of every event type the service and its platform libraries declare under {@value #PUBLISHES}. */
    static Set<String> publishes(Path root, Path module, Properties config) {
        Set<String> declared = new TreeSet<>(declarations(config));
        for (String library : platformLibraries(module)) {
            declared.addAll(declarations(load(root.resolve("services").resolve(library)
                    .resolve("src/main/resources/META-INF/microprofile-config.properties"))));
        }
        Set<String> topics = new TreeSet<>();
        for (String entry : declared) {
            switch (entry) {
                case GATEWAY -> Arrays.stream(EventType.values()).filter(t -> t.publishRule().publishableThroughGateway())
                        .forEach(t -> topics.add(t.topic().name()));
                case REDRIVE -> TopicCatalog.topics().forEach(t -> topics.add(t.name()));
                default -> topics.add(EventType.byTypeName(entry).orElseThrow(() -> new IllegalStateException(
                        PUBLISHES + " names " + entry + ", which is no event type of the catalog")).topic().name());
            }
        }
        return topics;
    }

    /** The values of every {@value #PUBLISHES} key of a configuration file. */
    static Set<String> declarations(Properties config) {
        Set<String> declared = new TreeSet<>();
        config.stringPropertyNames().stream().filter(k -> k.equals(PUBLISHES) || k.startsWith(PUBLISHES + "."))
                .forEach(k -> declared.addAll(list(config.getProperty(k))));
        return declared;
    }

    /** The platform libraries ({@link #LIBRARIES}) a service module depends on, from its POM. */
    static Set<String> platformLibraries(Path module) {
        Set<String> libraries = new LinkedHashSet<>();
        try {
            Matcher artifact = ARTIFACT.matcher(Files.readString(module.resolve("pom.xml")));
            while (artifact.find()) {
                if (LIBRARIES.contains(artifact.group(1))) {
                    libraries.add(artifact.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return libraries;
    }

    private static Optional<Set<String>> unknownTopics(Set<String> reads, Set<String> writes) {
        Set<String> known = TopicCatalog.allTopicsWithDeadLetters().stream().map(TopicDefinition::name)
                .collect(Collectors.toSet());
        Set<String> unknown = new TreeSet<>(reads);
        unknown.addAll(writes);
        unknown.removeAll(known);
        return unknown.isEmpty() ? Optional.empty() : Optional.of(unknown);
    }

    private static List<Path> serviceModules(Path root) {
        Path services = root.resolve("services");
        if (!Files.isDirectory(services)) {
            return List.of();
        }
        try (var modules = Files.list(services)) {
            return modules.filter(m -> Files.isRegularFile(m.resolve("src/main/resources/application.properties")))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A configuration file with its {@code ${key:default}} expressions expanded, as MicroProfile Config would. */
    private static Properties load(Path file) {
        Properties raw = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                raw.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Properties expanded = new Properties();
        raw.stringPropertyNames().forEach(key -> expanded.setProperty(key, expand(raw, raw.getProperty(key), 0)));
        return expanded;
    }

    private static String expand(Properties config, String value, int depth) {
        Matcher expression = EXPRESSION.matcher(value);
        if (depth > 10 || !expression.find()) {
            return value;
        }
        String key = expression.group(1);
        String replacement = config.getProperty(key, expression.group(2) == null ? expression.group(0)
                : expression.group(2));
        return expand(config, value.substring(0, expression.start()) + replacement + value.substring(expression.end()),
                depth + 1);
    }

    private static Set<String> list(String value) {
        return value == null ? new TreeSet<>() : Arrays.stream(value.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> sorted(Set<String> values) {
        return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(values));
    }

    private static Set<String> names(List<TopicDefinition> topics) {
        return topics.stream().map(TopicDefinition::name).collect(Collectors.toCollection(TreeSet::new));
    }
}
