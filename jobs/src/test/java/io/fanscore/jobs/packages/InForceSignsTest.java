package io.fanscore.jobs.packages;

import io.fanscore.rules.packages.VersionSchedule;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class InForceSignsTest {

    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final InForceSigns signs = new InForceSigns(new VersionSchedule(Duration.ofHours(1)));

    @Test
    void theFirstStepAndEveryStepOfAnEarlierIntervalSignOthersDoNot() {
        long t = 100 * HOUR + 30 * 60_000;
        assertThat(signs.steppedAt(t)).isTrue();
        assertThat(signs.steppedAt(t + 1)).isFalse();
        assertThat(signs.steppedAt(t + 2 * HOUR)).isFalse();
        assertThat(signs.steppedAt(t - 10 * 60_000)).isFalse(); // same interval, earlier
        assertThat(signs.steppedAt(t - HOUR)).isTrue();
        assertThat(signs.steppedAt(t - HOUR)).isFalse();
    }

    @Test
    void theEventTimeReachedIsTheLaterOfTheWatermarkAndTheLatestStepAlsoAfterARestore() {
        assertThat(signs.reached(Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
        signs.steppedAt(5 * HOUR);
        assertThat(signs.reached(4 * HOUR)).isEqualTo(5 * HOUR);
        assertThat(signs.reached(6 * HOUR)).isEqualTo(6 * HOUR);

        InForceSigns restored = new InForceSigns(new VersionSchedule(Duration.ofHours(1)));
        restored.restoreLatest(signs.latest());
        assertThat(restored.reached(Long.MIN_VALUE)).isEqualTo(5 * HOUR);
        assertThat(restored.steppedAt(7 * HOUR)).isTrue(); // the earliest step is not restored
    }
}
