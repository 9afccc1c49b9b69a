package com.carbon254.console.clients;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.qute.TemplateData;

/**
 * What the console reads of the query API's answers (its OpenAPI document is the contract; unknown fields are
 * ignored, so the API may grow). Template data: the pages render these directly.
 */
public final class QueryModels {

    private QueryModels() {
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Dataset(String id, long version, String name, String description, String owner, String format,
            String location, List<String> tags, List<Column> columns, String status, Instant createdAt,
            String createdBy, Instant updatedAt, String updatedBy) {
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Column(String name, String type, Boolean nullable, String description) {
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DatasetEvent(String eventId, String eventType, long datasetVersion, Instant occurredAt,
            JsonNode payload) {

        /** The payload as indented JSON text. */
        public String payloadText() {
            return payload == null ? "" : payload.toPrettyString();
        }
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SearchResult(long total, int page, int size, List<Hit> items, Map<String, List<FacetCount>> facets) {
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Hit(String id, long version, String name, String description, String owner, String format,
            String status, List<String> tags) {
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FacetCount(String value, long count) {
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LineageGraph(String datasetName, String direction, int depth, List<LineageNode> nodes,
            List<LineageEdge> edges) {
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LineageNode(String name, int distance) {
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LineageEdge(String source, String target, String jobName, String transformation, Instant updatedAt) {
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ServiceHealth(String serviceName, String namespace, String healthStatus, Instant statusSince,
            Instant reportedAt, Long latencyMs, Double errorRate, String message) {
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ServiceTimeline(String serviceName, String namespace, List<TimelineEntry> entries) {
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TimelineEntry(String eventId, String serviceName, String namespace, String kind, Instant occurredAt,
            String summary, JsonNode details) {

        public String detailsText() {
            return details == null ? "" : details.toString();
        }
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IngestionStats(String datasetName, Instant from, Instant to, List<IngestionWindow> windows) {
    }

    /** An event-time window of the Flink aggregator, as the charts place it. */
    public interface TimeWindow {
        Instant windowStart();

        Instant windowEnd();

        boolean late();

        int updateSequence();
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IngestionWindow(Instant windowStart, Instant windowEnd, long eventCount, long totalRecordCount,
            long totalSizeBytes, long successCount, long failureCount, long partialCount, int distinctSources,
            boolean late, int updateSequence) implements TimeWindow {
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record QualityStats(String datasetName, Instant from, Instant to, List<QualityWindow> windows) {
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record QualityWindow(Instant windowStart, Instant windowEnd, long checks, long passed, long failed,
            double passRate, long criticalFailures, List<String> failedChecks, boolean late, int updateSequence)
            implements TimeWindow {

        /** The pass rate in whole percent, as charted. */
        public long passPercent() {
            return Math.round(passRate * 100);
        }
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AuditEntry(long seq, Instant occurredAt, Instant recordedAt, String eventId, String eventType,
            String actor, String action, String entity, String outcome, String source, JsonNode payload,
            String hash) {

        public String payloadText() {
            return payload == null ? "" : payload.toPrettyString();
        }
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AuditPage(List<AuditEntry> items, String next) {
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AuditVerification(boolean valid, long entriesChecked, Long firstSeq, Long lastSeq,
            Long firstInvalidSeq, String problem) {
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeadLetter(String dlqTopic, int dlqPartition, long dlqOffset, String originalTopic,
            Integer originalPartition, Long originalOffset, String reason, String cause, String eventType, String key,
            Integer valueSizeBytes, String valuePreview, List<Header> headers, Instant deadLetteredAt,
            Redrive redriven) {

        /** The position that names this dead letter in a re-drive: {@code <dlqTopic>/<partition>/<offset>}. */
        public String position() {
            return dlqTopic + "/" + dlqPartition + "/" + dlqOffset;
        }
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Header(String key, String value, String encoding) {
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Redrive(Instant at, String by, Integer partition, Long offset) {
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeadLetterPage(List<DeadLetter> items, String next) {
    }
}
