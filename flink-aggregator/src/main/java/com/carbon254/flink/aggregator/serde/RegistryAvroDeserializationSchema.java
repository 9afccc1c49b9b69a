package com.carbon254.flink.aggregator.serde;

import com.carbon254.events.runtime.serde.RegistrySchemas;
import com.carbon254.flink.aggregator.pipeline.SourceRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;

/**
 * Decodes the platform's framed Avro values inside the Kafka source (so that watermarks are generated per partition
 * from decoded events), with a {@link RegistryAvroDecoder} into the generated class.
 *
 * <p>A record that cannot be decoded does not fail the job: it is emitted as a {@link SourceRecord} that carries the
 * reason (see {@code DeadLetters}), to be routed to the dead-letter topic. Only an unreachable registry fails the
 * job (a restart retries), because dead-lettering valid records while the registry is down would lose them.
 *
 * @param <T> the generated event class
 */
public final class RegistryAvroDeserializationSchema<T extends SpecificRecordBase>
        implements KafkaRecordDeserializationSchema<SourceRecord<T>> {

    private static final long serialVersionUID = 1L;

    /** Metric: records of the source that could not be decoded (they go to the dead-letter topic). */
    public static final String UNDECODABLE_RECORDS_METRIC = "undecodableRecords";

    private final Class<T> eventClass;
    private final RegistryAvroDecoder<T> decoder;

    private transient Counter undecodable;

    public RegistryAvroDeserializationSchema(Class<T> eventClass, RegistrySchemas registry) {
        this.eventClass = eventClass;
        this.decoder = RegistryAvroDecoder.forClass(eventClass, registry);
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        undecodable = context.getMetricGroup().counter(UNDECODABLE_RECORDS_METRIC);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord<T>> out) throws IOException {
        SourceRecord<T> result = new SourceRecord<>(record.topic(), record.partition(), record.offset(),
                record.timestamp(), record.key(), record.value());
        decodeInto(result);
        out.collect(result);
    }

    /** Decodes {@code record}'s value into its event, or marks it failed. Exposed for tests and the benchmark. */
    public SourceRecord<T> decodeInto(SourceRecord<T> record) throws IOException {
        RegistryAvroDecoder.Decoded<T> decoded = decoder.decode(record.getValue());
        if (decoded.decoded()) {
            record.setEvent(decoded.event());
            return record;
        }
        if (undecodable == null) {
            undecodable = new SimpleCounter();
        }
        undecodable.inc();
        return record.fail(decoded.failure(), decoded.detail());
    }

    @Override
    public TypeInformation<SourceRecord<T>> getProducedType() {
        return SourceRecord.typeInfo(eventClass);
    }
}
