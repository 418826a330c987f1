package io.fanscore.rules.scoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LevelTableTest {

    private final LevelTable levels = ScoringFixtures.general().levels();

    @Test
    void levelIsTheHighestThresholdReached() {
        assertThat(levels.levelOf(0)).isEqualTo(1);
        assertThat(levels.levelOf(139)).isEqualTo(1);
        assertThat(levels.levelOf(140)).isEqualTo(2);
        assertThat(levels.levelOf(12_999)).isEqualTo(8);
        assertThat(levels.levelOf(13_000)).isEqualTo(9);
        assertThat(levels.levelOf(1_499_999)).isEqualTo(14);
        assertThat(levels.levelOf(1_500_000)).isEqualTo(15);
        assertThat(levels.levelOf(Long.MAX_VALUE / 2)).isEqualTo(15);
    }

    @Test
    void thresholdsMustStartAtZeroAndIncrease() {
        assertThatThrownBy(() -> new LevelTable(new long[] {1, 2}))
                .hasMessageContaining("start at 0");
        assertThatThrownBy(() -> new LevelTable(new long[] {0, 5, 5}))
                .hasMessageContaining("level 3");
    }
}
