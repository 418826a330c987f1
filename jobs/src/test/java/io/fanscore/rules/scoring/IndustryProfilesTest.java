package io.fanscore.rules.scoring;

import io.fanscore.rules.scoring.PointRule.Kind;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.Tier;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four industry profiles that ship beside {@code general} (SPEC §11): each differs from it in
 * exactly the numbers of its row in the table, and shares what profiles used together must share.
 */
class IndustryProfilesTest {

    private static final ScoringProfile GENERAL = ProfileLoader.load("general");

    @Test
    void fastMovingOnlineRewardsRepeatPurchasesAndDecaysFaster() {
        assertDiffersOnlyIn(
                "fast-moving-online",
                Map.of(
                        InteractionType.PURCHASE,
                        new PointRule(Kind.PER_AMOUNT_UNIT, 2, 100, PointRule.NO_CAP)),
                new DecayRule(7, 30, 30));
    }

    @Test
    void localStoreRewardsLeadsMessagesAndGroups() {
        assertDiffersOnlyIn(
                "local-store",
                Map.of(
                        InteractionType.LEAD, new PointRule(Kind.FIXED, 80, 1, 160),
                        InteractionType.PRIVATE_MESSAGE, new PointRule(Kind.FIXED, 10, 1, 50),
                        InteractionType.JOIN_GROUP,
                                new PointRule(Kind.FIRST_TIME, 50, 1, PointRule.NO_CAP)),
                GENERAL.decay());
    }

    @Test
    void consideredOnlineRewardsWatchingAndQuestionsAndDecaysSlowly() {
        assertDiffersOnlyIn(
                "considered-online",
                Map.of(
                        InteractionType.WATCH_LIVE, new PointRule(Kind.PER_WATCH_UNIT, 3, 60, 90),
                        InteractionType.COMMENT, new PointRule(Kind.FIXED, 3, 1, 60)),
                new DecayRule(14, 10, 30));
    }

    @Test
    void consideredOfflineRewardsLeadsAndKeepsIdleFansLonger() {
        assertDiffersOnlyIn(
                "considered-offline",
                Map.of(
                        InteractionType.LEAD, new PointRule(Kind.FIXED, 200, 1, 200),
                        InteractionType.PRIVATE_MESSAGE, new PointRule(Kind.FIXED, 10, 1, 50)),
                new DecayRule(21, 10, 90));
    }

    private static void assertDiffersOnlyIn(
            String name, Map<InteractionType, PointRule> changed, DecayRule decay) {
        ScoringProfile profile = ProfileLoader.load(name);
        assertThat(profile.name()).isEqualTo(name);
        Map<InteractionType, PointRule> expected = new EnumMap<>(InteractionType.class);
        for (InteractionType type : InteractionType.values()) {
            expected.put(type, changed.getOrDefault(type, GENERAL.pointRule(type)));
        }
        for (InteractionType type : InteractionType.values()) {
            assertThat(profile.pointRule(type))
                    .as("%s %s", name, type)
                    .isEqualTo(expected.get(type));
        }
        assertThat(profile.decay()).isEqualTo(decay);
        // What SPEC §11 requires profiles used together to share, and the rest of general.
        assertThat(profile.clock().zone()).isEqualTo(GENERAL.clock().zone());
        for (int level = 1; level <= GENERAL.levels().maxLevel(); level++) {
            assertThat(profile.levels().thresholdOf(level))
                    .isEqualTo(GENERAL.levels().thresholdOf(level));
            assertThat(profile.dailyCap().capFor(level))
                    .isEqualTo(GENERAL.dailyCap().capFor(level));
        }
        for (Tier current : Tier.values()) {
            for (int level = 1; level <= GENERAL.levels().maxLevel(); level++) {
                long intimacy = GENERAL.levels().thresholdOf(level);
                for (long near : new long[] {intimacy - 1, intimacy, intimacy * 9 / 10}) {
                    for (boolean following : new boolean[] {false, true}) {
                        assertThat(profile.tiers().tierOf(current, Math.max(0, near), following))
                                .isEqualTo(
                                        GENERAL.tiers()
                                                .tierOf(current, Math.max(0, near), following));
                    }
                }
            }
        }
        assertThat(profile.notifications()).isEqualTo(GENERAL.notifications());
        assertThat(profile.duplicateWindowMillis()).isEqualTo(GENERAL.duplicateWindowMillis());
    }
}
