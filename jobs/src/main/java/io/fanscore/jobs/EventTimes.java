package io.fanscore.jobs;

import io.fanscore.connectors.kafka.SourceEnvelope;

import org.apache.avro.specific.SpecificRecordBase;

import java.time.Instant;

/** The event time of an input record for watermarking; rejected records do not move it. */
final class EventTimes {

    private EventTimes() {}

    static long of(SourceEnvelope<? extends SpecificRecordBase> envelope) {
        if (envelope.record == null) {
            return Long.MIN_VALUE;
        }
        Object time = envelope.record.get("event_time");
        return time instanceof Instant instant ? instant.toEpochMilli() : Long.MIN_VALUE;
    }
}
