package com.carbon254.flink.aggregator.quality;

import com.carbon254.events.data.DataQualityEvent;
import com.carbon254.flink.aggregator.pipeline.WindowAggregate;
import com.carbon254.flink.aggregator.pipeline.WindowAggregateFunction;

import java.util.HashSet;
import java.util.Set;

/**
 * What the job keeps of one dataset's DataQuality check results in one window: how many ran, passed, failed
 * critically, which checks failed, and the time range. A Flink POJO (the accumulator of
 * {@link WindowAggregateFunction}).
 */
public class QualityWindowAggregate extends WindowAggregate<QualityObservation, QualityWindowAggregate> {

    private long checks;
    private long passed;
    private long criticalFailures;
    private Set<String> failedChecks = new HashSet<>();

    public QualityWindowAggregate() {
    }

    /** Adds one check result. */
    public QualityWindowAggregate add(DataQualityEvent event) {
        return add(QualityObservation.of(event));
    }

    @Override
    public QualityWindowAggregate add(QualityObservation event) {
        checks++;
        if (event.isPassed()) {
            passed++;
        } else {
            failedChecks.add(event.getCheckName());
            if (event.isCritical()) {
                criticalFailures++;
            }
        }
        addEventTime(event.getEventTime());
        return this;
    }

    @Override
    public QualityWindowAggregate merge(QualityWindowAggregate other) {
        checks += other.checks;
        passed += other.passed;
        criticalFailures += other.criticalFailures;
        failedChecks.addAll(other.failedChecks);
        mergeEventTimes(other);
        return this;
    }

    public long failed() {
        return checks - passed;
    }

    /** passed / checks, between 0.0 and 1.0 (1.0 for an empty aggregate, which is never emitted). */
    public double passRate() {
        return checks == 0 ? 1.0 : (double) passed / checks;
    }

    public long getChecks() {
        return checks;
    }

    public void setChecks(long checks) {
        this.checks = checks;
    }

    public long getPassed() {
        return passed;
    }

    public void setPassed(long passed) {
        this.passed = passed;
    }

    public long getCriticalFailures() {
        return criticalFailures;
    }

    public void setCriticalFailures(long criticalFailures) {
        this.criticalFailures = criticalFailures;
    }

    public Set<String> getFailedChecks() {
        return failedChecks;
    }

    public void setFailedChecks(Set<String> failedChecks) {
        this.failedChecks = failedChecks;
    }
}
