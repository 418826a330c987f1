package io.fanscore.jobs.scoring;

import io.fanscore.connectors.Topics;
import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.ingest.PositionedEvent;
import io.fanscore.jobs.notify.CreatorSignal;
import io.fanscore.jobs.testutils.TaskCheckpoints;
import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.rules.scoring.FanLedger;
import io.fanscore.rules.scoring.ScoringFixtures;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.ErasureRequest;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.PackageControl;
import io.fanscore.schema.ProfileAssignment;
import io.fanscore.schema.Tier;
import io.fanscore.schema.TierChange;
import io.fanscore.state.LiveCandidate;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.fanscore.rules.scoring.ScoringFixtures.event;
import static io.fanscore.rules.scoring.ScoringFixtures.gift;
import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static io.fanscore.rules.scoring.ScoringFixtures.startOf;
import static org.assertj.core.api.Assertions.assertThat;

class PairScoringOperatorTest {

    static final int BUCKETS = 4;

    private KeyedTwoInputStreamOperatorTestHarness<
                    Tuple2<String, Integer>,
                    Either<PositionedEvent, CreatorSignal>,
                    Either<
                            Long,
                            Either<
                                    PackageControl,
                                    Either<SourceEnvelope<ProfileAssignment>, ErasureRequest>>>,
                    TierChange>
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
        harness.processElement2(ScorerInputs.endOfInput(noonOf(10).toEpochMilli()), Long.MIN_VALUE);
        watermark(Long.MAX_VALUE);
        // The view is applied; its expiry on day 32 lies after the last event time and never runs.
        assertThat(harness.extractOutputValues())
                .extracting(TierChange::getToTier)
                .containsExactly(Tier.POTENTIAL);
    }

    @Test
    void eventsWaitingAtACheckpointAreAppliedAfterARestore() throws Exception {
        feed(event("waiting", InteractionType.FOLLOW, noonOf(1)));
        harness = TaskCheckpoints.restart(harness, 1L, PairScoringOperatorTest::unopenedHarness);
        watermark(noonOf(2).toEpochMilli());

        assertThat(harness.extractOutputValues())
                .extracting(TierChange::getCause)
                .containsExactly("waiting");
    }

    @Test
    void anEventAppliedBetweenTwoCheckpointsNeverReachesState() throws Exception {
        feed(event("quick", InteractionType.FOLLOW, noonOf(1)));
        watermark(noonOf(1).toEpochMilli());
        harness.prepareSnapshotPreBarrier(1L);

        assertThat(savedWaitingGroups()).isZero();
    }

    @Test
    void aSavedEventLeavesStateOnceAppliedAndIsNotAppliedTwiceAfterARestore() throws Exception {
        feed(event("early", InteractionType.FOLLOW, noonOf(1)));
        feed(event("late", InteractionType.UNFOLLOW, noonOf(2)));
        harness.prepareSnapshotPreBarrier(1L);
        assertThat(savedWaitingGroups()).isEqualTo(2);

        watermark(noonOf(1).toEpochMilli()); // applies "early" only
        assertThat(savedWaitingGroups()).isEqualTo(1);
        harness = TaskCheckpoints.restart(harness, 2L, PairScoringOperatorTest::unopenedHarness);
        watermark(noonOf(3).toEpochMilli());

        assertThat(harness.extractOutputValues())
                .extracting(TierChange::getCause)
                .containsExactly("late"); // "early" was applied before the checkpoint
        assertThat(savedWaitingGroups()).isZero();
    }

    @Test
    void anEventArrivingAfterACheckpointIsSavedByTheNextOneBesideTheSavedOnesOfItsTime()
            throws Exception {
        feed(event("first", InteractionType.FOLLOW, noonOf(1)));
        harness.prepareSnapshotPreBarrier(1L);
        feed(event("second", InteractionType.LIKE, noonOf(1)));
        harness = TaskCheckpoints.restart(harness, 2L, PairScoringOperatorTest::unopenedHarness);
        watermark(noonOf(2).toEpochMilli());

        assertThat(harness.extractOutputValues())
                .extracting(TierChange::getCause)
                .containsExactly("first");
        assertThat(pairStateOf().getRecentEventIds()).containsOnlyKeys("first", "second");
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

    @Test
    void aLiveStartAtTCountsAFollowAtTButNotOneAtTPlusOneWhateverTheArrivalOrder()
            throws Exception {
        Instant t = noonOf(1);
        feed(follow("after-t", t.plusMillis(1))); // arrives first, counts not
        liveStart("live", t);
        feed(follow("at-t", t));
        watermark(t.plusSeconds(1).toEpochMilli());

        assertThat(candidates()).extracting(LiveCandidate::getFanId).containsExactly("at-t");
        assertThat(candidates().get(0).getTier()).isEqualTo(Tier.CASUAL);
    }

    @Test
    void aLiveStartWaitsForEventTimeToPassIt() throws Exception {
        Instant t = noonOf(1);
        feed(follow("fan", t.minusSeconds(5)));
        liveStart("live", t);
        watermark(t.toEpochMilli() - 1);
        assertThat(candidates()).isEmpty();

        watermark(t.toEpochMilli());
        assertThat(candidates()).extracting(LiveCandidate::getFanId).containsExactly("fan");
    }

    @Test
    void optedOutFansAndFansBelowTheTierAreNotCandidates() throws Exception {
        Instant t = noonOf(1);
        feed(
                follow("quiet", t.minusSeconds(9)),
                fanEvent("quiet", InteractionType.NOTIFY_OPT_OUT, t.minusSeconds(8)),
                fanEvent("viewer", InteractionType.VIDEO_VIEW, t.minusSeconds(7)),
                follow("left", t.minusSeconds(6)),
                fanEvent("left", InteractionType.UNFOLLOW, t.minusSeconds(5)));
        liveStart("live", t);
        watermark(t.toEpochMilli());

        assertThat(candidates()).isEmpty();
    }

    @Test
    void aStandingIsProjectedThroughTheDayStartsSinceItsLastEvent() throws Exception {
        feed(follow(ScoringFixtures.FAN, noonOf(1)));
        for (int day = 1; day <= 5; day++) { // the daily cap each day: level 5 by day 5
            feed(gift(50_000, noonOf(day)));
            watermark(noonOf(day).toEpochMilli());
        }
        io.fanscore.state.PairState lastActive = pairStateOf();
        Instant later = noonOf(20); // idle since day 5: decayed since day 13
        liveStart("live", later);
        watermark(later.toEpochMilli());

        FanLedger.Standing expected =
                new FanLedger(ScoringFixtures.general())
                        .standingAt(lastActive, later.toEpochMilli());
        assertThat(expected.level())
                .isLessThan(new FanLedger(ScoringFixtures.general()).levelOf(lastActive));
        assertThat(candidates())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.getLevel()).isEqualTo(expected.level());
                            assertThat(c.getTier()).isEqualTo(expected.tier());
                        });
    }

    @Test
    void aLiveStartReachingItsBucketsAfterEventTimePassedItIsDeadLetteredOnce() throws Exception {
        Instant t = noonOf(1);
        feed(follow(ScoringFixtures.FAN, t.minusSeconds(5)));
        watermark(t.toEpochMilli());
        liveStart("too-late", t);

        assertThat(candidates()).isEmpty();
        assertThat(harness.getSideOutput(PairScoringOperator.LATE))
                .singleElement()
                .satisfies(
                        dead -> {
                            assertThat(dead.getValue().getReason())
                                    .isEqualTo(DeadLetterReason.LATE);
                            // Named by where the start was read, like any other dead letter.
                            assertThat(dead.getValue().getSourceTopic()).isEqualTo(Topics.LIVE);
                            assertThat(dead.getValue().getSourcePartition()).isEqualTo(1);
                            assertThat(dead.getValue().getSourceOffset()).isEqualTo(42);
                        });
    }

    @Test
    void aWithdrawnLiveStartReachesNoOne() throws Exception {
        Instant t = noonOf(1);
        feed(follow(ScoringFixtures.FAN, t.minusSeconds(5)));
        liveStart("replaced", t);
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            harness.processElement1(
                    Either.Right(new CreatorSignal(bucket, liveStartOf("replaced", t), true)),
                    t.toEpochMilli());
        }
        watermark(t.toEpochMilli());

        assertThat(candidates()).isEmpty();
    }

    @Test
    void everyQualifyingFanOfEveryBucketIsACandidateOnce() throws Exception {
        Instant t = noonOf(1);
        List<String> fans = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            fans.add("fan-" + i);
            feed(follow("fan-" + i, t.minusSeconds(60 - i)));
        }
        liveStart("live", t);
        watermark(t.toEpochMilli());

        assertThat(candidates())
                .extracting(LiveCandidate::getFanId)
                .containsExactlyInAnyOrderElementsOf(fans);
    }

    private List<LiveCandidate> candidates() {
        return harness.getSideOutput(PairScoringOperator.CANDIDATES) == null
                ? List.of()
                : harness.getSideOutput(PairScoringOperator.CANDIDATES).stream()
                        .map(org.apache.flink.streaming.runtime.streamrecord.StreamRecord::getValue)
                        .toList();
    }

    private static InteractionEvent follow(String fan, Instant time) {
        return fanEvent(fan, InteractionType.FOLLOW, time);
    }

    private static InteractionEvent fanEvent(String fan, InteractionType type, Instant time) {
        InteractionEvent event = event(fan + "-" + type + "-" + time.toEpochMilli(), type, time);
        event.setFanId(fan);
        return event;
    }

    /** A start as the fan-out delivers it: one copy to every bucket of the creator. */
    private void liveStart(String liveId, Instant time) throws Exception {
        CreatorSignal read = CreatorSignal.start(liveStartOf(liveId, time), 1, 42);
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            harness.processElement1(Either.Right(read.forBucket(bucket)), time.toEpochMilli());
        }
    }

    private io.fanscore.state.PairState pairStateOf() throws Exception {
        return pairs().get(ScoringFixtures.FAN);
    }

    private org.apache.flink.api.common.state.MapState<String, io.fanscore.state.PairState> pairs()
            throws Exception {
        return ScorerDriver.bucketOf(harness, ScoringFixtures.CREATOR, ScoringFixtures.FAN);
    }

    /** (bucket, time) groups of waiting events held in keyed state. */
    private long savedWaitingGroups() throws Exception {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getOperator();
        try (var keys = operator.getKeyedStateBackend().getKeysAndNamespaces("pending-events")) {
            return keys.count();
        }
    }

    private long stateEntries() throws Exception {
        long entries = 0;
        for (var ignored : pairs().keys()) {
            entries++;
        }
        return entries;
    }

    private void watermark(long time) throws Exception {
        harness.processWatermark1(new Watermark(time));
        harness.processWatermark2(new Watermark(time));
    }

    private void feed(InteractionEvent... events) throws Exception {
        for (InteractionEvent event : events) {
            Instant time = event.getEventTime();
            harness.processElement1(
                    Either.Left(new PositionedEvent(event, 0, offset++)), time.toEpochMilli());
        }
    }

    private static KeyedTwoInputStreamOperatorTestHarness<
                    Tuple2<String, Integer>,
                    Either<PositionedEvent, CreatorSignal>,
                    Either<
                            Long,
                            Either<
                                    PackageControl,
                                    Either<SourceEnvelope<ProfileAssignment>, ErasureRequest>>>,
                    TierChange>
            newHarness() throws Exception {
        var harness = unopenedHarness();
        harness.open();
        return harness;
    }

    private static KeyedTwoInputStreamOperatorTestHarness<
                    Tuple2<String, Integer>,
                    Either<PositionedEvent, CreatorSignal>,
                    Either<
                            Long,
                            Either<
                                    PackageControl,
                                    Either<SourceEnvelope<ProfileAssignment>, ErasureRequest>>>,
                    TierChange>
            unopenedHarness() throws Exception {
        return unopenedHarness(null);
    }

    /** The scorer over {@link #BUCKETS} buckets, with {@code catalog}'s packages (null: none). */
    static KeyedTwoInputStreamOperatorTestHarness<
                    Tuple2<String, Integer>,
                    Either<PositionedEvent, CreatorSignal>,
                    Either<
                            Long,
                            Either<
                                    PackageControl,
                                    Either<SourceEnvelope<ProfileAssignment>, ErasureRequest>>>,
                    TierChange>
            unopenedHarness(PackageCatalog catalog) throws Exception {
        return unopenedHarness(catalog, 128, 1, 0);
    }

    /** Subtask {@code subtask} of {@code parallelism}: it holds only its key groups. */
    static KeyedTwoInputStreamOperatorTestHarness<
                    Tuple2<String, Integer>,
                    Either<PositionedEvent, CreatorSignal>,
                    Either<
                            Long,
                            Either<
                                    PackageControl,
                                    Either<SourceEnvelope<ProfileAssignment>, ErasureRequest>>>,
                    TierChange>
            unopenedHarness(
                    PackageCatalog catalog, int maxParallelism, int parallelism, int subtask)
                    throws Exception {
        KeyedTwoInputStreamOperatorTestHarness<
                        Tuple2<String, Integer>,
                        Either<PositionedEvent, CreatorSignal>,
                        Either<
                                Long,
                                Either<
                                        PackageControl,
                                        Either<SourceEnvelope<ProfileAssignment>, ErasureRequest>>>,
                        TierChange>
                harness =
                        new KeyedTwoInputStreamOperatorTestHarness<>(
                                new PairScoringOperator(
                                        ScoringFixtures.general(),
                                        Topics.INTERACTIONS,
                                        Topics.LIVE,
                                        BUCKETS,
                                        catalog),
                                input -> ScorerInputs.keyOf(input, BUCKETS),
                                maxEventTime -> Tuple2.of("", 0),
                                Types.TUPLE(Types.STRING, Types.INT),
                                maxParallelism,
                                parallelism,
                                subtask);
        // The production backend: restore goes through RocksDB's key and namespace listing.
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        return harness;
    }

    private static LiveEvent liveStartOf(String liveId, Instant time) {
        return ScoringFixtures.liveStart(liveId, ScoringFixtures.CREATOR, time);
    }
}
