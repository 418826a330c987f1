package io.fanscore.jobs.notify;

import io.fanscore.rules.scoring.DayClock;
import io.fanscore.rules.scoring.PushRule;
import io.fanscore.schema.PushStatus;
import io.fanscore.schema.Tier;
import io.fanscore.state.PushTally;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CreatorPushCapsTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private final CreatorPushCaps caps =
            new CreatorPushCaps(PushRule.DEFAULTS, new DayClock(SHANGHAI));

    @Test
    void onePushADayTheSecondRefusedAndNotCounted() {
        PushTally tally = null;
        List<String> outcomes = new ArrayList<>();
        for (long time : new long[] {at(2026, 3, 2, 9), at(2026, 3, 2, 21), at(2026, 3, 3, 9)}) {
            CreatorPushCaps.Decision decision = caps.decide(tally, time);
            tally = decision.tally();
            outcomes.add(decision.status() + " " + decision.pushesLeftThisMonth());
        }
        assertThat(outcomes).containsExactly("ACCEPTED 7", "REFUSED_DAILY 7", "ACCEPTED 6");
    }

    @Test
    void eightACalendarMonthTheNinthRefusedAsMonthlyAndTheNextMonthFresh() {
        PushTally tally = null;
        List<PushStatus> statuses = new ArrayList<>();
        for (int day = 1; day <= 10; day++) {
            CreatorPushCaps.Decision decision = caps.decide(tally, at(2026, 3, day, 12));
            tally = decision.tally();
            statuses.add(decision.status());
        }
        assertThat(statuses.subList(0, 8)).containsOnly(PushStatus.ACCEPTED);
        assertThat(statuses.subList(8, 10)).containsOnly(PushStatus.REFUSED_MONTHLY);
        CreatorPushCaps.Decision april = caps.decide(tally, at(2026, 4, 1, 12));
        assertThat(april.status()).isEqualTo(PushStatus.ACCEPTED);
        assertThat(april.pushesLeftThisMonth()).isEqualTo(7);
    }

    @Test
    void overBothCapsIsRefusedAsDaily() {
        PushTally full = new PushTally(dayOf(2026, 3, 9), 1, monthOf(2026, 3), 8);
        assertThat(caps.decide(full, at(2026, 3, 9, 22)).status())
                .isEqualTo(PushStatus.REFUSED_DAILY);
        assertThat(caps.decide(full, at(2026, 3, 10, 8)).status())
                .isEqualTo(PushStatus.REFUSED_MONTHLY);
    }

    @Test
    void monthsAndDaysAreThoseOfTheProfileZoneNotUtc() {
        // 2026-03-31 23:30 in Shanghai is still March there but 15:30 UTC; 2026-04-01 00:30 in
        // Shanghai is 2026-03-31 16:30 UTC, yet April: a new month and a new day.
        PushTally march = new PushTally(dayOf(2026, 3, 31), 1, monthOf(2026, 3), 8);
        CreatorPushCaps.Decision april = caps.decide(march, at(2026, 4, 1, 0, 30));
        assertThat(april.status()).isEqualTo(PushStatus.ACCEPTED);
        assertThat(caps.decide(march, at(2026, 3, 31, 23, 30)).status())
                .isEqualTo(PushStatus.REFUSED_DAILY);
        assertThat(caps.endOfMonth(march)).isEqualTo(at(2026, 4, 1, 0));
    }

    @Test
    void otherCapsAreConfigurable() {
        CreatorPushCaps twoADay =
                new CreatorPushCaps(
                        new PushRule(Tier.CASUAL, 2, 3, 3, 1_000), new DayClock(SHANGHAI));
        PushTally tally = null;
        List<PushStatus> statuses = new ArrayList<>();
        for (int hour : new int[] {8, 9, 10}) {
            CreatorPushCaps.Decision decision = twoADay.decide(tally, at(2026, 3, 2, hour));
            tally = decision.tally();
            statuses.add(decision.status());
        }
        statuses.add(twoADay.decide(tally, at(2026, 3, 3, 8)).status());
        statuses.add(
                twoADay.decide(twoADay.decide(tally, at(2026, 3, 3, 8)).tally(), at(2026, 3, 4, 8))
                        .status());
        assertThat(statuses)
                .containsExactly(
                        PushStatus.ACCEPTED,
                        PushStatus.ACCEPTED,
                        PushStatus.REFUSED_DAILY,
                        PushStatus.ACCEPTED,
                        PushStatus.REFUSED_MONTHLY);
    }

    private static long at(int year, int month, int day, int hour) {
        return at(year, month, day, hour, 0);
    }

    private static long at(int year, int month, int day, int hour, int minute) {
        return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, SHANGHAI)
                .toInstant()
                .toEpochMilli();
    }

    private static int dayOf(int year, int month, int day) {
        return (int) java.time.LocalDate.of(year, month, day).toEpochDay();
    }

    private static int monthOf(int year, int month) {
        return (year - 1970) * 12 + month - 1;
    }
}
