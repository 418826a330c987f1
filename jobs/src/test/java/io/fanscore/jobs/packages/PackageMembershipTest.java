package io.fanscore.jobs.packages;

import io.fanscore.jobs.packages.PackageMembership.Admission;
import io.fanscore.packageformat.IdFormat;
import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.rules.packages.PackageDefinition;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.DeltaOp;
import io.fanscore.schema.Tier;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PackageMembershipTest {

    private static final long T = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();

    private static final PackageDefinition FAVORABLE_FOLLOWERS =
            new PackageDefinition(
                    "favorable-followers",
                    "c1",
                    EnumSet.of(Tier.FAVORABLE, Tier.DEVOTED),
                    0,
                    true,
                    IdFormat.SHA256,
                    "s",
                    0);
    private static final PackageDefinition LEVEL_FIVE =
            new PackageDefinition(
                    "level-five",
                    "c1",
                    EnumSet.range(Tier.POTENTIAL, Tier.DEVOTED),
                    5,
                    false,
                    IdFormat.RAW,
                    null,
                    0);

    private final PackageCatalog catalog =
            new PackageCatalog(
                    List.of(FAVORABLE_FOLLOWERS, LEVEL_FIVE),
                    Map.of("s", "pepper"),
                    Duration.ofHours(1),
                    true);
    private final PackageMembership membership = new PackageMembership(catalog);
    private final List<AudienceDelta> out = new ArrayList<>();

    private static final long DAY = Duration.ofDays(1).toMillis();

    /** A group: level 9 and up, following for 30 days, in the fan club. */
    private static final PackageDefinition GROUP =
            new PackageDefinition(
                            "group",
                            "c1",
                            EnumSet.range(Tier.POTENTIAL, Tier.DEVOTED),
                            9,
                            true,
                            IdFormat.RAW,
                            null,
                            0)
                    .withEntryRules(30, true);

    /** A standing at T, following since long before if following. */
    private static Admission admission(Tier tier, int level, boolean following) {
        return new Admission(tier, level, following ? 0L : null, false, T);
    }

    @Test
    void aGroupAdmitsAtTheInstantTheFollowIsOldEnoughAndNotBefore() {
        long since = T;
        long entry = since + 30 * DAY;
        Admission before = new Admission(Tier.DEVOTED, 9, since, true, entry - 1);
        Admission at = new Admission(Tier.DEVOTED, 9, since, true, entry);
        membership.moved(List.of(GROUP), "fan", before, at, entry, out::add);
        assertThat(out)
                .extracting(AudienceDelta::getOp, d -> d.getEventTime().toEpochMilli())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DeltaOp.ADD, entry));
        assertThat(GROUP.followEntryAfter(since, entry - 1)).isEqualTo(entry);
        assertThat(GROUP.followEntryAfter(since, entry)).isEqualTo(Long.MAX_VALUE);
        assertThat(GROUP.followEntryAfter(null, entry - 1)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aGroupMemberLeavesTheClubOrTheFollowOrTheLevel() {
        long late = T + 40 * DAY;
        Admission in = new Admission(Tier.DEVOTED, 9, T, true, late);
        assertThat(in.admittedTo(GROUP)).isTrue();
        assertThat(new Admission(Tier.DEVOTED, 9, T, false, late).admittedTo(GROUP)).isFalse();
        assertThat(new Admission(Tier.DEVOTED, 9, null, true, late).admittedTo(GROUP)).isFalse();
        assertThat(new Admission(Tier.DEVOTED, 8, T, true, late).admittedTo(GROUP)).isFalse();
        // A re-follow starts the count again.
        assertThat(new Admission(Tier.DEVOTED, 9, late - DAY, true, late).admittedTo(GROUP))
                .isFalse();
    }

    @Test
    void zeroFollowDaysMeansFollowingNow() {
        PackageDefinition followers = GROUP.withEntryRules(0, false);
        assertThat(new Admission(Tier.CASUAL, 9, T, false, T).admittedTo(followers)).isTrue();
        assertThat(followers.followEntryAfter(T, T - 1)).isEqualTo(T);
        assertThat(followers.followEntryAfter(T, T)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void eachPackageGetsItsOwnDirectionStampedWithTheStep() {
        membership.moved(
                catalog.packages(),
                "fan",
                admission(Tier.FAVORABLE, 6, true),
                admission(Tier.FAVORABLE, 4, false),
                T,
                out::add);
        assertThat(out)
                .extracting(AudienceDelta::getPackageId, AudienceDelta::getOp)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("favorable-followers", DeltaOp.REMOVE),
                        org.assertj.core.groups.Tuple.tuple("level-five", DeltaOp.REMOVE));
        assertThat(out).allSatisfy(d -> assertThat(d.getEventTime().toEpochMilli()).isEqualTo(T));
        // Hashed packages name the member by its salted hash, raw ones by the fan id.
        assertThat(out.get(0).getMemberId())
                .isEqualTo(catalog.memberId(FAVORABLE_FOLLOWERS, "fan"))
                .hasSize(64);
        assertThat(out.get(1).getMemberId()).isEqualTo("fan");
    }

    @Test
    void anExpiredPairLeavesAndAnUnchangedOneSaysNothing() {
        Admission member = admission(Tier.DEVOTED, 9, true);
        membership.moved(catalog.packages(), "fan", member, member, T, out::add);
        assertThat(out).isEmpty();

        membership.moved(catalog.packages(), "fan", member, Admission.NONE, T, out::add);
        assertThat(out).extracting(AudienceDelta::getOp).containsOnly(DeltaOp.REMOVE).hasSize(2);
    }

    @Test
    void deltaIdsAreDeterministicAndDifferByDirectionAndTime() {
        Admission in = admission(Tier.DEVOTED, 9, true);
        membership.moved(List.of(LEVEL_FIVE), "fan", Admission.NONE, in, T, out::add);
        membership.moved(List.of(LEVEL_FIVE), "fan", Admission.NONE, in, T, out::add);
        membership.moved(List.of(LEVEL_FIVE), "fan", in, Admission.NONE, T, out::add);
        membership.moved(List.of(LEVEL_FIVE), "fan", Admission.NONE, in, T + 1, out::add);
        assertThat(out.get(0).getDeltaId()).isEqualTo(out.get(1).getDeltaId());
        assertThat(out.stream().map(AudienceDelta::getDeltaId).distinct()).hasSize(3);
    }

    @Test
    void aRedefinitionMovesOnlyThosePairsItNowJudgesOtherwise() {
        PackageDefinition levelSeven =
                new PackageDefinition(
                        "level-five",
                        "c1",
                        EnumSet.range(Tier.POTENTIAL, Tier.DEVOTED),
                        7,
                        false,
                        IdFormat.RAW,
                        null,
                        0);
        membership.redefined(
                LEVEL_FIVE, levelSeven, "six", admission(Tier.CASUAL, 6, false), T, out::add);
        membership.redefined(
                LEVEL_FIVE, levelSeven, "eight", admission(Tier.CASUAL, 8, false), T, out::add);
        membership.redefined(
                null, levelSeven, "new", admission(Tier.CASUAL, 8, false), T, out::add);
        assertThat(out)
                .extracting(AudienceDelta::getMemberId, AudienceDelta::getOp)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("six", DeltaOp.REMOVE),
                        org.assertj.core.groups.Tuple.tuple("new", DeltaOp.ADD));
    }
}
