package io.fanscore.rules.packages;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionScheduleTest {

    private static final VersionSchedule HOURLY = new VersionSchedule(Duration.ofHours(1));
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long T0 = Instant.parse("2026-01-01T10:00:00Z").toEpochMilli();

    @Test
    void versionOneIsCutAtTheFirstIntervalEndStrictlyAfterThePackageWasInForce() {
        assertThat(HOURLY.firstCutoff(T0 + 1)).isEqualTo(T0 + HOUR);
        assertThat(HOURLY.firstCutoff(T0 + HOUR - 1)).isEqualTo(T0 + HOUR);
        // In force exactly at an interval end: that end has nothing of it yet, the next one does.
        assertThat(HOURLY.firstCutoff(T0)).isEqualTo(T0 + HOUR);
    }

    @Test
    void intervalEndsAreAlignedToTheEpochWhateverTheInterval() {
        VersionSchedule sixHours = new VersionSchedule(Duration.ofHours(6));
        long day = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        assertThat(sixHours.firstCutoff(day + Duration.ofHours(4).toMillis()))
                .isEqualTo(day + Duration.ofHours(6).toMillis());
        assertThat(sixHours.firstCutoff(-1)).isZero();
        // Before the epoch too: floor, not truncation.
        assertThat(sixHours.firstCutoff(-Duration.ofHours(6).toMillis() - 1))
                .isEqualTo(-Duration.ofHours(6).toMillis());
    }

    @Test
    void everyLaterVersionIsOneIntervalAfterTheOneBefore() {
        long first = HOURLY.firstCutoff(T0 + 5);
        assertThat(HOURLY.nextCutoff(first)).isEqualTo(first + HOUR);
        assertThat(HOURLY.nextCutoff(HOURLY.nextCutoff(first))).isEqualTo(first + 2 * HOUR);
    }

    @Test
    void onlyAnEarlierIntervalMovesAPendingFirstCutoff() {
        long pending = HOURLY.firstCutoff(T0 + 30 * 60_000);
        assertThat(HOURLY.startsEarlier(T0 + 1, pending)).isFalse(); // same interval
        assertThat(HOURLY.startsEarlier(T0 + HOUR, pending)).isFalse(); // later
        assertThat(HOURLY.startsEarlier(T0 - 1, pending)).isTrue(); // the interval before
    }

    @Test
    void aBoundedReplayCutsEveryVersionUpToTheLargestEventTimeAndNoneAfter() {
        long first = HOURLY.firstCutoff(T0 + 5);
        assertThat(VersionSchedule.due(first, first - 1)).isFalse();
        assertThat(VersionSchedule.due(first, first)).isTrue();
        assertThat(HOURLY.versionsDue(first, first - 1)).isZero();
        assertThat(HOURLY.versionsDue(first, first)).isEqualTo(1);
        assertThat(HOURLY.versionsDue(first, first + HOUR - 1)).isEqualTo(1);
        assertThat(HOURLY.versionsDue(first, first + 24 * HOUR)).isEqualTo(25);
    }

    @Test
    void timesAtTheEndOfTimeDoNotOverflow() {
        assertThat(HOURLY.firstCutoff(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(HOURLY.nextCutoff(Long.MAX_VALUE - 1)).isEqualTo(Long.MAX_VALUE);
        assertThat(HOURLY.firstCutoff(Long.MIN_VALUE))
                .isGreaterThan(Long.MIN_VALUE)
                .isLessThanOrEqualTo(Long.MIN_VALUE + HOUR)
                .matches(cutoff -> Math.floorMod(cutoff, HOUR) == 0);
    }

    @Test
    void theIntervalMustBePositive() {
        assertThatThrownBy(() -> new VersionSchedule(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VersionSchedule(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
