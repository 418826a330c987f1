package io.fanscore.jobs;

import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.ingest.Rejection;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssigner;

import org.apache.avro.specific.SpecificRecordBase;

import java.io.Serializable;
import java.time.Instant;
import java.util.function.Function;

/**
 * The event time of an input record for watermarking. Only records that decode and validate count:
 * a rejected record's time, however absurd, must not move the watermark (a far-future time would
 * make every later valid event late).
 */
final class EventTimes<T extends SpecificRecordBase>
        implements SerializableTimestampAssigner<SourceEnvelope<T>> {

    /** The validation a record must pass before its time counts. */
    interface Check<T> extends Function<T, Rejection>, Serializable {}

    private final Check<T> check;

    EventTimes(Check<T> check) {
        this.check = check;
    }

    @Override
    public long extractTimestamp(SourceEnvelope<T> envelope, long kafkaTime) {
        if (envelope.record == null || check.apply(envelope.record) != null) {
            return TimestampAssigner.NO_TIMESTAMP;
        }
        return ((Instant) envelope.record.get("event_time")).toEpochMilli();
    }
}
