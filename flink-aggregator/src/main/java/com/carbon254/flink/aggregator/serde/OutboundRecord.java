package com.carbon254.flink.aggregator.serde;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A record ready for Kafka: topic, key and value bytes, timestamp and string headers. Every output of the job (window
 * results and dead letters alike) becomes one, so that a single exactly-once sink writes them all in the same
 * transaction as the checkpoint that covers them.
 */
public class OutboundRecord {

    private String topic;
    private byte[] key;
    private byte[] value;
    private long timestamp;
    private Map<String, String> headers;

    public OutboundRecord() {
    }

    public OutboundRecord(String topic, byte[] key, byte[] value, long timestamp) {
        this.topic = topic;
        this.key = key;
        this.value = value;
        this.timestamp = timestamp;
        this.headers = new LinkedHashMap<>();
    }

    public OutboundRecord header(String name, Object value) {
        if (value != null) {
            headers.put(name, String.valueOf(value));
        }
        return this;
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public byte[] getKey() {
        return key;
    }

    public void setKey(byte[] key) {
        this.key = key;
    }

    public byte[] getValue() {
        return value;
    }

    public void setValue(byte[] value) {
        this.value = value;
    }

    public long getTimestamp() {
        return timestamp;
    }

    public void setTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }

    public Map<String, String> getHeaders() {
        return headers;
    }

    public void setHeaders(Map<String, String> headers) {
        this.headers = headers;
    }

    @Override
    public String toString() {
        return "OutboundRecord{" + topic + ", " + (value == null ? 0 : value.length) + " bytes, headers=" + headers + "}";
    }
}
