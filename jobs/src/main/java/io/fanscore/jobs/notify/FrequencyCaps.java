package io.fanscore.jobs.notify;

import io.fanscore.rules.scoring.DayClock;
import io.fanscore.state.NotifyCaps;

import java.util.ArrayList;
import java.util.Collections;

/**
 * The frequency caps of SPEC §7 (and the per-fan cap of pushes, §12), for one fan: at most
 * per_pair_per_day notifications per creator and per_fan_per_day in all, per day of the profile.
 * Plain Java; asked for a fan's candidates in (T, live_id) order, it decides each one from the
 * fan's tally of the day.
 */
public final class FrequencyCaps {

    /** What a candidate gets. */
    public enum Verdict {
        SENT,
        /** The creator reached the fan per_pair_per_day times that day. */
        CAP_PAIR,
        /** The fan got per_fan_per_day notifications that day. */
        CAP_FAN
    }

    /**
     * The verdict, and the fan's tally to keep after it (the one given, or a new one for the
     * candidate's day); {@code newDay} when the tally is the first of its day.
     */
    public record Decision(Verdict verdict, NotifyCaps tally, boolean newDay) {}

    private final int perPairPerDay;
    private final int perFanPerDay;
    private final DayClock clock;

    /** Pushes have no per-pair cap (their creator's own cap rations them): pass MAX_VALUE. */
    public FrequencyCaps(int perPairPerDay, int perFanPerDay, DayClock clock) {
        this.perPairPerDay = perPairPerDay;
        this.perFanPerDay = perFanPerDay;
        this.clock = clock;
    }

    /**
     * Decides a notification from {@code creator} at {@code time} given the fan's tally ({@code
     * null}: none); a SENT one is added to the returned tally, which the caller stores.
     */
    public Decision decide(NotifyCaps tally, String creator, long time) {
        int day = clock.dayOf(time);
        boolean newDay = tally == null || tally.getDay() < day;
        NotifyCaps today = newDay ? new NotifyCaps(day, new ArrayList<>()) : tally;
        if (Collections.frequency(today.getCreators(), creator) >= perPairPerDay) {
            return new Decision(Verdict.CAP_PAIR, today, newDay);
        }
        if (today.getCreators().size() >= perFanPerDay) {
            return new Decision(Verdict.CAP_FAN, today, newDay);
        }
        today.getCreators().add(creator);
        return new Decision(Verdict.SENT, today, newDay);
    }

    /** Whether a tally is of a day before {@code day}, so it can be forgotten. */
    public static boolean before(NotifyCaps tally, int day) {
        return tally.getDay() < day;
    }
}
