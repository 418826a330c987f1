package io.fanscore.jobs.scoring;

import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.notify.CreatorFanout;
import io.fanscore.jobs.packages.AudiencePackages;
import io.fanscore.packageformat.IdFormat;
import io.fanscore.rules.packages.PackageDefinition;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.DeltaOp;
import io.fanscore.schema.ErasureRequest;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.Tier;
import io.fanscore.schema.TierChange;
import io.fanscore.state.ErasureShare;

import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.watermark.Watermark;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.fanscore.jobs.scoring.PairScoringPackagesTest.catalogOf;
import static io.fanscore.jobs.scoring.PairScoringPackagesTest.definition;
import static io.fanscore.rules.scoring.ScoringFixtures.erasureRequest;
import static io.fanscore.rules.scoring.ScoringFixtures.interaction;
import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static org.assertj.core.api.Assertions.assertThat;

/** Erasure requests in the scorer: a fan's pairs go in event-time order, with their packages. */
class PairScoringErasureTest {

    private static final PackageDefinition C1_CASUAL = definition("c1-casual", "c1", 0, false);
    private static final PackageDefinition C1_FOLLOWERS = definition("c1-followers", "c1", 0, true);
    private static final PackageDefinition C2_CASUAL = definition("c2-casual", "c2", 0, false);

    private ScorerDriver scorer;

    @AfterEach
    void closeScorer() throws Exception {
        if (scorer != null) {
            scorer.close();
        }
    }

    @Test
    void aFanIsErasedFromEveryCreatorAndPackageAfterItsEventsUpToTheRequest() throws Exception {
        open();
        scorer.feed(
                interaction("f1", "c1", "fan", InteractionType.FOLLOW, noonOf(1)),
                interaction("f2", "c2", "fan", InteractionType.FOLLOW, noonOf(1)),
                interaction("other", "c1", "someone-else", InteractionType.FOLLOW, noonOf(1)),
                // at the request's instant: applied before it
                interaction("same", "c2", "fan", InteractionType.SHARE, noonOf(2)),
                // after it: a new state
                interaction("after", "c1", "fan", InteractionType.LIKE, noonOf(2, ONE_MS)));
        scorer.erase(erasureRequest("r1", "fan", null, noonOf(2)));
        scorer.watermark(noonOf(3));

        assertThat(changesOf("fan"))
                .extracting(
                        TierChange::getCreatorId,
                        TierChange::getFromTier,
                        TierChange::getToTier,
                        TierChange::getCause,
                        TierChange::getEventTime)
                .containsExactlyInAnyOrder(
                        Tuple.tuple("c1", Tier.NONE, Tier.CASUAL, "f1", noonOf(1)),
                        Tuple.tuple("c2", Tier.NONE, Tier.CASUAL, "f2", noonOf(1)),
                        Tuple.tuple("c1", Tier.CASUAL, Tier.NONE, "ERASURE", noonOf(2)),
                        Tuple.tuple("c2", Tier.CASUAL, Tier.NONE, "ERASURE", noonOf(2)),
                        Tuple.tuple("c1", Tier.NONE, Tier.POTENTIAL, "after", noonOf(2, ONE_MS)));
        assertThat(changesOf("fan").stream().filter(c -> c.getCause().equals("ERASURE")))
                .allSatisfy(
                        c -> {
                            assertThat(c.getIntimacy()).isZero();
                            assertThat(c.getLevel()).isZero();
                        });
        assertThat(deltasOf("fan"))
                .extracting(
                        AudienceDelta::getPackageId, AudienceDelta::getOp, d -> d.getEventTime())
                .containsExactlyInAnyOrder(
                        Tuple.tuple("c1-casual", DeltaOp.ADD, noonOf(1)),
                        Tuple.tuple("c1-followers", DeltaOp.ADD, noonOf(1)),
                        Tuple.tuple("c2-casual", DeltaOp.ADD, noonOf(1)),
                        Tuple.tuple("c1-casual", DeltaOp.REMOVE, noonOf(2)),
                        Tuple.tuple("c1-followers", DeltaOp.REMOVE, noonOf(2)),
                        Tuple.tuple("c2-casual", DeltaOp.REMOVE, noonOf(2)));
        assertThat(changesOf("someone-else")).hasSize(1); // untouched

        ErasureShare share = onlyShare();
        assertThat(share.getRequestId()).isEqualTo("r1");
        assertThat(share.getPairsErased()).isEqualTo(2);
        assertThat(share.getPackagesTouched())
                .containsExactly("c1-casual", "c1-followers", "c2-casual");
        assertThat(share.getFanHash())
                .isEqualTo(
                        IdFormat.SHA256.memberId(PairScoringOperator.DEFAULT_ERASURE_SALT, "fan"))
                .doesNotContain("fan");
        assertThat(share.getAppliedAt()).isEqualTo(noonOf(2).toEpochMilli());
        assertThat(share.getShares()).isEqualTo(1);
        // The caps forget the fan's tallies of every creator, after the candidates of the instant.
        assertThat(scorer.sideOutput(PairScoringOperator.CANDIDATES))
                .singleElement()
                .satisfies(
                        erasure -> {
                            assertThat(erasure.getErasure()).isTrue();
                            assertThat(erasure.getCreatorId()).isEmpty();
                            assertThat(erasure.getFanId()).isEqualTo("fan");
                            assertThat(erasure.getEventTime()).isEqualTo(noonOf(2).toEpochMilli());
                        });
        assertThat(scorer.sideOutput(PairScoringOperator.PUSH_CANDIDATES))
                .extracting(c -> c.getErasure())
                .containsExactly(true);
    }

    @Test
    void aRequestForOneCreatorLeavesTheFansOtherPairs() throws Exception {
        open();
        scorer.feed(
                interaction("f1", "c1", "fan", InteractionType.FOLLOW, noonOf(1)),
                interaction("f2", "c2", "fan", InteractionType.FOLLOW, noonOf(1)));
        scorer.erase(erasureRequest("r1", "fan", "c2", noonOf(2)));
        scorer.watermark(noonOf(3));

        assertThat(changesOf("fan"))
                .filteredOn(c -> c.getToTier() == Tier.NONE)
                .extracting(TierChange::getCreatorId)
                .containsExactly("c2");
        assertThat(onlyShare().getPackagesTouched()).containsExactly("c2-casual");
    }

    @Test
    void aRequestWaitsForEventTimeAndARepeatOfItsIdIsIgnored() throws Exception {
        open();
        scorer.feed(interaction("f1", "c1", "fan", InteractionType.FOLLOW, noonOf(1)));
        scorer.erase(erasureRequest("r1", "fan", null, noonOf(2)));
        scorer.watermark(noonOf(2).minusMillis(1));
        assertThat(scorer.sideOutput(PairScoringOperator.ERASURE_SHARES)).isEmpty();

        scorer.watermark(noonOf(2));
        scorer.feed(interaction("f2", "c1", "fan", InteractionType.FOLLOW, noonOf(3)));
        scorer.erase(erasureRequest("r1", "fan", null, noonOf(4)));
        scorer.watermark(noonOf(5));

        assertThat(scorer.sideOutput(PairScoringOperator.ERASURE_SHARES)).hasSize(1);
        assertThat(changesOf("fan")).extracting(TierChange::getCause).endsWith("f2");
    }

    @Test
    void aRequestArrivingAfterEventTimePassedItIsAppliedAtTheTimeReached() throws Exception {
        open();
        scorer.feed(interaction("f1", "c1", "fan", InteractionType.FOLLOW, noonOf(1)));
        scorer.watermark(noonOf(3));
        scorer.erase(erasureRequest("late", "fan", null, noonOf(2)));

        assertThat(changesOf("fan"))
                .filteredOn(c -> c.getToTier() == Tier.NONE)
                .extracting(TierChange::getEventTime)
                .containsExactly(noonOf(3));
        assertThat(onlyShare().getAppliedAt()).isEqualTo(noonOf(3).toEpochMilli());
    }

    @Test
    void aHeldRequestSurvivesARestoreAndTheErasedPairLeavesNoStateOrTimer() throws Exception {
        open();
        scorer.feed(interaction("f1", "c1", "fan", InteractionType.FOLLOW, noonOf(1)));
        scorer.watermark(noonOf(1));
        scorer.erase(erasureRequest("r1", "fan", null, noonOf(2)));
        int timersBefore = scorer.harness().numEventTimeTimers();
        scorer.restart(1L);
        scorer.watermark(noonOf(3));

        assertThat(onlyShare().getPairsErased()).isEqualTo(1);
        assertThat(scorer.harness().numEventTimeTimers()).isEqualTo(timersBefore - 1);
        assertThat(scorer.pairOf("c1", "fan")).isNull();
    }

    @Test
    void aRequestForOneCreatorIsAppliedOnlyBySubtaskHoldingItsKey() throws Exception {
        Tuple2<String, Integer> key =
                Tuple2.of("c1", CreatorFanout.bucketOf("fan", PairScoringOperatorTest.BUCKETS));
        int owner = KeyGroupRangeAssignment.assignKeyToParallelOperator(key, 128, 2);
        var other =
                PairScoringOperatorTest.unopenedHarness(catalogOf(C1_CASUAL), 128, 2, 1 - owner);
        other.open();
        try {
            SourceEnvelope<ErasureRequest> envelope = new SourceEnvelope<>();
            envelope.record = erasureRequest("r1", "fan", "c1", noonOf(2));
            other.processElement2(ScorerInputs.erasure(envelope), noonOf(2).toEpochMilli());
            other.processWatermark1(new Watermark(noonOf(3).toEpochMilli()));
            other.processWatermark2(new Watermark(noonOf(3).toEpochMilli()));

            // Its share says it erased nothing: the key is another subtask's.
            assertThat(other.getSideOutput(PairScoringOperator.ERASURE_SHARES))
                    .singleElement()
                    .satisfies(share -> assertThat(share.getValue().getPairsErased()).isZero());
        } finally {
            other.close();
        }
    }

    private static final Duration ONE_MS = Duration.ofMillis(1);

    private void open() throws Exception {
        scorer = ScorerDriver.open(catalogOf(C1_CASUAL, C1_FOLLOWERS, C2_CASUAL));
    }

    private ErasureShare onlyShare() {
        List<ErasureShare> shares = scorer.sideOutput(PairScoringOperator.ERASURE_SHARES);
        assertThat(shares).hasSize(1);
        return shares.get(0);
    }

    private List<TierChange> changesOf(String fan) {
        return scorer.tierChanges().stream().filter(c -> c.getFanId().equals(fan)).toList();
    }

    private List<AudienceDelta> deltasOf(String fan) {
        return scorer.sideOutput(AudiencePackages.DELTAS).stream()
                .filter(d -> d.getMemberId().equals(fan))
                .toList();
    }
}
