package io.fanscore.connectors.kafka.eventtime;

import java.io.Serializable;

/** Where a record sits in its partition, and the event time it advances that partition to. */
public interface RecordPosition<T> extends Serializable {

    /** Returned by {@link #eventTime} for a record whose time must not move event time. */
    long NO_EVENT_TIME = Long.MIN_VALUE;

    long offset(T record);

    /**
     * The record's event time, or {@link #NO_EVENT_TIME} for a record that is rejected: an invalid
     * record's time, however absurd, must not move event time (SPEC §9).
     */
    long eventTime(T record);
}
