package io.fanscore.jobs.scoring;

import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.ingest.PositionedEvent;
import io.fanscore.jobs.notify.CreatorSignal;
import io.fanscore.schema.CreatorPush;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.PackageControl;
import io.fanscore.schema.ProfileAssignment;
import io.fanscore.schema.Tier;
import io.fanscore.schema.TierChange;
import io.fanscore.state.PushCandidate;

import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.fanscore.rules.scoring.ScoringFixtures.CREATOR;
import static io.fanscore.rules.scoring.ScoringFixtures.gift;
import static io.fanscore.rules.scoring.ScoringFixtures.interaction;
import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static io.fanscore.rules.scoring.ScoringFixtures.push;
import static io.fanscore.rules.scoring.ScoringFixtures.startOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pushes in the scorer (SPEC §12): the creator cap decided alike in every bucket, one outcome per
 * push, and who an accepted push reaches as of T.
 */
class PairScoringPushesTest {

    private static final Instant T = noonOf(2);

    private KeyedTwoInputStreamOperatorTestHarness<
                    Tuple2<String, Integer>,
                    Either<PositionedEvent, CreatorSignal>,
                    Either<Long, Either<PackageControl, SourceEnvelope<ProfileAssignment>>>,
                    TierChange>
            harness;
    private long offset;

    @BeforeEach
    void open() throws Exception {
        harness = PairScoringOperatorTest.unopenedHarness(null);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void followersAsOfTAreReachedAndAFollowStampedAfterTIsNotEvenWhenItArrivesFirst()
            throws Exception {
        feed(interaction("a", CREATOR, "fan-a", InteractionType.FOLLOW, noonOf(1)));
        feed(interaction("t", CREATOR, "fan-t", InteractionType.FOLLOW, T)); // at T: counts
        feed(interaction("b", CREATOR, "fan-b", InteractionType.FOLLOW, T.plusSeconds(20)));
        sendToAllBuckets(push("p-1", CREATOR, T));

        watermark(T.minusMillis(1));
        assertThat(candidates()).isEmpty(); // waits until event time passes T
        watermark(T.plusSeconds(30));
        assertThat(candidates()).containsExactlyInAnyOrder("p-1 fan-a CASUAL", "p-1 fan-t CASUAL");
    }

    @Test
    void thePushsMinTierAndTheNotifyFlagDecide() throws Exception {
        feed(interaction("f1", CREATOR, "casual", InteractionType.FOLLOW, noonOf(1)));
        feed(interaction("f2", CREATOR, "gifter", InteractionType.FOLLOW, noonOf(1)));
        InteractionEvent gift = gift(1_000_000, noonOf(1, Duration.ofMinutes(1)));
        gift.setFanId("gifter");
        feed(gift); // 100 000 points would be DEVOTED; the daily cap keeps the day at 420
        feed(interaction("f3", CREATOR, "quiet", InteractionType.FOLLOW, noonOf(1)));
        feed(
                interaction(
                        "o3",
                        CREATOR,
                        "quiet",
                        InteractionType.NOTIFY_OPT_OUT,
                        noonOf(1, Duration.ofMinutes(2))));
        CreatorPush toAll = push("p-all", CREATOR, T);
        toAll.setMinTier(Tier.POTENTIAL);
        sendToAllBuckets(toAll);
        CreatorPush toDevoted = push("p-dev", CREATOR, T.plusSeconds(1));
        toDevoted.setMinTier(Tier.DEVOTED);
        sendToAllBuckets(toDevoted);
        watermark(T.plusSeconds(60));

        // Nobody is DEVOTED after one capped day; the opted-out follower is not reached.
        assertThat(candidates())
                .containsExactlyInAnyOrder("p-all casual CASUAL", "p-all gifter CASUAL");
    }

    @Test
    void aPushReachingABucketAfterItsTimeIsLateOnceNotPerBucket() throws Exception {
        feed(interaction("a", CREATOR, "fan-a", InteractionType.FOLLOW, noonOf(1)));
        watermark(T.plusSeconds(1));
        sendToAllBuckets(push("p-1", CREATOR, T));
        watermark(T.plusSeconds(60));
        assertThat(candidates()).isEmpty();
        assertThat(outcomes()).isEmpty();
        assertThat(harness.getSideOutput(PairScoringOperator.LATE)).hasSize(1);
    }

    @Test
    void theCreatorCapDecidesInTimeThenPushIdOrderWhateverTheArrivalOrderOneOutcomeEach()
            throws Exception {
        sendToAllBuckets(push("p-b", CREATOR, T));
        sendToAllBuckets(push("p-0", CREATOR, T.minus(Duration.ofMinutes(5))));
        sendToAllBuckets(push("p-a", CREATOR, T));
        watermark(T.minusMillis(1));
        assertThat(outcomes()).containsExactly("p-0 ACCEPTED 7");
        watermark(T);
        assertThat(outcomes())
                .containsExactly("p-0 ACCEPTED 7", "p-a REFUSED_DAILY 7", "p-b REFUSED_DAILY 7");
    }

    @Test
    void aWithdrawnPushGetsNoOutcomeAndDoesNotCount() throws Exception {
        CreatorPush replaced = push("p-1", CREATOR, T);
        sendToAllBuckets(replaced);
        for (int bucket = 0; bucket < PairScoringOperatorTest.BUCKETS; bucket++) {
            harness.processElement1(
                    Either.Right(CreatorSignal.withdrawal(replaced).forBucket(bucket)),
                    T.toEpochMilli());
        }
        sendToAllBuckets(push("p-2", CREATOR, T.plusSeconds(60)));
        watermark(noonOf(3));
        assertThat(outcomes()).containsExactly("p-2 ACCEPTED 7");
    }

    @Test
    void everyBucketKeepsTheCreatorsTallyUntilTheEndOfItsMonth() throws Exception {
        sendToAllBuckets(push("p-1", CREATOR, T));
        watermark(T);
        assertThat(keys("creator-push-tally")).isEqualTo(PairScoringOperatorTest.BUCKETS);
        // February 1st, 2026 is test day 28.
        watermark(startOf(28).minusMillis(1));
        assertThat(keys("creator-push-tally")).isEqualTo(PairScoringOperatorTest.BUCKETS);
        watermark(startOf(28));
        assertThat(keys("creator-push-tally")).isZero();
    }

    private long keys(String state) throws Exception {
        try (var keys =
                ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>)
                                harness.getOperator())
                        .getKeyedStateBackend()
                        .getKeys(state, org.apache.flink.runtime.state.VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    private List<String> outcomes() {
        var out = harness.getSideOutput(PairScoringOperator.PUSH_OUTCOMES);
        return out == null
                ? List.of()
                : out.stream()
                        .map(StreamRecord::getValue)
                        .map(
                                o ->
                                        o.getPushId()
                                                + " "
                                                + o.getStatus()
                                                + " "
                                                + o.getPushesLeftThisMonth())
                        .toList();
    }

    private void sendToAllBuckets(CreatorPush push) throws Exception {
        for (int bucket = 0; bucket < PairScoringOperatorTest.BUCKETS; bucket++) {
            harness.processElement1(
                    Either.Right(CreatorSignal.push(push, 0, offset++).forBucket(bucket)),
                    push.getEventTime().toEpochMilli());
        }
    }

    private List<String> candidates() {
        var out = harness.getSideOutput(PairScoringOperator.PUSH_CANDIDATES);
        return out == null
                ? List.of()
                : out.stream()
                        .map(StreamRecord::getValue)
                        .map(PairScoringPushesTest::describe)
                        .toList();
    }

    private static String describe(PushCandidate c) {
        return c.getPushId() + " " + c.getFanId() + " " + c.getTier();
    }

    private void watermark(Instant time) throws Exception {
        harness.processWatermark1(new Watermark(time.toEpochMilli()));
        harness.processWatermark2(new Watermark(time.toEpochMilli()));
    }

    private void feed(InteractionEvent event) throws Exception {
        harness.processElement1(
                Either.Left(new PositionedEvent(event, 0, offset++)),
                event.getEventTime().toEpochMilli());
    }
}
