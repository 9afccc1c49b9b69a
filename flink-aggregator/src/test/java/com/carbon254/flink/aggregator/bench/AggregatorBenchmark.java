package com.carbon254.flink.aggregator.bench;

import com.carbon254.devstack.Component;
import com.carbon254.devstack.EmbeddedStack;
import com.carbon254.devstack.StackOptions;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.data.DataIngestionAggregatedEvent;
import com.carbon254.events.data.DataIngestionEvent;
import com.carbon254.events.data.Status;
import com.carbon254.events.runtime.serde.RegistrySchemas;
import com.carbon254.flink.aggregator.Aggregations;
import com.carbon254.flink.aggregator.AggregatorConfig;
import com.carbon254.flink.aggregator.AggregatorJob;
import com.carbon254.flink.aggregator.pipeline.SourceRecord;
import com.carbon254.flink.aggregator.pipeline.WindowedAggregation;
import com.carbon254.flink.aggregator.serde.OutboundRecord;
import com.carbon254.flink.aggregator.serde.RegistryAvroDeserializationSchema;
import com.carbon254.flink.aggregator.serde.WireFormat;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput of the ingestion aggregation against a raw KafkaConsumer that decodes the same topic, in the same run,
 * on the devstack's real broker and registry (started here, with a fully optimizing JIT).
 *
 * <pre>
 * --events N            events written to data-ingestion first (default 500000)
 * --datasets N          distinct datasets (default 500)
 * --parallelism LIST    job parallelisms to measure, comma-separated (default 1,2)
 * --rounds N            rounds of all measurements, interleaved; the best of each is reported (default 3)
 * </pre>
 *
 * The job runs bounded (earliest to the end offsets seen at its start) on a local MiniCluster, with the exactly-once
 * sink and 5-minute windows, exactly as deployed; its throughput is measured from its first to its last record read
 * (steady state), and from submission to the final commit (including MiniCluster start and the final checkpoint).
 */
public final class AggregatorBenchmark {

    private static final AtomicLong FIRST_READ = new AtomicLong();
    private static final AtomicLong LAST_READ = new AtomicLong();
    private static final AtomicLong READ = new AtomicLong();
    private static final java.util.concurrent.atomic.AtomicInteger ROUNDS = new java.util.concurrent.atomic.AtomicInteger();

    private AggregatorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        int events = params.getInt("events", 500_000);
        int datasets = params.getInt("datasets", 500);
        String[] parallelisms = params.get("parallelism", "1,2").split(",");
        int rounds = params.getInt("rounds", 3);
        ROUNDS.set(rounds);

        Path home = Files.createTempDirectory("aggregator-bench-");
        StackOptions options = new StackOptions(home, EnumSet.of(Component.KAFKA, Component.REGISTRY), true, Map.of(),
                false, false, true, false, line -> System.err.println("devstack: " + line));
        try (EmbeddedStack stack = EmbeddedStack.start(options)) {
            String bootstrap = stack.endpoints().kafkaBootstrapServers();
            String registryUrl = stack.endpoints().registryUrl();
            RegistrySchemas registry = RegistrySchemas.at(registryUrl);
            int schemaId = Math.toIntExact(registry.contentIdOf(TopicCatalog.DATA_INGESTION.valueSubject(),
                    DataIngestionEvent.getClassSchema()).orElseThrow());

            long fillStart = System.nanoTime();
            long bytes = fill(bootstrap, schemaId, events, datasets);
            double fillSeconds = seconds(System.nanoTime() - fillStart);
            System.err.printf("filled data-ingestion with %,d events (%,d MB) in %.1f s%n", events, bytes >> 20,
                    fillSeconds);

            // Rounds of every measurement, interleaved, best of each: the first round warms the JIT up, and other
            // processes on a shared machine slow single runs down unevenly.
            double rawBest = Double.MAX_VALUE;
            Map<Integer, double[]> flinkBest = new java.util.LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                rawBest = Math.min(rawBest, raw(bootstrap, registry, events));
                for (String p : parallelisms) {
                    int parallelism = Integer.parseInt(p.trim());
                    double[] run = flink(bootstrap, registryUrl, home, parallelism, events);
                    double[] best = flinkBest.computeIfAbsent(parallelism,
                            k -> new double[] {Double.MAX_VALUE, Double.MAX_VALUE});
                    best[0] = Math.min(best[0], run[0]);
                    best[1] = Math.min(best[1], run[1]);
                }
            }
            double rawRate = events / rawBest;
            List<String[]> rows = new ArrayList<>();
            rows.add(row("raw KafkaConsumer + Avro decode, 1 thread", events, rawBest, rawRate, rawRate));
            for (Map.Entry<Integer, double[]> flink : flinkBest.entrySet()) {
                rows.add(row("Flink job p=" + flink.getKey() + ", first to last record read", events,
                        flink.getValue()[0], events / flink.getValue()[0], rawRate));
                rows.add(row("Flink job p=" + flink.getKey() + ", submit to final commit", events,
                        flink.getValue()[1], events / flink.getValue()[1], rawRate));
            }
            print(rows, events, datasets);
        } finally {
            EmbeddedStack.deleteRecursively(home);
        }
        System.exit(0);
    }

    private static long fill(String bootstrap, int schemaId, int events, int datasets) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "1");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Random random = new Random(1);
        Status[] statuses = Status.values();
        long start = Instant.parse("2032-01-01T00:00:00Z").toEpochMilli();
        long bytes = 0;
        SpecificDatumWriter<DataIngestionEvent> writer = new SpecificDatumWriter<>(DataIngestionEvent.class);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        BinaryEncoder encoder = null;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                String dataset = "bench-dataset-" + random.nextInt(datasets);
                // Two hours of event time, up to 20 s out of order.
                long time = start + (long) i * 7_200_000L / events - random.nextInt(20_000);
                DataIngestionEvent event = DataIngestionEvent.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setTimestamp(Instant.ofEpochMilli(time))
                        .setSource("ingest-" + random.nextInt(5))
                        .setDatasetName(dataset)
                        .setRecordCount(random.nextInt(100_000))
                        .setSizeBytes(random.nextInt(100_000_000))
                        .setFormat("parquet")
                        .setLocation("s3://lake/" + dataset + "/" + i)
                        .setStatus(statuses[random.nextInt(3)])
                        .setMetadata(Map.of("pipeline", "bench", "batch", Integer.toString(i)))
                        .build();
                buffer.reset();
                byte[] header = new byte[WireFormat.HEADER_LENGTH];
                WireFormat.writeHeader(schemaId, header);
                buffer.write(header);
                encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
                writer.write(event, encoder);
                encoder.flush();
                byte[] value = buffer.toByteArray();
                bytes += value.length;
                producer.send(new ProducerRecord<>(TopicCatalog.DATA_INGESTION.name(),
                        dataset.getBytes(StandardCharsets.UTF_8), value));
            }
            producer.flush();
        }
        return bytes;
    }

    /** Reads the whole topic with one KafkaConsumer, decoding every value; returns events per second. */
    private static double raw(String bootstrap, RegistrySchemas registry, int events) throws IOException {
        return events / rawRate(bootstrap, registry, events);
    }

    private static double rawRate(String bootstrap, RegistrySchemas registry, int events) throws IOException {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-raw-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        Schema reader = DataIngestionEvent.getClassSchema();
        SpecificData data = SpecificData.getForClass(DataIngestionEvent.class);
        Map<Integer, SpecificDatumReader<DataIngestionEvent>> readers = new HashMap<>();
        BinaryDecoder decoder = null;
        long count = 0;
        long checksum = 0;
        long start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TopicCatalog.DATA_INGESTION.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!reachedEnd(consumer, end)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    byte[] value = record.value();
                    int id = WireFormat.schemaId(value);
                    SpecificDatumReader<DataIngestionEvent> datumReader = readers.get(id);
                    if (datumReader == null) {
                        datumReader = new SpecificDatumReader<>(registry.writerSchema(id).orElseThrow(), reader, data);
                        readers.put(id, datumReader);
                    }
                    decoder = DecoderFactory.get().binaryDecoder(value, WireFormat.HEADER_LENGTH,
                            value.length - WireFormat.HEADER_LENGTH, decoder);
                    DataIngestionEvent event = datumReader.read(null, decoder);
                    checksum += event.getRecordCount();
                    count++;
                }
            }
        }
        double elapsed = seconds(System.nanoTime() - start);
        if (count != events) {
            throw new IllegalStateException("raw consumer read " + count + " events, expected " + events);
        }
        System.err.printf("raw consumer: %,d events in %.2f s (checksum %d)%n", count, elapsed, checksum);
        return count / elapsed;
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Runs the ingestion aggregation bounded over the topic; returns {steady seconds, total seconds}. */
    private static double[] flink(String bootstrap, String registryUrl, Path home, int parallelism, int events)
            throws Exception {
        String run = "bench-p" + parallelism + "-" + UUID.randomUUID().toString().substring(0, 6);
        AggregatorConfig config = AggregatorConfig.fromArgs(
                "--bootstrap-servers", bootstrap,
                "--registry-url", registryUrl,
                "--group-id", run,
                "--starting-offsets", "earliest",
                "--bounded",
                "--pipelines", "ingestion",
                "--parallelism", Integer.toString(parallelism),
                "--checkpoint-interval", "2 s",
                "--checkpoint-dir", home.resolve(run + "/checkpoints").toUri().toString(),
                "--transactional-id-prefix", run,
                "--resume", "none",
                "--local");
        FIRST_READ.set(0);
        LAST_READ.set(0);
        READ.set(0);
        long submitted = System.nanoTime();
        StreamExecutionEnvironment env = AggregatorJob.environment(config);
        WindowedAggregation<DataIngestionEvent, ?, ?, DataIngestionAggregatedEvent> ingestion = Aggregations.ingestion();
        RegistrySchemas registry = RegistrySchemas.at(registryUrl);
        int outputId = ingestion.outputSchemaId(registry);
        KafkaSource<SourceRecord<DataIngestionEvent>> source = KafkaSource.<SourceRecord<DataIngestionEvent>>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(ingestion.input().name())
                .setGroupId(run)
                .setStartingOffsets(config.startingOffsetsInitializer())
                .setBounded(org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer.latest())
                .setDeserializer(new Timed<>(new RegistryAvroDeserializationSchema<>(DataIngestionEvent.class,
                        registry)))
                .build();
        DataStream<OutboundRecord> out = ingestion.addTo(env, config, source, outputId);
        out.sinkTo(AggregatorJob.sink(config)).uid("kafka-sink").name("exactly-once to Kafka");
        JobClient job = env.executeAsync(run);
        job.getJobExecutionResult().get(30, TimeUnit.MINUTES);
        long finished = System.nanoTime();
        if (READ.get() != events) {
            throw new IllegalStateException("job read " + READ.get() + " events, expected " + events);
        }
        long total = verify(bootstrap, events);
        System.err.printf("flink p=%d: %,d events read, windows total %,d events, %.2f s steady, %.2f s total%n",
                parallelism, READ.get(), total, seconds(LAST_READ.get() - FIRST_READ.get()),
                seconds(finished - submitted));
        return new double[] {seconds(LAST_READ.get() - FIRST_READ.get()), seconds(finished - submitted)};
    }

    /** The committed results of the last run add up to every event (each run's results are read since its start). */
    private static long verify(String bootstrap, int events) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-verify-" + UUID.randomUUID());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Long> latestPerWindow = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TopicCatalog.DATA_INGESTION_AGGREGATED.name())
                    .stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Schema schema = DataIngestionAggregatedEvent.getClassSchema();
            SpecificDatumReader<DataIngestionAggregatedEvent> reader = new SpecificDatumReader<>(schema, schema,
                    SpecificData.getForClass(DataIngestionAggregatedEvent.class));
            while (!reachedEnd(consumer, end)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    try {
                        DataIngestionAggregatedEvent result = reader.read(null, DecoderFactory.get().binaryDecoder(
                                record.value(), 5, record.value().length - 5, null));
                        // every run emits the same windows (and ids): the last one read counts
                        latestPerWindow.put(result.getEventId(), result.getEventCount());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        long total = latestPerWindow.values().stream().mapToLong(Long::longValue).sum();
        if (total != events) {
            throw new IllegalStateException("the committed windows hold " + total + " events, expected " + events);
        }
        return total;
    }

    private static String[] row(String what, long events, double seconds, double rate, double rawRate) {
        return new String[] {what, String.format(Locale.ROOT, "%,d", events),
                String.format(Locale.ROOT, "%.2f", seconds), String.format(Locale.ROOT, "%,.0f", rate),
                String.format(Locale.ROOT, "%.0f %%", 100 * rate / rawRate)};
    }

    private static void print(List<String[]> rows, int events, int datasets) {
        System.out.printf("%nAggregator benchmark: %,d DataIngestion events, %d datasets, %d cores, Java %s,"
                        + " best of %d rounds%n%n", events, datasets, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), ROUNDS.get());
        System.out.println("| run | events | seconds | events/s | vs raw |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (String[] row : rows) {
            System.out.println("| " + String.join(" | ", row) + " |");
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Records when the first and last record was read (the MiniCluster runs in this JVM). */
    static final class Timed<T> implements KafkaRecordDeserializationSchema<T> {
        private static final long serialVersionUID = 1L;
        private final KafkaRecordDeserializationSchema<T> delegate;

        Timed(KafkaRecordDeserializationSchema<T> delegate) {
            this.delegate = delegate;
        }

        @Override
        public void open(DeserializationSchema.InitializationContext context) throws Exception {
            delegate.open(context);
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) throws IOException {
            long now = System.nanoTime();
            FIRST_READ.compareAndSet(0, now);
            delegate.deserialize(record, out);
            LAST_READ.accumulateAndGet(now, Math::max);
            READ.incrementAndGet();
        }

        @Override
        public TypeInformation<T> getProducedType() {
            return delegate.getProducedType();
        }
    }
}
