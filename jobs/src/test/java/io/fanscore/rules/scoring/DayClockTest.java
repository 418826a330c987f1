package io.fanscore.rules.scoring;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DayClockTest {

    @Test
    void dayStartsAgreeWithJavaTimeInAnyOrderOfQuestionsAcrossDaylightSaving() {
        ZoneId zone = ZoneId.of("Europe/Berlin"); // 23 h and 25 h days
        DayClock clock = new DayClock(zone);
        int first = (int) LocalDate.of(2026, 1, 1).toEpochDay();
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            // Days far apart share cache slots; the answers must not.
            int day = first + (random.nextBoolean() ? random.nextInt(400) : random.nextInt(4) * 64);
            long expected = LocalDate.ofEpochDay(day).atStartOfDay(zone).toInstant().toEpochMilli();
            assertThat(clock.startOf(day)).isEqualTo(expected);
            long inside = expected + random.nextInt(23 * 3_600_000);
            assertThat(clock.dayOf(inside)).isEqualTo(day);
            assertThat(clock.dayOf(expected - 1)).isEqualTo(day - 1);
        }
    }
}
