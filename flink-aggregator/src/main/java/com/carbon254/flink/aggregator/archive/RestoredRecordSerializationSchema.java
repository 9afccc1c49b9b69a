package com.carbon254.flink.aggregator.archive;

import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.flink.aggregator.pipeline.ConsumedRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A restored record into its topic's restore topic: the partition it was in, its key, value and timestamp, and
 * headers naming where it was ({@link RestorePipeline#TOPIC_HEADER}, {@link RestorePipeline#PARTITION_HEADER},
 * {@link RestorePipeline#OFFSET_HEADER}) and up to where the restore reached: the partition's log start offset when it
 * ran ({@link RestorePipeline#LOG_START_HEADER}), so that a replay can tell a restore the retention has since passed.
 */
final class RestoredRecordSerializationSchema implements KafkaRecordSerializationSchema<ConsumedRecord> {

    private static final long serialVersionUID = 1L;

    private final HashMap<String, HashMap<Integer, Long>> logStarts = new HashMap<>();

    RestoredRecordSerializationSchema(Map<String, Map<Integer, Long>> logStarts) {
        logStarts.forEach((topic, partitions) -> this.logStarts.put(topic, new HashMap<>(partitions)));
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(ConsumedRecord record, KafkaSinkContext context, Long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(RestorePipeline.TOPIC_HEADER, bytes(record.getTopic()));
        headers.add(RestorePipeline.PARTITION_HEADER, bytes(Integer.toString(record.getPartition())));
        headers.add(RestorePipeline.OFFSET_HEADER, bytes(Long.toString(record.getOffset())));
        headers.add(RestorePipeline.LOG_START_HEADER,
                bytes(Long.toString(logStarts.get(record.getTopic()).get(record.getPartition()))));
        String restoreTopic = TopicCatalog.byName(record.getTopic()).orElseThrow().restore().name();
        return new ProducerRecord<>(restoreTopic, record.getPartition(), record.getTimestamp(), record.getKey(),
                record.getValue(), headers);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
