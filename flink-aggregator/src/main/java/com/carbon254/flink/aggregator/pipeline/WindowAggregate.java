package com.carbon254.flink.aggregator.pipeline;

/**
 * What every window aggregate keeps besides its own figures: the event time of the earliest and the latest event
 * added, which every result reports as its first and last event time. The aggregates are Flink POJOs kept in window
 * state; these fields are part of each subclass's POJO (Flink finds a field of a state snapshot in the class or in
 * its superclasses), so snapshots taken when each aggregate declared them itself restore as they are.
 *
 * @param <F>    the observation it adds
 * @param <SELF> the aggregate itself, what it merges with
 */
public abstract class WindowAggregate<F extends ObservedEvent, SELF extends WindowAggregate<F, SELF>> {

    private long firstEventTime = Long.MAX_VALUE;
    private long lastEventTime = Long.MIN_VALUE;

    /** Adds one observed event; returns this aggregate. */
    public abstract SELF add(F event);

    /** Adds everything of {@code other} to this aggregate; returns this aggregate. */
    public abstract SELF merge(SELF other);

    /** Widens the time range to take in an event of {@code eventTime}. */
    protected void addEventTime(long eventTime) {
        firstEventTime = Math.min(firstEventTime, eventTime);
        lastEventTime = Math.max(lastEventTime, eventTime);
    }

    /** Widens the time range to take in everything {@code other} has seen. */
    protected void mergeEventTimes(WindowAggregate<?, ?> other) {
        firstEventTime = Math.min(firstEventTime, other.firstEventTime);
        lastEventTime = Math.max(lastEventTime, other.lastEventTime);
    }

    public long getFirstEventTime() {
        return firstEventTime;
    }

    public void setFirstEventTime(long firstEventTime) {
        this.firstEventTime = firstEventTime;
    }

    public long getLastEventTime() {
        return lastEventTime;
    }

    public void setLastEventTime(long lastEventTime) {
        this.lastEventTime = lastEventTime;
    }
}
