package io.fanscore.jobs.scoring;

import io.fanscore.jobs.notify.CreatorSignal;
import io.fanscore.jobs.packages.AudiencePackages;
import io.fanscore.packageformat.IdFormat;
import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.rules.packages.PackageDefinition;
import io.fanscore.schema.DeltaOp;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.LiveEventType;
import io.fanscore.schema.ProfileAssignment;
import io.fanscore.schema.Tier;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static io.fanscore.rules.scoring.ScoringFixtures.CREATOR;
import static io.fanscore.rules.scoring.ScoringFixtures.event;
import static io.fanscore.rules.scoring.ScoringFixtures.gift;
import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static io.fanscore.rules.scoring.ScoringFixtures.startOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runtime profile assignments (SPEC §11) in the scorer. The fan's level is watched through a
 * min_level package, whose deltas say the day its level drops: 150 points on day 1 are level 2;
 * under {@code general} (decay after 7 idle days, 2 % a day) level 1 at the start of day 12, under
 * {@code considered-offline} (after 21 idle days, 1 % a day) at the start of day 23.
 */
class PairScoringProfilesTest {

    private static final PackageDefinition LEVEL_TWO =
            new PackageDefinition(
                    "level-two",
                    CREATOR,
                    EnumSet.range(Tier.POTENTIAL, Tier.DEVOTED),
                    2,
                    false,
                    IdFormat.RAW,
                    null,
                    0);

    private ScorerDriver scorer;

    @AfterEach
    void closeScorer() throws Exception {
        scorer.close();
    }

    @Test
    void aReassignmentTakesEffectAtTheNextDayStartItsDecayIncluded() throws Exception {
        open();
        scorer.feed(gift(1_500, noonOf(1)));
        scorer.watermark(noonOf(11)); // general's decay has begun: 147, 144, 141
        assign("considered-offline", noonOf(11));

        // Day 12 starts under the new profile: 10 idle days, no decay, still level 2.
        scorer.watermark(startOf(22));
        assertThat(levelDeltas()).containsExactly(Tuple.tuple(DeltaOp.ADD, noonOf(1)));

        scorer.watermark(startOf(23));
        assertThat(levelDeltas())
                .containsExactly(
                        Tuple.tuple(DeltaOp.ADD, noonOf(1)),
                        Tuple.tuple(DeltaOp.REMOVE, startOf(23)));
    }

    @Test
    void aLiveStartPastTheSwitchSeesEachIdleDayUnderItsOwnProfile() throws Exception {
        open();
        scorer.feed(event("follow", InteractionType.FOLLOW, noonOf(1))); // 100 points, CASUAL
        scorer.feed(gift(600, noonOf(1, Duration.ofMinutes(1)))); // 160 points: level 2
        assign("considered-offline", noonOf(11));
        // One watermark over the switch (start of day 12) and a live start on day 30. Under
        // general until then: 156, 152, 148 on days 9 to 11; under considered-offline from day
        // 12: nothing until day 23, then 146, 144, ..., 132 on day 30, level 1. Projected under
        // considered-offline from day 1 it would be 144, level 2.
        LiveEvent start =
                LiveEvent.newBuilder()
                        .setLiveId("l1")
                        .setCreatorId(CREATOR)
                        .setType(LiveEventType.LIVE_START)
                        .setEventTime(noonOf(30))
                        .build();
        scorer.toAllBuckets(CreatorSignal.start(start, 0, 0L));
        scorer.watermark(noonOf(30, Duration.ofMinutes(1)));
        assertThat(scorer.sideOutput(PairScoringOperator.CANDIDATES))
                .extracting(c -> c.getLevel())
                .containsExactly(1);
    }

    @Test
    void anAssignmentWhoseDayStartHasPassedIsLateAndNotApplied() throws Exception {
        open();
        scorer.feed(gift(1_500, noonOf(1)));
        scorer.watermark(startOf(12).plusSeconds(60));
        assign("considered-offline", noonOf(11)); // in force from the start of day 12: passed
        scorer.watermark(startOf(12).plus(Duration.ofDays(1)));
        assertThat(scorer.sideOutput(PairScoringOperator.LATE))
                .extracting(d -> d.getReason())
                .containsExactly(io.fanscore.schema.DeadLetterReason.LATE);
        // Scored under general still: level 1 at the start of day 12.
        assertThat(levelDeltas())
                .containsExactly(
                        Tuple.tuple(DeltaOp.ADD, noonOf(1)),
                        Tuple.tuple(DeltaOp.REMOVE, startOf(12)));
    }

    @Test
    void twoSwitchesCrossedInOneJumpEachRuleTheirOwnDays() throws Exception {
        open();
        scorer.feed(gift(1_500, noonOf(1)));
        // fast-moving-online from day 9 (3 % a day after 7 idle days: 145, 140, 135 on days 9 to
        // 11, level 1 on day 11), considered-offline from day 12. Under general the fan would keep
        // level 2 until day 12; under considered-offline alone until day 28.
        assign("fast-moving-online", noonOf(8));
        assign("considered-offline", noonOf(11));
        scorer.watermark(startOf(14));
        assertThat(levelDeltas())
                .containsExactly(
                        Tuple.tuple(DeltaOp.ADD, noonOf(1)),
                        Tuple.tuple(DeltaOp.REMOVE, startOf(11)));
    }

    @Test
    void anAssignmentWaitsForTheDayStartAfterItsTime() throws Exception {
        open();
        scorer.feed(gift(1_500, noonOf(1)));
        // Stamped exactly at the start of day 12: in force from the start of day 13 only.
        assign("considered-offline", startOf(12));
        scorer.watermark(startOf(13));
        assertThat(levelDeltas())
                .containsExactly(
                        Tuple.tuple(DeltaOp.ADD, noonOf(1)),
                        Tuple.tuple(DeltaOp.REMOVE, startOf(12)));
    }

    @Test
    void anAssignmentSurvivesARestoreAndAppliesToPairsCreatedAfterIt() throws Exception {
        open();
        assign("considered-offline", noonOf(1));
        scorer.restart(1L);
        scorer.feed(gift(1_500, noonOf(2)));
        // Idle from day 2: 1 % a day from day 24 (general: 2 % from day 10, level 1 on day 13),
        // 148, 146, 144, 142, 140, then 138 on day 29.
        scorer.watermark(startOf(28));
        assertThat(levelDeltas()).containsExactly(Tuple.tuple(DeltaOp.ADD, noonOf(2)));
        scorer.watermark(startOf(29));
        assertThat(levelDeltas())
                .containsExactly(
                        Tuple.tuple(DeltaOp.ADD, noonOf(2)),
                        Tuple.tuple(DeltaOp.REMOVE, startOf(29)));
    }

    private void open() throws Exception {
        scorer = ScorerDriver.open(catalog());
    }

    private static PackageCatalog catalog() {
        return new PackageCatalog(List.of(LEVEL_TWO), Map.of(), Duration.ofHours(1), true);
    }

    private void assign(String profile, Instant time) throws Exception {
        scorer.assign(
                ProfileAssignment.newBuilder()
                        .setCreatorId(CREATOR)
                        .setProfile(profile)
                        .setEventTime(time)
                        .build());
    }

    private List<Tuple> levelDeltas() {
        return scorer.sideOutput(AudiencePackages.DELTAS).stream()
                .map(d -> Tuple.tuple(d.getOp(), d.getEventTime()))
                .toList();
    }
}
