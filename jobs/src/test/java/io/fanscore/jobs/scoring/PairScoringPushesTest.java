package io.fanscore.jobs.scoring;

import io.fanscore.jobs.notify.CreatorSignal;
import io.fanscore.schema.CreatorPush;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.Tier;
import io.fanscore.state.PushCandidate;

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

    private ScorerDriver scorer;

    @BeforeEach
    void open() throws Exception {
        scorer = ScorerDriver.open(null);
    }

    @AfterEach
    void close() throws Exception {
        scorer.close();
    }

    @Test
    void followersAsOfTAreReachedAndAFollowStampedAfterTIsNotEvenWhenItArrivesFirst()
            throws Exception {
        scorer.feed(interaction("a", CREATOR, "fan-a", InteractionType.FOLLOW, noonOf(1)));
        scorer.feed(interaction("t", CREATOR, "fan-t", InteractionType.FOLLOW, T)); // at T: counts
        scorer.feed(interaction("b", CREATOR, "fan-b", InteractionType.FOLLOW, T.plusSeconds(20)));
        sendToAllBuckets(push("p-1", CREATOR, T));

        scorer.watermark(T.minusMillis(1));
        assertThat(candidates()).isEmpty(); // waits until event time passes T
        scorer.watermark(T.plusSeconds(30));
        assertThat(candidates()).containsExactlyInAnyOrder("p-1 fan-a CASUAL", "p-1 fan-t CASUAL");
    }

    @Test
    void thePushsMinTierAndTheNotifyFlagDecide() throws Exception {
        scorer.feed(interaction("f1", CREATOR, "casual", InteractionType.FOLLOW, noonOf(1)));
        scorer.feed(interaction("f2", CREATOR, "gifter", InteractionType.FOLLOW, noonOf(1)));
        InteractionEvent gift = gift(1_000_000, noonOf(1, Duration.ofMinutes(1)));
        gift.setFanId("gifter");
        scorer.feed(gift); // 100 000 points would be DEVOTED; the daily cap keeps the day at 420
        scorer.feed(interaction("f3", CREATOR, "quiet", InteractionType.FOLLOW, noonOf(1)));
        scorer.feed(
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
        scorer.watermark(T.plusSeconds(60));

        // Nobody is DEVOTED after one capped day; the opted-out follower is not reached.
        assertThat(candidates())
                .containsExactlyInAnyOrder("p-all casual CASUAL", "p-all gifter CASUAL");
    }

    @Test
    void aPushReachingABucketAfterItsTimeIsLateOnceNotPerBucket() throws Exception {
        scorer.feed(interaction("a", CREATOR, "fan-a", InteractionType.FOLLOW, noonOf(1)));
        scorer.watermark(T.plusSeconds(1));
        sendToAllBuckets(push("p-1", CREATOR, T));
        scorer.watermark(T.plusSeconds(60));
        assertThat(candidates()).isEmpty();
        assertThat(outcomes()).isEmpty();
        assertThat(scorer.sideOutput(PairScoringOperator.LATE)).hasSize(1);
    }

    @Test
    void theCreatorCapDecidesInTimeThenPushIdOrderWhateverTheArrivalOrderOneOutcomeEach()
            throws Exception {
        sendToAllBuckets(push("p-b", CREATOR, T));
        sendToAllBuckets(push("p-0", CREATOR, T.minus(Duration.ofMinutes(5))));
        sendToAllBuckets(push("p-a", CREATOR, T));
        scorer.watermark(T.minusMillis(1));
        assertThat(outcomes()).containsExactly("p-0 ACCEPTED 7");
        scorer.watermark(T);
        assertThat(outcomes())
                .containsExactly("p-0 ACCEPTED 7", "p-a REFUSED_DAILY 7", "p-b REFUSED_DAILY 7");
    }

    @Test
    void aWithdrawnPushGetsNoOutcomeAndDoesNotCount() throws Exception {
        CreatorPush replaced = push("p-1", CREATOR, T);
        sendToAllBuckets(replaced);
        scorer.toAllBuckets(CreatorSignal.withdrawal(replaced));
        sendToAllBuckets(push("p-2", CREATOR, T.plusSeconds(60)));
        scorer.watermark(noonOf(3));
        assertThat(outcomes()).containsExactly("p-2 ACCEPTED 7");
    }

    @Test
    void everyBucketKeepsTheCreatorsTallyUntilTheEndOfItsMonth() throws Exception {
        sendToAllBuckets(push("p-1", CREATOR, T));
        scorer.watermark(T);
        assertThat(keys("creator-push-tally")).isEqualTo(PairScoringOperatorTest.BUCKETS);
        // February 1st, 2026 is test day 28.
        scorer.watermark(startOf(28).minusMillis(1));
        assertThat(keys("creator-push-tally")).isEqualTo(PairScoringOperatorTest.BUCKETS);
        scorer.watermark(startOf(28));
        assertThat(keys("creator-push-tally")).isZero();
    }

    private long keys(String state) throws Exception {
        try (var keys =
                ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>)
                                scorer.harness().getOperator())
                        .getKeyedStateBackend()
                        .getKeys(state, org.apache.flink.runtime.state.VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    private List<String> outcomes() {
        return scorer.sideOutput(PairScoringOperator.PUSH_OUTCOMES).stream()
                .map(o -> o.getPushId() + " " + o.getStatus() + " " + o.getPushesLeftThisMonth())
                .toList();
    }

    private void sendToAllBuckets(CreatorPush push) throws Exception {
        scorer.toAllBuckets(CreatorSignal.push(push, 0, 0));
    }

    private List<String> candidates() {
        return scorer.sideOutput(PairScoringOperator.PUSH_CANDIDATES).stream()
                .map(PairScoringPushesTest::describe)
                .toList();
    }

    private static String describe(PushCandidate c) {
        return c.getPushId() + " " + c.getFanId() + " " + c.getTier();
    }
}
