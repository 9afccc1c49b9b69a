package com.carbon254.flink.aggregator.serde;

import com.carbon254.flink.aggregator.pipeline.KafkaRecord;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A record ready for Kafka: topic, key and value bytes, timestamp and string headers. Every output of the job (window
 * results and dead letters alike) becomes one, so that a single exactly-once sink writes them all in the same
 * transaction as the checkpoint that covers them.
 */
public class OutboundRecord extends KafkaRecord {

    private Map<String, String> headers;

    public OutboundRecord() {
    }

    public OutboundRecord(String topic, byte[] key, byte[] value, long timestamp) {
        super(topic, timestamp, key, value);
        this.headers = new LinkedHashMap<>();
    }

    public OutboundRecord header(String name, Object value) {
        if (value != null) {
            headers.put(name, String.valueOf(value));
        }
        return this;
    }

    public Map<String, String> getHeaders() {
        return headers;
    }

    public void setHeaders(Map<String, String> headers) {
        this.headers = headers;
    }

    @Override
    public String toString() {
        return "OutboundRecord{" + getTopic() + ", " + (getValue() == null ? 0 : getValue().length) + " bytes, headers="
                + headers + "}";
    }
}
