package io.fanscore.jobs.scoring;

import io.fanscore.jobs.packages.AudiencePackages;
import io.fanscore.packageformat.IdFormat;
import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.rules.packages.PackageControls;
import io.fanscore.rules.packages.PackageDefinition;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.DeltaOp;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.Tier;
import io.fanscore.schema.TierChange;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static io.fanscore.rules.scoring.ScoringFixtures.CREATOR;
import static io.fanscore.rules.scoring.ScoringFixtures.FAN;
import static io.fanscore.rules.scoring.ScoringFixtures.event;
import static io.fanscore.rules.scoring.ScoringFixtures.gift;
import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static io.fanscore.rules.scoring.ScoringFixtures.startOf;
import static org.assertj.core.api.Assertions.assertThat;

/** Audience package membership, computed by the scorer where each pair's standing lives. */
class PairScoringPackagesTest {

    /** CASUAL and up. */
    private static final PackageDefinition CASUAL_UP = definition("casual-up", CREATOR, 0, false);

    /** CASUAL and up from level 2: 150 points of gifts reach it, decay takes it away on day 12. */
    private static final PackageDefinition LEVEL_TWO = definition("level-two", CREATOR, 2, false);

    private ScorerDriver scorer;

    @AfterEach
    void closeScorer() throws Exception {
        scorer.close();
    }

    @Test
    void aPairJoinsAtTheEventThatAdmitsItAndNotAgainWhileItStays() throws Exception {
        open(CASUAL_UP);
        scorer.feed(
                event("view", InteractionType.VIDEO_VIEW, noonOf(1))); // POTENTIAL: not admitted
        scorer.feed(gift(1_500, noonOf(1, Duration.ofMinutes(1)))); // CASUAL
        scorer.feed(gift(100, noonOf(1, Duration.ofMinutes(2)))); // still CASUAL
        scorer.watermark(noonOf(2));

        assertThat(deltas())
                .extracting(
                        AudienceDelta::getPackageId, AudienceDelta::getOp, d -> d.getEventTime())
                .containsExactly(
                        Tuple.tuple("casual-up", DeltaOp.ADD, noonOf(1, Duration.ofMinutes(1))));
        assertThat(deltas().get(0).getMemberId()).isEqualTo(FAN);
    }

    @Test
    void aFanWhoseLevelDecaysLeavesAMinLevelPackageAtThatDayStartWithoutAnEvent() throws Exception {
        open(LEVEL_TWO);
        scorer.feed(gift(1_500, noonOf(1))); // 150 points: level 2, CASUAL
        scorer.watermark(noonOf(11));
        assertThat(deltas()).extracting(AudienceDelta::getOp).containsExactly(DeltaOp.ADD);

        // 2 % a day from day 9: level 1 at the start of day 12, while the tier stays CASUAL.
        scorer.watermark(startOf(12));
        assertThat(deltas())
                .extracting(AudienceDelta::getOp, AudienceDelta::getEventTime)
                .containsExactly(
                        Tuple.tuple(DeltaOp.ADD, noonOf(1)),
                        Tuple.tuple(DeltaOp.REMOVE, startOf(12)));
        assertThat(scorer.tierChanges())
                .extracting(TierChange::getToTier)
                .containsExactly(Tier.CASUAL);
    }

    @Test
    void aPackageAddedAtRuntimeIsBackFilledAndThenFollowsLevels() throws Exception {
        open();
        scorer.feed(gift(1_500, noonOf(1)));
        scorer.watermark(noonOf(3));
        assertThat(deltas()).isEmpty();

        scorer.control(
                ScorerInputs.packageControl(PackageControls.upsert(LEVEL_TWO)), Long.MIN_VALUE);
        // Stamped with the event time the scorer reached; the sign starts its versions there.
        assertThat(deltas())
                .extracting(AudienceDelta::getOp, AudienceDelta::getEventTime)
                .containsExactly(Tuple.tuple(DeltaOp.ADD, noonOf(3)));
        assertThat(signs())
                .extracting(AudienceDelta::getPackageId, AudienceDelta::getEventTime)
                .containsExactly(Tuple.tuple("level-two", noonOf(3)));

        // The pair's timer stood at its tier change only; now it stands at its level change too.
        scorer.watermark(startOf(12));
        assertThat(deltas())
                .extracting(AudienceDelta::getOp, AudienceDelta::getEventTime)
                .containsExactly(
                        Tuple.tuple(DeltaOp.ADD, noonOf(3)),
                        Tuple.tuple(DeltaOp.REMOVE, startOf(12)));
    }

    @Test
    void aRaisedThresholdRemovesAndARemovedIdCannotComeBack() throws Exception {
        open(CASUAL_UP);
        scorer.feed(gift(1_500, noonOf(1)));
        scorer.watermark(noonOf(2));

        scorer.control(
                ScorerInputs.packageControl(
                        PackageControls.upsert(definition("casual-up", CREATOR, 5, false))),
                Long.MIN_VALUE);
        scorer.control(
                ScorerInputs.packageControl(PackageControls.remove("casual-up")), Long.MIN_VALUE);
        scorer.control(
                ScorerInputs.packageControl(PackageControls.upsert(CASUAL_UP)), Long.MIN_VALUE);
        scorer.feed(gift(1_500, noonOf(2, Duration.ofMinutes(1))));
        scorer.watermark(noonOf(3));

        assertThat(deltas())
                .extracting(AudienceDelta::getOp, AudienceDelta::getEventTime)
                .containsExactly(
                        Tuple.tuple(DeltaOp.ADD, noonOf(1)),
                        Tuple.tuple(DeltaOp.REMOVE, noonOf(2)));
    }

    /** A fan group: CASUAL and up, following for 3 days (SPEC §13). */
    private static final PackageDefinition GROUP =
            definition("group", CREATOR, 0, true).withEntryRules(3, false);

    @Test
    void aGroupGainsAMemberAtTheInstantItsFollowIsOldEnoughWithNoEventThen() throws Exception {
        open(GROUP);
        scorer.feed(event("follow", InteractionType.FOLLOW, noonOf(1))); // CASUAL at once
        scorer.feed(
                event("again", InteractionType.FOLLOW, noonOf(2))); // already following: no change
        scorer.watermark(noonOf(4).minusMillis(1));
        assertThat(deltas()).isEmpty();

        scorer.watermark(noonOf(4));
        assertThat(deltas())
                .extracting(AudienceDelta::getOp, AudienceDelta::getEventTime)
                .containsExactly(Tuple.tuple(DeltaOp.ADD, noonOf(4)));
    }

    @Test
    void aReFollowStartsTheCountAgainAndAnUnfollowLeaves() throws Exception {
        open(GROUP);
        scorer.feed(event("follow", InteractionType.FOLLOW, noonOf(1)));
        scorer.feed(event("unfollow", InteractionType.UNFOLLOW, noonOf(2)));
        scorer.feed(event("refollow", InteractionType.FOLLOW, noonOf(3)));
        scorer.watermark(noonOf(5));
        assertThat(deltas()).isEmpty(); // the first follow would have admitted it at noon of day 4

        scorer.watermark(noonOf(6));
        scorer.feed(event("leave", InteractionType.UNFOLLOW, noonOf(7)));
        scorer.watermark(noonOf(8));
        assertThat(deltas())
                .extracting(AudienceDelta::getOp, AudienceDelta::getEventTime)
                .containsExactly(
                        Tuple.tuple(DeltaOp.ADD, noonOf(6)),
                        Tuple.tuple(DeltaOp.REMOVE, noonOf(7)));
    }

    @Test
    void aMemberWhoJoinedByTimeLeavesOnItsUnfollow() throws Exception {
        open(GROUP.withEntryRules(2, false));
        scorer.feed(event("follow", InteractionType.FOLLOW, noonOf(1)));
        scorer.feed(event("again", InteractionType.FOLLOW, noonOf(2)));
        scorer.feed(event("leave", InteractionType.UNFOLLOW, noonOf(3, Duration.ofHours(2))));
        scorer.watermark(noonOf(3, Duration.ofHours(6)));
        assertThat(deltas())
                .extracting(AudienceDelta::getOp, AudienceDelta::getEventTime)
                .containsExactly(
                        Tuple.tuple(DeltaOp.ADD, noonOf(3)),
                        Tuple.tuple(DeltaOp.REMOVE, noonOf(3, Duration.ofHours(2))));
    }

    @Test
    void anEventAtTheEntryInstantAdmitsOnceAndTheTimerAddsNothing() throws Exception {
        open(GROUP);
        scorer.feed(event("follow", InteractionType.FOLLOW, noonOf(1)));
        scorer.feed(event("like", InteractionType.LIKE, noonOf(4)));
        scorer.watermark(noonOf(5));
        assertThat(deltas())
                .extracting(AudienceDelta::getOp, AudienceDelta::getEventTime)
                .containsExactly(Tuple.tuple(DeltaOp.ADD, noonOf(4)));
    }

    @Test
    void aClubRuleAdmitsAtTheJoinAndRemovesAtTheLeave() throws Exception {
        open(GROUP.withEntryRules(3, true));
        scorer.feed(event("follow", InteractionType.FOLLOW, noonOf(1)));
        scorer.watermark(noonOf(5));
        assertThat(deltas()).isEmpty();

        scorer.feed(event("join", InteractionType.JOIN_FAN_CLUB, noonOf(5, Duration.ofMinutes(1))));
        scorer.feed(event("leave", InteractionType.LEAVE_FAN_CLUB, noonOf(6)));
        scorer.watermark(noonOf(7));
        assertThat(deltas())
                .extracting(AudienceDelta::getOp, AudienceDelta::getEventTime)
                .containsExactly(
                        Tuple.tuple(DeltaOp.ADD, noonOf(5, Duration.ofMinutes(1))),
                        Tuple.tuple(DeltaOp.REMOVE, noonOf(6)));
    }

    @Test
    void aGroupAddedAtRuntimeArmsTheEntryOfFollowsNotYetOldEnough() throws Exception {
        open();
        scorer.feed(event("follow", InteractionType.FOLLOW, noonOf(1)));
        scorer.watermark(noonOf(2));
        scorer.control(ScorerInputs.packageControl(PackageControls.upsert(GROUP)), Long.MIN_VALUE);
        assertThat(deltas()).isEmpty();

        scorer.watermark(noonOf(4));
        assertThat(deltas())
                .extracting(AudienceDelta::getOp, AudienceDelta::getEventTime)
                .containsExactly(Tuple.tuple(DeltaOp.ADD, noonOf(4)));
    }

    @Test
    void everyPackageInForceIsSignedAtTheFirstStepOnly() throws Exception {
        open(CASUAL_UP, definition("other-creator", "creator-2", 0, false));
        scorer.feed(event("view", InteractionType.VIDEO_VIEW, noonOf(1)));
        scorer.feed(event("like", InteractionType.LIKE, noonOf(1, Duration.ofMinutes(1))));
        scorer.watermark(noonOf(2));

        assertThat(signs())
                .extracting(AudienceDelta::getPackageId, AudienceDelta::getEventTime)
                .containsExactlyInAnyOrder(
                        Tuple.tuple("casual-up", noonOf(1)),
                        Tuple.tuple("other-creator", noonOf(1)));
    }

    @Test
    void runtimePackagesSurviveARestore() throws Exception {
        open();
        scorer.control(
                ScorerInputs.packageControl(PackageControls.upsert(CASUAL_UP)), Long.MIN_VALUE);
        scorer.restart(1L);
        scorer.feed(gift(1_500, noonOf(1)));
        scorer.watermark(noonOf(2));

        assertThat(deltas())
                .extracting(AudienceDelta::getPackageId, AudienceDelta::getOp)
                .containsExactly(Tuple.tuple("casual-up", DeltaOp.ADD));
    }

    private void open(PackageDefinition... packages) throws Exception {
        scorer = ScorerDriver.open(catalogOf(packages));
    }

    static PackageCatalog catalogOf(PackageDefinition... packages) {
        return new PackageCatalog(List.of(packages), Map.of(), Duration.ofHours(1), true);
    }

    static PackageDefinition definition(
            String id, String creator, int minLevel, boolean followingRequired) {
        return new PackageDefinition(
                id,
                creator,
                EnumSet.range(Tier.CASUAL, Tier.DEVOTED),
                minLevel,
                followingRequired,
                IdFormat.RAW,
                null,
                0);
    }

    private List<AudienceDelta> deltas() {
        return scorer.sideOutput(AudiencePackages.DELTAS);
    }

    private List<AudienceDelta> signs() {
        return scorer.sideOutput(AudiencePackages.IN_FORCE);
    }
}
