package io.fanscore.jobs;

import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.connectors.kafka.eventtime.RecordPosition;
import io.fanscore.jobs.ingest.LiveEventValidator;
import io.fanscore.jobs.ingest.Rejection;
import io.fanscore.rules.scoring.ScoringFixtures;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.LiveEvent;

import org.apache.flink.api.common.eventtime.TimestampAssigner;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only a record that decodes and validates has an event time; a rejected one moves neither its
 * partition's event time nor gets a timestamp, and every record is judged once.
 */
class EventTimesTest {

    private static final Instant T = ScoringFixtures.noonOf(1);
    private static final long KAFKA_TIME = 42L;

    private final EventTimes<LiveEvent> times =
            new EventTimes<>(new LiveEventValidator(ScoringFixtures.general().limits())::check);

    @Test
    void aValidRecordsEventTimeIsItsTimestampAndItsPositionsTime() {
        SourceEnvelope<LiveEvent> envelope = envelope(start(T), T.toEpochMilli());

        assertThat(times.extractTimestamp(envelope, KAFKA_TIME)).isEqualTo(T.toEpochMilli());
        assertThat(times.eventTime(envelope)).isEqualTo(T.toEpochMilli());
        assertThat(times.offset(envelope)).isEqualTo(17L);
        assertThat(envelope.validated).isTrue();
        assertThat(envelope.isRejected()).isFalse();
    }

    @Test
    void anInvalidRecordHasNoTimestampNorEventTimeAndKeepsItsVerdict() {
        // An hour more ahead of the wall clock than allowed when it was read.
        SourceEnvelope<LiveEvent> envelope =
                envelope(start(T), T.minus(Duration.ofHours(2)).toEpochMilli());

        assertThat(times.extractTimestamp(envelope, KAFKA_TIME))
                .isEqualTo(TimestampAssigner.NO_TIMESTAMP);
        assertThat(times.eventTime(envelope)).isEqualTo(RecordPosition.NO_EVENT_TIME);
        assertThat(envelope.rejection).isEqualTo(DeadLetterReason.INVALID_VALUE);
        assertThat(envelope.rejectionDetail).contains("ahead of the wall clock");
    }

    @Test
    void anUndecodedRecordHasNoTimestampAndIsNotChecked() {
        AtomicInteger checks = new AtomicInteger();
        EventTimes<LiveEvent> counting =
                new EventTimes<>(
                        (event, readAt) -> {
                            checks.incrementAndGet();
                            return null;
                        });
        SourceEnvelope<LiveEvent> envelope = envelope(null, T.toEpochMilli());
        envelope.rejection = DeadLetterReason.UNDECODABLE;

        assertThat(counting.extractTimestamp(envelope, KAFKA_TIME))
                .isEqualTo(TimestampAssigner.NO_TIMESTAMP);
        assertThat(counting.eventTime(envelope)).isEqualTo(RecordPosition.NO_EVENT_TIME);
        assertThat(checks).hasValue(0);
        assertThat(envelope.rejection).isEqualTo(DeadLetterReason.UNDECODABLE);
    }

    @Test
    void aRecordIsJudgedOnceHoweverOftenItsTimeIsAskedFor() {
        AtomicInteger checks = new AtomicInteger();
        EventTimes<LiveEvent> counting =
                new EventTimes<>(
                        (event, readAt) -> {
                            checks.incrementAndGet();
                            return new Rejection(DeadLetterReason.UNKNOWN_TYPE, "once");
                        });
        SourceEnvelope<LiveEvent> envelope = envelope(start(T), T.toEpochMilli());

        counting.eventTime(envelope);
        counting.extractTimestamp(envelope, KAFKA_TIME);
        counting.eventTime(envelope);

        assertThat(checks).hasValue(1);
        assertThat(envelope.rejection).isEqualTo(DeadLetterReason.UNKNOWN_TYPE);
        assertThat(envelope.rejectionDetail).isEqualTo("once");
    }

    private static LiveEvent start(Instant at) {
        return ScoringFixtures.liveStart("L1", ScoringFixtures.CREATOR, at);
    }

    private static SourceEnvelope<LiveEvent> envelope(LiveEvent event, long readAtMillis) {
        SourceEnvelope<LiveEvent> envelope = new SourceEnvelope<>();
        envelope.topic = "creator.live";
        envelope.partition = 0;
        envelope.offset = 17;
        envelope.record = event;
        envelope.readAtMillis = readAtMillis;
        return envelope;
    }
}
