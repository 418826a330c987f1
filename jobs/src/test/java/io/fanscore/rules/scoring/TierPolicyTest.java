package io.fanscore.rules.scoring;

import io.fanscore.schema.Tier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TierPolicyTest {

    private final TierPolicy tiers = ScoringFixtures.general().tiers();

    @Test
    void entryThresholdsAreLevelsTwoFourAndNine() {
        assertThat(tiers.tierOf(Tier.NONE, 0, false)).isEqualTo(Tier.POTENTIAL);
        assertThat(tiers.tierOf(Tier.NONE, 139, false)).isEqualTo(Tier.POTENTIAL);
        assertThat(tiers.tierOf(Tier.NONE, 140, false)).isEqualTo(Tier.CASUAL);
        assertThat(tiers.tierOf(Tier.NONE, 999, false)).isEqualTo(Tier.CASUAL);
        assertThat(tiers.tierOf(Tier.NONE, 1_000, false)).isEqualTo(Tier.FAVORABLE);
        assertThat(tiers.tierOf(Tier.NONE, 12_999, false)).isEqualTo(Tier.FAVORABLE);
        assertThat(tiers.tierOf(Tier.NONE, 13_000, false)).isEqualTo(Tier.DEVOTED);
    }

    @Test
    void followingMakesAnyFanCasual() {
        assertThat(tiers.tierOf(Tier.POTENTIAL, 0, true)).isEqualTo(Tier.CASUAL);
    }

    @Test
    void devotedAt13000StaysDevotedDownTo11700() {
        assertThat(tiers.tierOf(Tier.DEVOTED, 11_700, false)).isEqualTo(Tier.DEVOTED);
        assertThat(tiers.tierOf(Tier.DEVOTED, 11_699, false)).isEqualTo(Tier.FAVORABLE);
        assertThat(tiers.tierOf(Tier.FAVORABLE, 11_700, false)).isEqualTo(Tier.FAVORABLE);
    }

    @Test
    void hysteresisAppliesToEveryTierAtOrBelowTheCurrentOne() {
        // A DEVOTED fan falling far keeps FAVORABLE down to 900 and CASUAL down to 126.
        assertThat(tiers.tierOf(Tier.DEVOTED, 900, false)).isEqualTo(Tier.FAVORABLE);
        assertThat(tiers.tierOf(Tier.DEVOTED, 899, false)).isEqualTo(Tier.CASUAL);
        assertThat(tiers.tierOf(Tier.CASUAL, 126, false)).isEqualTo(Tier.CASUAL);
        assertThat(tiers.tierOf(Tier.CASUAL, 125, false)).isEqualTo(Tier.POTENTIAL);
        assertThat(tiers.tierOf(Tier.POTENTIAL, 126, false)).isEqualTo(Tier.POTENTIAL);
    }
}
