package io.fanscore.jobs.notify;

import io.fanscore.rules.scoring.DayClock;
import io.fanscore.rules.scoring.PushRule;
import io.fanscore.schema.PushStatus;
import io.fanscore.state.PushTally;

import java.time.LocalDate;

/**
 * The creator cap of SPEC §12: at most per_creator_per_day accepted pushes in a day and
 * per_creator_per_month in a calendar month of the profile's zone. Plain Java; asked for a
 * creator's pushes in (event_time, push_id) order, it decides each from the creator's tally. A
 * refused push counts against neither cap; one over both is refused as daily.
 */
public final class CreatorPushCaps {

    /** The status, the tally to keep after it, and the pushes left in the push's month. */
    public record Decision(PushStatus status, PushTally tally, int pushesLeftThisMonth) {}

    private final PushRule rule;
    private final DayClock clock;

    public CreatorPushCaps(PushRule rule, DayClock clock) {
        this.rule = rule;
        this.clock = clock;
    }

    /** Decides a push at {@code time} given the creator's tally ({@code null}: none yet). */
    public Decision decide(PushTally tally, long time) {
        int day = clock.dayOf(time);
        int month = monthOf(day);
        int today = tally != null && tally.getDay() == day ? tally.getToday() : 0;
        int thisMonth = tally != null && tally.getMonth() == month ? tally.getThisMonth() : 0;
        PushStatus status;
        if (today >= rule.perCreatorPerDay()) {
            status = PushStatus.REFUSED_DAILY;
        } else if (thisMonth >= rule.perCreatorPerMonth()) {
            status = PushStatus.REFUSED_MONTHLY;
        } else {
            status = PushStatus.ACCEPTED;
            today++;
            thisMonth++;
        }
        return new Decision(
                status,
                new PushTally(day, today, month, thisMonth),
                Math.max(0, rule.perCreatorPerMonth() - thisMonth));
    }

    /** The first millisecond of the month after the one of {@code tally}: it can go then. */
    public long endOfMonth(PushTally tally) {
        LocalDate first = firstDayOf(tally.getMonth()).plusMonths(1);
        return clock.startOf((int) first.toEpochDay());
    }

    /** Months since 1970-01 of an epoch day of the zone. */
    static int monthOf(int epochDay) {
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        return (date.getYear() - 1970) * 12 + date.getMonthValue() - 1;
    }

    private static LocalDate firstDayOf(int month) {
        return LocalDate.of(1970 + Math.floorDiv(month, 12), Math.floorMod(month, 12) + 1, 1);
    }
}
