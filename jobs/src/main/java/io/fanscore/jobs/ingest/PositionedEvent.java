package io.fanscore.jobs.ingest;

import io.fanscore.schema.InteractionEvent;

/**
 * A valid interaction and where it was read, so that a record found late downstream can still be
 * dead-lettered with its source coordinates. A Flink POJO.
 */
public class PositionedEvent {

    public InteractionEvent event;
    public int partition;
    public long offset;

    public PositionedEvent() {}

    public PositionedEvent(InteractionEvent event, int partition, long offset) {
        this.event = event;
        this.partition = partition;
        this.offset = offset;
    }

    public long eventTime() {
        return event.getEventTime().toEpochMilli();
    }
}
