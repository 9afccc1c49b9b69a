package com.carbon254.flink.aggregator.pipeline;

import com.carbon254.events.catalog.TopicDefinition;
import com.carbon254.events.runtime.serde.RegistrySchemas;
import com.carbon254.flink.aggregator.AggregatorConfig;
import com.carbon254.flink.aggregator.serde.AvroWireEncoder;
import com.carbon254.flink.aggregator.serde.OutboundRecord;
import com.carbon254.flink.aggregator.serde.RegistryAvroDeserializationSchema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * One aggregation of the job, the same mechanics for every event type:
 *
 * <ol>
 *   <li>a Kafka source on the input topic that decodes the framed Avro values through the registry, with per-partition
 *       watermarks (bounded out-of-orderness, idleness) from the events' own timestamps;</li>
 *   <li>undecodable records to the dead-letter topic; each decoded event reduced to its observation (chained to the
 *       source, so only the small observation crosses to the windows);</li>
 *   <li>per dataset, redeliveries of an event (same eventId) dropped for as long as they could change a window
 *       ({@link DropDuplicateEvents});</li>
 *   <li>tumbling event-time windows per dataset, with allowed lateness: the on-time result, then one late update per
 *       late event; events later than that to the dead-letter topic (and counted);</li>
 *   <li>results encoded as framed Avro with the registered schema id of the output topic's subject.</li>
 * </ol>
 *
 * <p>Every output is an {@link OutboundRecord}, for the job's single exactly-once sink.
 *
 * @param name              the aggregation's name, which prefixes its operators' uids (kept across versions: state
 *                          is restored by uid)
 * @param inputFields       the dataset and event time of an input event
 * @param projection        an input event reduced to its observation
 * @param outputFields      the dataset and event time of a result, for its record
 * @param aggregateFunction folds the observations of a window into its aggregate
 * @param windowFunction    turns a fired window's aggregate into the result event
 * @param <IN>  input event
 * @param <F>   observation of an input event
 * @param <ACC> window aggregate
 * @param <OUT> result event
 */
public record WindowedAggregation<IN extends SpecificRecordBase, F extends ObservedEvent,
        ACC extends WindowAggregate<F, ACC>, OUT extends SpecificRecordBase>(
        String name, TopicDefinition input, TopicDefinition output, Class<IN> inputClass, Class<F> observationClass,
        Class<ACC> aggregateClass, Class<OUT> outputClass, EventFields<IN> inputFields, Projection<IN, F> projection,
        EventFields<OUT> outputFields, AggregateFunction<F, ACC, ACC> aggregateFunction,
        SequencedWindowFunction<ACC, OUT> windowFunction) {

    /** The Kafka source of this aggregation, decoding through the registry. */
    public KafkaSource<SourceRecord<IN>> source(AggregatorConfig config, RegistrySchemas registry) {
        KafkaSourceBuilder<SourceRecord<IN>> builder = KafkaSource.<SourceRecord<IN>>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(input.name())
                .setGroupId(config.groupId())
                .setClientIdPrefix(config.groupId() + "-" + name)
                .setStartingOffsets(config.startingOffsetsInitializer())
                .setDeserializer(new RegistryAvroDeserializationSchema<>(inputClass, registry))
                .setProperty("partition.discovery.interval.ms", "60000");
        config.kafkaProperties().forEach(builder::setProperty);
        if (config.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** Per-partition watermarks from the events' timestamps; undecodable records do not move them. */
    public WatermarkStrategy<SourceRecord<IN>> watermarks(AggregatorConfig config) {
        EventFields<IN> fields = inputFields;
        return WatermarkStrategy.<SourceRecord<IN>>forBoundedOutOfOrderness(config.outOfOrderness())
                .withTimestampAssigner((record, kafkaTimestamp) ->
                        record.decoded() ? fields.eventTime(record.getEvent()) : Long.MIN_VALUE)
                .withIdleness(config.idleness());
    }

    /**
     * Adds this aggregation to {@code env}.
     *
     * @return the results and the dead letters, as records for the sink
     * @throws RegistrySchemas.RegistryUnavailableException if the registry cannot be reached to look up the output
     *                                                      schema id
     */
    public DataStream<OutboundRecord> addTo(StreamExecutionEnvironment env, AggregatorConfig config,
            RegistrySchemas registry) {
        return addTo(env, config, source(config, registry), outputSchemaId(registry));
    }

    /**
     * The id the registry holds for the output schema, found by content. The job never registers a schema: one that
     * is not registered is a deployment error, not something to retry.
     */
    public int outputSchemaId(RegistrySchemas registry) {
        return Math.toIntExact(registry.contentIdOf(output.valueSubject(),
                SpecificData.getForClass(outputClass).getSchema(outputClass)).orElseThrow(() -> new IllegalStateException(
                "The schema this job writes is not registered under subject '" + output.valueSubject() + "' in the"
                        + " registry at " + registry.url() + ". The job never registers schemas: register it through"
                        + " the platform's provisioning (./platform up) or the schema pipeline first.")));
    }

    /** Adds this aggregation to {@code env} reading from {@code source} (the benchmark wraps the source). */
    public DataStream<OutboundRecord> addTo(StreamExecutionEnvironment env, AggregatorConfig config,
            Source<SourceRecord<IN>, ?, ?> source, int outputSchemaId) {
        TypeInformation<F> observationType = TypeInformation.of(observationClass);
        TypeInformation<OutboundRecord> outboundType = TypeInformation.of(OutboundRecord.class);
        String deadLetterTopic = input.deadLetterTopic();
        OutputTag<OutboundRecord> undecodable = new OutputTag<>(name + "-undecodable", outboundType);
        OutputTag<F> tooLate = new OutputTag<>(name + "-too-late", observationType);

        SingleOutputStreamOperator<F> observed = env
                .fromSource(source, watermarks(config), input.name())
                .uid(name + "-source")
                .process(new ObserveOrDeadLetter<>(projection, undecodable, deadLetterTopic), observationType)
                .uid(name + "-observe")
                .name("observe, undecodable to dlq");

        // Redeliveries dropped per dataset, chained to the windows: the stream stays partitioned by dataset.
        SingleOutputStreamOperator<F> firstDeliveries = observed
                .keyBy(ObservedEvent::getDatasetName, Types.STRING)
                .process(new DropDuplicateEvents<F>(config.windowSize(), config.allowedLateness()), observationType)
                .uid(name + "-dedup")
                .name(name + " drop duplicates");

        SingleOutputStreamOperator<OUT> results = DataStreamUtils
                .reinterpretAsKeyedStream(firstDeliveries, ObservedEvent::getDatasetName, Types.STRING)
                .window(TumblingEventTimeWindows.of(config.windowSize()))
                .allowedLateness(config.allowedLateness())
                .sideOutputLateData(tooLate)
                .aggregate(aggregateFunction, windowFunction, TypeInformation.of(aggregateClass),
                        TypeInformation.of(aggregateClass), new AvroTypeInfo<>(outputClass))
                .uid(name + "-windows")
                .name(name + " windows");

        DataStream<OutboundRecord> encoded = results
                .map(new ToOutboundRecord<>(output.name(), new AvroWireEncoder<>(outputClass, outputSchemaId),
                        outputFields), outboundType)
                .uid(name + "-encode")
                .name("encode " + output.name());

        DataStream<OutboundRecord> tooLateLetters = results.getSideOutput(tooLate)
                .process(new TooLateEvents<F>(deadLetterTopic, config.windowSize(), config.allowedLateness()),
                        outboundType)
                .uid(name + "-too-late")
                .name(name + " too late to dlq");

        return encoded.union(tooLateLetters, observed.getSideOutput(undecodable));
    }
}
