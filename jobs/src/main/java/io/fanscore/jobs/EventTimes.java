package io.fanscore.jobs;

import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.connectors.kafka.eventtime.RecordPosition;
import io.fanscore.jobs.ingest.Rejection;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssigner;

import org.apache.avro.specific.SpecificRecordBase;

import java.io.Serializable;
import java.time.Instant;

/**
 * The event time of an input record, for timestamps and for its partition's event-time progress.
 * Only records that decode and validate count: a rejected record's time, however absurd, must not
 * move event time (a far-future time would make every later valid event late).
 */
public final class EventTimes<T extends SpecificRecordBase>
        implements SerializableTimestampAssigner<SourceEnvelope<T>>,
                RecordPosition<SourceEnvelope<T>> {

    /** The validation a record must pass before its time counts. */
    public interface Check<T> extends Serializable {
        Rejection apply(T record, long readAtMillis);
    }

    private final Check<T> check;

    public EventTimes(Check<T> check) {
        this.check = check;
    }

    /**
     * Only a valid record gets its event time as timestamp: the dead-letter sink writes a record's
     * timestamp to Kafka, which refuses one far in the future (or negative).
     */
    @Override
    public long extractTimestamp(SourceEnvelope<T> envelope, long kafkaTime) {
        long time = eventTime(envelope);
        return time == NO_EVENT_TIME ? TimestampAssigner.NO_TIMESTAMP : time;
    }

    @Override
    public long offset(SourceEnvelope<T> envelope) {
        return envelope.offset;
    }

    @Override
    public long eventTime(SourceEnvelope<T> envelope) {
        judge(envelope);
        if (envelope.record == null || envelope.isRejected()) {
            return NO_EVENT_TIME;
        }
        return ((Instant) envelope.record.get("event_time")).toEpochMilli();
    }

    /**
     * Validates the record once and keeps the verdict in the envelope, so that the timestamp
     * assigner and the ingest that dead-letters it do not validate it again.
     */
    private void judge(SourceEnvelope<T> envelope) {
        if (envelope.validated || envelope.record == null) {
            return;
        }
        envelope.validated = true;
        Rejection rejection = check.apply(envelope.record, envelope.readAtMillis);
        if (rejection != null) {
            envelope.rejection = rejection.reason();
            envelope.rejectionDetail = rejection.detail();
        }
    }
}
