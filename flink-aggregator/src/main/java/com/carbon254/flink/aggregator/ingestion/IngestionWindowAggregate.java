package com.carbon254.flink.aggregator.ingestion;

import com.carbon254.events.data.DataIngestionEvent;
import com.carbon254.flink.aggregator.pipeline.WindowAggregate;
import com.carbon254.flink.aggregator.pipeline.WindowAggregateFunction;

import java.util.HashSet;
import java.util.Set;

/**
 * What the job keeps of one dataset's DataIngestion events in one window: counts, sums, status counts, time range and
 * the distinct sources. A Flink POJO (the accumulator of {@link WindowAggregateFunction}).
 */
public class IngestionWindowAggregate extends WindowAggregate<IngestionObservation, IngestionWindowAggregate> {

    private long eventCount;
    private long totalRecordCount;
    private long totalSizeBytes;
    private long successCount;
    private long failureCount;
    private long partialCount;
    private Set<String> sources = new HashSet<>();

    public IngestionWindowAggregate() {
    }

    /** Adds one event. */
    public IngestionWindowAggregate add(DataIngestionEvent event) {
        return add(IngestionObservation.of(event));
    }

    @Override
    public IngestionWindowAggregate add(IngestionObservation event) {
        eventCount++;
        totalRecordCount += event.getRecordCount();
        totalSizeBytes += event.getSizeBytes();
        switch (event.getStatus()) {
            case SUCCESS -> successCount++;
            case FAILURE -> failureCount++;
            case PARTIAL -> partialCount++;
        }
        addEventTime(event.getEventTime());
        sources.add(event.getSource());
        return this;
    }

    @Override
    public IngestionWindowAggregate merge(IngestionWindowAggregate other) {
        eventCount += other.eventCount;
        totalRecordCount += other.totalRecordCount;
        totalSizeBytes += other.totalSizeBytes;
        successCount += other.successCount;
        failureCount += other.failureCount;
        partialCount += other.partialCount;
        mergeEventTimes(other);
        sources.addAll(other.sources);
        return this;
    }

    public int distinctSources() {
        return sources.size();
    }

    public long getEventCount() {
        return eventCount;
    }

    public void setEventCount(long eventCount) {
        this.eventCount = eventCount;
    }

    public long getTotalRecordCount() {
        return totalRecordCount;
    }

    public void setTotalRecordCount(long totalRecordCount) {
        this.totalRecordCount = totalRecordCount;
    }

    public long getTotalSizeBytes() {
        return totalSizeBytes;
    }

    public void setTotalSizeBytes(long totalSizeBytes) {
        this.totalSizeBytes = totalSizeBytes;
    }

    public long getSuccessCount() {
        return successCount;
    }

    public void setSuccessCount(long successCount) {
        this.successCount = successCount;
    }

    public long getFailureCount() {
        return failureCount;
    }

    public void setFailureCount(long failureCount) {
        this.failureCount = failureCount;
    }

    public long getPartialCount() {
        return partialCount;
    }

    public void setPartialCount(long partialCount) {
        this.partialCount = partialCount;
    }

    public Set<String> getSources() {
        return sources;
    }

    public void setSources(Set<String> sources) {
        this.sources = sources;
    }
}
