package io.fanscore.jobs.scoring;

import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.ingest.PositionedEvent;
import io.fanscore.jobs.notify.CreatorSignal;
import io.fanscore.jobs.packages.AudiencePackages;
import io.fanscore.jobs.testutils.TaskCheckpoints;
import io.fanscore.packageformat.IdFormat;
import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.rules.packages.PackageControls;
import io.fanscore.rules.packages.PackageDefinition;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.DeltaOp;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.PackageControl;
import io.fanscore.schema.ProfileAssignment;
import io.fanscore.schema.Tier;
import io.fanscore.schema.TierChange;

import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
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

    private KeyedTwoInputStreamOperatorTestHarness<
                    Tuple2<String, Integer>,
                    Either<PositionedEvent, CreatorSignal>,
                    Either<Long, Either<PackageControl, SourceEnvelope<ProfileAssignment>>>,
                    TierChange>
            harness;
    private long offset;

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void aPairJoinsAtTheEventThatAdmitsItAndNotAgainWhileItStays() throws Exception {
        open(CASUAL_UP);
        feed(event("view", InteractionType.VIDEO_VIEW, noonOf(1))); // POTENTIAL: not admitted
        feed(gift(1_500, noonOf(1, Duration.ofMinutes(1)))); // CASUAL
        feed(gift(100, noonOf(1, Duration.ofMinutes(2)))); // still CASUAL
        watermark(noonOf(2));

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
        feed(gift(1_500, noonOf(1))); // 150 points: level 2, CASUAL
        watermark(noonOf(11));
        assertThat(deltas()).extracting(AudienceDelta::getOp).containsExactly(DeltaOp.ADD);

        // 2 % a day from day 9: level 1 at the start of day 12, while the tier stays CASUAL.
        watermark(startOf(12));
        assertThat(deltas())
                .extracting(AudienceDelta::getOp, AudienceDelta::getEventTime)
                .containsExactly(
                        Tuple.tuple(DeltaOp.ADD, noonOf(1)),
                        Tuple.tuple(DeltaOp.REMOVE, startOf(12)));
        assertThat(harness.extractOutputValues())
                .extracting(TierChange::getToTier)
                .containsExactly(Tier.CASUAL);
    }

    @Test
    void aPackageAddedAtRuntimeIsBackFilledAndThenFollowsLevels() throws Exception {
        open();
        feed(gift(1_500, noonOf(1)));
        watermark(noonOf(3));
        assertThat(deltas()).isEmpty();

        harness.processElement2(
                ScorerInputs.packageControl(PackageControls.upsert(LEVEL_TWO)), Long.MIN_VALUE);
        // Stamped with the event time the scorer reached; the sign starts its versions there.
        assertThat(deltas())
                .extracting(AudienceDelta::getOp, AudienceDelta::getEventTime)
                .containsExactly(Tuple.tuple(DeltaOp.ADD, noonOf(3)));
        assertThat(signs())
                .extracting(AudienceDelta::getPackageId, AudienceDelta::getEventTime)
                .containsExactly(Tuple.tuple("level-two", noonOf(3)));

        // The pair's timer stood at its tier change only; now it stands at its level change too.
        watermark(startOf(12));
        assertThat(deltas())
                .extracting(AudienceDelta::getOp, AudienceDelta::getEventTime)
                .containsExactly(
                        Tuple.tuple(DeltaOp.ADD, noonOf(3)),
                        Tuple.tuple(DeltaOp.REMOVE, startOf(12)));
    }

    @Test
    void aRaisedThresholdRemovesAndARemovedIdCannotComeBack() throws Exception {
        open(CASUAL_UP);
        feed(gift(1_500, noonOf(1)));
        watermark(noonOf(2));

        harness.processElement2(
                ScorerInputs.packageControl(
                        PackageControls.upsert(definition("casual-up", CREATOR, 5, false))),
                Long.MIN_VALUE);
        harness.processElement2(
                ScorerInputs.packageControl(PackageControls.remove("casual-up")), Long.MIN_VALUE);
        harness.processElement2(
                ScorerInputs.packageControl(PackageControls.upsert(CASUAL_UP)), Long.MIN_VALUE);
        feed(gift(1_500, noonOf(2, Duration.ofMinutes(1))));
        watermark(noonOf(3));

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
        feed(event("follow", InteractionType.FOLLOW, noonOf(1))); // CASUAL at once
        feed(event("again", InteractionType.FOLLOW, noonOf(2))); // already following: no change
        watermark(noonOf(4).minusMillis(1));
        assertThat(deltas()).isEmpty();

        watermark(noonOf(4));
        assertThat(deltas())
                .extracting(AudienceDelta::getOp, AudienceDelta::getEventTime)
                .containsExactly(Tuple.tuple(DeltaOp.ADD, noonOf(4)));
    }

    @Test
    void aReFollowStartsTheCountAgainAndAnUnfollowLeaves() throws Exception {
        open(GROUP);
        feed(event("follow", InteractionType.FOLLOW, noonOf(1)));
        feed(event("unfollow", InteractionType.UNFOLLOW, noonOf(2)));
        feed(event("refollow", InteractionType.FOLLOW, noonOf(3)));
        watermark(noonOf(5));
        assertThat(deltas()).isEmpty(); // the first follow would have admitted it at noon of day 4

        watermark(noonOf(6));
        feed(event("leave", InteractionType.UNFOLLOW, noonOf(7)));
        watermark(noonOf(8));
        assertThat(deltas())
                .extracting(AudienceDelta::getOp, AudienceDelta::getEventTime)
                .containsExactly(
                        Tuple.tuple(DeltaOp.ADD, noonOf(6)),
                        Tuple.tuple(DeltaOp.REMOVE, noonOf(7)));
    }

    @Test
    void aMemberWhoJoinedByTimeLeavesOnItsUnfollow() throws Exception {
        open(GROUP.withEntryRules(2, false));
        feed(event("follow", InteractionType.FOLLOW, noonOf(1)));
        feed(event("again", InteractionType.FOLLOW, noonOf(2)));
        feed(event("leave", InteractionType.UNFOLLOW, noonOf(3, Duration.ofHours(2))));
        watermark(noonOf(3, Duration.ofHours(6)));
        assertThat(deltas())
                .extracting(AudienceDelta::getOp, AudienceDelta::getEventTime)
                .containsExactly(
                        Tuple.tuple(DeltaOp.ADD, noonOf(3)),
                        Tuple.tuple(DeltaOp.REMOVE, noonOf(3, Duration.ofHours(2))));
    }

    @Test
    void anEventAtTheEntryInstantAdmitsOnceAndTheTimerAddsNothing() throws Exception {
        open(GROUP);
        feed(event("follow", InteractionType.FOLLOW, noonOf(1)));
        feed(event("like", InteractionType.LIKE, noonOf(4)));
        watermark(noonOf(5));
        assertThat(deltas())
                .extracting(AudienceDelta::getOp, AudienceDelta::getEventTime)
                .containsExactly(Tuple.tuple(DeltaOp.ADD, noonOf(4)));
    }

    @Test
    void aClubRuleAdmitsAtTheJoinAndRemovesAtTheLeave() throws Exception {
        open(GROUP.withEntryRules(3, true));
        feed(event("follow", InteractionType.FOLLOW, noonOf(1)));
        watermark(noonOf(5));
        assertThat(deltas()).isEmpty();

        feed(event("join", InteractionType.JOIN_FAN_CLUB, noonOf(5, Duration.ofMinutes(1))));
        feed(event("leave", InteractionType.LEAVE_FAN_CLUB, noonOf(6)));
        watermark(noonOf(7));
        assertThat(deltas())
                .extracting(AudienceDelta::getOp, AudienceDelta::getEventTime)
                .containsExactly(
                        Tuple.tuple(DeltaOp.ADD, noonOf(5, Duration.ofMinutes(1))),
                        Tuple.tuple(DeltaOp.REMOVE, noonOf(6)));
    }

    @Test
    void aGroupAddedAtRuntimeArmsTheEntryOfFollowsNotYetOldEnough() throws Exception {
        open();
        feed(event("follow", InteractionType.FOLLOW, noonOf(1)));
        watermark(noonOf(2));
        harness.processElement2(
                ScorerInputs.packageControl(PackageControls.upsert(GROUP)), Long.MIN_VALUE);
        assertThat(deltas()).isEmpty();

        watermark(noonOf(4));
        assertThat(deltas())
                .extracting(AudienceDelta::getOp, AudienceDelta::getEventTime)
                .containsExactly(Tuple.tuple(DeltaOp.ADD, noonOf(4)));
    }

    @Test
    void everyPackageInForceIsSignedAtTheFirstStepOnly() throws Exception {
        open(CASUAL_UP, definition("other-creator", "creator-2", 0, false));
        feed(event("view", InteractionType.VIDEO_VIEW, noonOf(1)));
        feed(event("like", InteractionType.LIKE, noonOf(1, Duration.ofMinutes(1))));
        watermark(noonOf(2));

        assertThat(signs())
                .extracting(AudienceDelta::getPackageId, AudienceDelta::getEventTime)
                .containsExactlyInAnyOrder(
                        Tuple.tuple("casual-up", noonOf(1)),
                        Tuple.tuple("other-creator", noonOf(1)));
    }

    @Test
    void runtimePackagesSurviveARestore() throws Exception {
        open();
        harness.processElement2(
                ScorerInputs.packageControl(PackageControls.upsert(CASUAL_UP)), Long.MIN_VALUE);
        harness =
                TaskCheckpoints.restart(
                        harness, 1L, () -> PairScoringOperatorTest.unopenedHarness(catalogOf()));
        feed(gift(1_500, noonOf(1)));
        watermark(noonOf(2));

        assertThat(deltas())
                .extracting(AudienceDelta::getPackageId, AudienceDelta::getOp)
                .containsExactly(Tuple.tuple("casual-up", DeltaOp.ADD));
    }

    private void open(PackageDefinition... packages) throws Exception {
        harness = PairScoringOperatorTest.unopenedHarness(catalogOf(packages));
        harness.open();
    }

    private static PackageCatalog catalogOf(PackageDefinition... packages) {
        return new PackageCatalog(List.of(packages), Map.of(), Duration.ofHours(1), true);
    }

    private static PackageDefinition definition(
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
        return values(harness.getSideOutput(AudiencePackages.DELTAS));
    }

    private List<AudienceDelta> signs() {
        return values(harness.getSideOutput(AudiencePackages.IN_FORCE));
    }

    private static List<AudienceDelta> values(
            java.util.Collection<StreamRecord<AudienceDelta>> records) {
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
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
