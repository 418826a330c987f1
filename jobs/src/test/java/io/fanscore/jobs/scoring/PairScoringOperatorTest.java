package io.fanscore.jobs.scoring;

import io.fanscore.connectors.Topics;
import io.fanscore.jobs.ingest.PositionedEvent;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.Tier;
import io.fanscore.schema.TierChange;
import io.fanscore.scoring.ScoringFixtures;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.fanscore.scoring.ScoringFixtures.event;
import static io.fanscore.scoring.ScoringFixtures.gift;
import static io.fanscore.scoring.ScoringFixtures.noonOf;
import static io.fanscore.scoring.ScoringFixtures.startOf;
import static org.assertj.core.api.Assertions.assertThat;

class PairScoringOperatorTest {

    private KeyedTwoInputStreamOperatorTestHarness<
                    Tuple2<String, String>, PositionedEvent, Long, TierChange>
            harness;
    private long offset;

    @BeforeEach
    void openHarness() throws Exception {
        harness = newHarness(); // opened by the factory
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void eventsAreAppliedInEventTimeOrderWhateverTheArrivalOrder() throws Exception {
        InteractionEvent follow = event("a", InteractionType.FOLLOW, noonOf(1));
        InteractionEvent unfollow =
                event("b", InteractionType.UNFOLLOW, noonOf(1, Duration.ofSeconds(5)));

        feed(unfollow, follow);
        watermark(noonOf(2).toEpochMilli());
        List<TierChange> reversed = List.copyOf(harness.extractOutputValues());

        harness.close();
        harness = newHarness();
        feed(follow, unfollow);
        watermark(noonOf(2).toEpochMilli());

        assertThat(reversed).isEqualTo(harness.extractOutputValues());
        assertThat(reversed)
                .extracting(TierChange::getFromTier, TierChange::getToTier, TierChange::getCause)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Tier.NONE, Tier.CASUAL, "a"),
                        org.assertj.core.groups.Tuple.tuple(Tier.CASUAL, Tier.POTENTIAL, "b"));
    }

    @Test
    void nothingIsAppliedBeforeTheWatermarkPassesTheEvent() throws Exception {
        feed(gift(5_000, noonOf(1)));
        watermark(noonOf(1).toEpochMilli() - 1);
        assertThat(harness.extractOutputValues()).isEmpty();
        watermark(noonOf(1).toEpochMilli());
        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    @Test
    void anEventAtOrBehindTheWatermarkIsDeadLetteredAsLate() throws Exception {
        watermark(noonOf(1).toEpochMilli());
        feed(event("late", InteractionType.LIKE, noonOf(1)));
        assertThat(harness.getSideOutput(PairScoringOperator.LATE))
                .singleElement()
                .satisfies(
                        dead -> {
                            assertThat(dead.getValue().getReason())
                                    .isEqualTo(DeadLetterReason.LATE);
                            assertThat(dead.getValue().getSourceTopic())
                                    .isEqualTo(Topics.INTERACTIONS);
                            assertThat(dead.getValue().getSourceOffset()).isEqualTo(offset - 1);
                        });
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aViewerKeepsOneWakeTimerAndIsRemovedWithANoneChangeOnDay32() throws Exception {
        feed(event("view", InteractionType.VIDEO_VIEW, noonOf(1)));
        watermark(noonOf(1).toEpochMilli());
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        assertThat(stateEntries()).isEqualTo(1);

        watermark(startOf(32).toEpochMilli());
        assertThat(harness.extractOutputValues())
                .extracting(TierChange::getToTier, TierChange::getCause, TierChange::getEventTime)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Tier.POTENTIAL, "view", noonOf(1)),
                        org.assertj.core.groups.Tuple.tuple(Tier.NONE, "EXPIRY", startOf(32)));
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(stateEntries()).isZero();
    }

    @Test
    void anActiveFansTimersDoNotGrowWithItsEvents() throws Exception {
        // The wake timer is moved, never multiplied: at most it and the timer of a pending event.
        for (int day = 1; day <= 40; day++) {
            feed(gift(5_000, noonOf(day)));
            watermark(noonOf(day).toEpochMilli());
            assertThat(harness.numEventTimeTimers()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void theSameEventIdTwiceEmitsOnce() throws Exception {
        feed(
                event("dup", InteractionType.FOLLOW, noonOf(1)),
                event("dup", InteractionType.FOLLOW, noonOf(1)));
        watermark(noonOf(2).toEpochMilli());
        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    @Test
    void afterABoundedInputEndsNoDayStartBeyondTheLastEventTimeIsProcessed() throws Exception {
        feed(event("view", InteractionType.VIDEO_VIEW, noonOf(1)));
        harness.processElement2(noonOf(10).toEpochMilli(), Long.MIN_VALUE);
        watermark(Long.MAX_VALUE);
        // The view is applied; its expiry on day 32 lies after the last event time and never runs.
        assertThat(harness.extractOutputValues())
                .extracting(TierChange::getToTier)
                .containsExactly(Tier.POTENTIAL);
    }

    @Test
    void eventsWaitingAtACheckpointAreAppliedAfterARestore() throws Exception {
        feed(event("waiting", InteractionType.FOLLOW, noonOf(1)));
        OperatorSubtaskState checkpoint = harness.snapshot(1L, 1L);
        harness.close();

        harness = unopenedHarness();
        harness.initializeState(checkpoint);
        harness.open();
        watermark(noonOf(2).toEpochMilli());

        assertThat(harness.extractOutputValues())
                .extracting(TierChange::getCause)
                .containsExactly("waiting");
    }

    @Test
    void changeIdsAreDeterministic() throws Exception {
        feed(event("x", InteractionType.FOLLOW, noonOf(1)));
        watermark(noonOf(2).toEpochMilli());
        String first = harness.extractOutputValues().get(0).getChangeId();

        harness.close();
        harness = newHarness();
        feed(event("x", InteractionType.FOLLOW, noonOf(1)));
        watermark(noonOf(2).toEpochMilli());
        assertThat(harness.extractOutputValues().get(0).getChangeId()).isEqualTo(first).hasSize(32);
    }

    @Test
    void aHotPairsDuplicatesAreFoundAmongThousandsOfIdsWhileItsStateRecordStaysSmall()
            throws Exception {
        int likes = 5_000;
        for (int i = 0; i < likes; i++) {
            feed(event("like-" + i, InteractionType.LIKE, noonOf(1, Duration.ofMillis(i))));
        }
        // Resent ids, the oldest among them long out of the state record, and a new one.
        feed(
                event("like-0", InteractionType.LIKE, noonOf(1, Duration.ofSeconds(10))),
                event("like-4999", InteractionType.LIKE, noonOf(1, Duration.ofSeconds(10))),
                event("like-2500", InteractionType.FOLLOW, noonOf(1, Duration.ofSeconds(10))),
                event("new", InteractionType.FOLLOW, noonOf(1, Duration.ofSeconds(11))));
        watermark(noonOf(1, Duration.ofMinutes(1)).toEpochMilli());

        // The only changes: the first LIKE, and the new FOLLOW (the resent "FOLLOW" was a
        // duplicate id, so it did not make the fan follow).
        assertThat(harness.extractOutputValues())
                .extracting(TierChange::getCause)
                .containsExactly("like-0", "new");
        assertThat(pairStateOf().getRecentEventIds()).hasSize(SpilledEventIds.INLINE);
        assertThat(pairStateOf().getSpilledEventIds())
                .isEqualTo(likes + 1 - SpilledEventIds.INLINE);
    }

    @Test
    void aHotPairsSpilledIdsAreForgottenOnceOutOfTheWindow() throws Exception {
        for (int i = 0; i < 500; i++) {
            feed(event("like-" + i, InteractionType.LIKE, noonOf(1, Duration.ofMillis(i))));
        }
        feed(event("next-day", InteractionType.LIKE, noonOf(2, Duration.ofHours(2))));
        feed(event("like-0", InteractionType.LIKE, noonOf(2, Duration.ofHours(3))));
        watermark(noonOf(3).toEpochMilli());

        // 24 h on, every earlier id is forgotten: like-0 counts again as a new event.
        assertThat(pairStateOf().getSpilledEventIds()).isZero();
        assertThat(pairStateOf().getRecentEventIds()).containsOnlyKeys("next-day", "like-0");
    }

    private io.fanscore.state.PairState pairStateOf() throws Exception {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getOperator();
        operator.setCurrentKey(Tuple2.of(ScoringFixtures.CREATOR, ScoringFixtures.FAN));
        return operator.getKeyedStateBackend()
                .getPartitionedState(
                        VoidNamespace.INSTANCE,
                        org.apache.flink.runtime.state.VoidNamespaceSerializer.INSTANCE,
                        PairScoringOperator.pairStateDescriptor())
                .value();
    }

    private long stateEntries() throws Exception {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getOperator();
        try (var keys = operator.getKeyedStateBackend().getKeys("pair", VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    private void watermark(long time) throws Exception {
        harness.processWatermark1(new Watermark(time));
        harness.processWatermark2(new Watermark(time));
    }

    private void feed(InteractionEvent... events) throws Exception {
        for (InteractionEvent event : events) {
            Instant time = event.getEventTime();
            harness.processElement1(new PositionedEvent(event, 0, offset++), time.toEpochMilli());
        }
    }

    private static KeyedTwoInputStreamOperatorTestHarness<
                    Tuple2<String, String>, PositionedEvent, Long, TierChange>
            newHarness() throws Exception {
        KeyedTwoInputStreamOperatorTestHarness<
                        Tuple2<String, String>, PositionedEvent, Long, TierChange>
                harness = unopenedHarness();
        harness.open();
        return harness;
    }

    private static KeyedTwoInputStreamOperatorTestHarness<
                    Tuple2<String, String>, PositionedEvent, Long, TierChange>
            unopenedHarness() throws Exception {
        KeyedTwoInputStreamOperatorTestHarness<
                        Tuple2<String, String>, PositionedEvent, Long, TierChange>
                harness =
                        new KeyedTwoInputStreamOperatorTestHarness<>(
                                new PairScoringOperator(
                                        ScoringFixtures.general(), Topics.INTERACTIONS),
                                input ->
                                        Tuple2.of(
                                                input.event.getCreatorId(), input.event.getFanId()),
                                maxEventTime -> Tuple2.of("", ""),
                                Types.TUPLE(Types.STRING, Types.STRING));
        // The production backend: restore goes through RocksDB's key and namespace listing.
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        return harness;
    }
}
