package io.fanscore.jobs.notify;

import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.rules.scoring.ScoringFixtures;
import io.fanscore.schema.LiveEvent;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LiveStartSequencerTest {

    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    private static final long MEMORY = 3_600_000L;

    private KeyedOneInputStreamOperatorTestHarness<String, SourceEnvelope<LiveEvent>, CreatorSignal>
            harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new LiveStartSequencer(MEMORY), LiveStartSequencer::keyOf, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aStartIsPassedOnAtOnceWithoutWaitingForTheWatermark() throws Exception {
        read(ScoringFixtures.liveStart("L1", "c1", T));

        assertThat(signals()).singleElement().satisfies(s -> assertThat(s.withdrawn).isFalse());
    }

    @Test
    void aLaterStartWithTheSameLiveIdIsDroppedWhoeverSendsIt() throws Exception {
        read(ScoringFixtures.liveStart("L1", "c1", T));
        read(ScoringFixtures.liveStart("L1", "c2", T.plusSeconds(5)));
        read(ScoringFixtures.liveStart("L1", "c1", T));

        assertThat(signals()).hasSize(1);
    }

    @Test
    void anEarlierStartArrivingSecondReplacesTheFirstAndWithdrawsIt() throws Exception {
        read(ScoringFixtures.liveStart("L1", "c2", T.plusSeconds(5)));
        read(ScoringFixtures.liveStart("L1", "c1", T));

        assertThat(signals())
                .extracting(s -> s.start.getCreatorId(), s -> s.withdrawn)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("c2", false),
                        org.assertj.core.groups.Tuple.tuple("c2", true),
                        org.assertj.core.groups.Tuple.tuple("c1", false));
    }

    @Test
    void ofTwoStartsAtOneTimeTheSmallerCreatorWins() throws Exception {
        read(ScoringFixtures.liveStart("L1", "c2", T));
        read(ScoringFixtures.liveStart("L1", "c1", T));
        read(ScoringFixtures.liveStart("L1", "c3", T));

        assertThat(signals())
                .extracting(s -> s.start.getCreatorId(), s -> s.withdrawn)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("c2", false),
                        org.assertj.core.groups.Tuple.tuple("c2", true),
                        org.assertj.core.groups.Tuple.tuple("c1", false));
    }

    @Test
    void aLiveIdIsForgottenAfterItsMemory() throws Exception {
        read(ScoringFixtures.liveStart("L1", "c1", T));
        harness.processWatermark(new Watermark(T.toEpochMilli() + MEMORY));
        read(ScoringFixtures.liveStart("L1", "c1", T.plusMillis(MEMORY + 1)));

        assertThat(signals()).hasSize(2);
    }

    @Test
    void aStartBehindTheWatermarkIsDeadLetteredNotPassedOn() throws Exception {
        harness.processWatermark(new Watermark(T.toEpochMilli()));
        read(ScoringFixtures.liveStart("L1", "c1", T));

        assertThat(signals()).isEmpty();
        assertThat(harness.getSideOutput(LiveStartSequencer.LATE)).hasSize(1);
    }

    private List<CreatorSignal> signals() {
        return harness.extractOutputValues();
    }

    private void read(LiveEvent start) throws Exception {
        SourceEnvelope<LiveEvent> envelope = new SourceEnvelope<>();
        envelope.record = start;
        envelope.topic = "creator.live";
        envelope.key = start.getCreatorId().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        envelope.value = new byte[0];
        harness.processElement(envelope, start.getEventTime().toEpochMilli());
    }
}
