package io.fanscore.jobs.scoring;

import io.fanscore.rules.scoring.DayClock;
import io.fanscore.rules.scoring.FanLedger;
import io.fanscore.state.PairState;

import org.apache.flink.streaming.api.operators.InternalTimerService;

import java.util.OptionalInt;

/**
 * Where each pair's one day-start timer stands (namespaced by fan): at or before the next day start
 * that visibly changes the pair (SPEC §4), or its level too where the creator has packages. The
 * armed time is kept in the pair's state, so that moving a timer needs no timer lookup.
 */
final class PairWakes {

    /** How far ahead the next-change search looks before it re-arms and looks again. */
    private static final int LOOKAHEAD_DAYS = 3_650;

    private final InternalTimerService<String> timers;
    private final DayClock clock;

    /**
     * @param clock the day clock every profile of the job shares
     */
    PairWakes(InternalTimerService<String> timers, DayClock clock) {
        this.timers = timers;
        this.clock = clock;
    }

    long currentWatermark() {
        return timers.currentWatermark();
    }

    /**
     * Makes sure a timer stands at or before the pair's next visible change after a step at {@code
     * now}. While the pair is active the timer waits at the first day start that could matter at
     * all (cheap to compute); only when that timer fires does this look ahead for the day of the
     * next visible change. An earlier armed timer is kept (it fires early and re-arms); a later one
     * is replaced when the next change moves earlier.
     *
     * @param ledger the rules of the pair's creator
     * @param armedWake the timer the pair had before the step, null for none
     * @param followEntry the next instant the pair joins a package by follow duration alone (SPEC
     *     §13), {@link Long#MAX_VALUE} for none: not a day start, and no event comes then
     */
    void rearm(
            FanLedger ledger,
            String fan,
            PairState state,
            Long armedWake,
            long now,
            boolean levelsMatter,
            long followEntry) {
        boolean wakeFired = armedWake != null && armedWake == now;
        boolean armed = armedWake != null && armedWake > now;
        Long wake;
        if (wakeFired) {
            OptionalInt day =
                    levelsMatter
                            ? ledger.nextStandingChange(state, state.getDay(), LOOKAHEAD_DAYS)
                            : ledger.nextVisibleDayStart(state, LOOKAHEAD_DAYS);
            wake = day.isPresent() ? clock.startOf(day.getAsInt()) : null;
        } else {
            int day = ledger.firstDayStartEffect(state);
            wake = day == Integer.MAX_VALUE ? null : clock.startOf(day);
        }
        if (followEntry != Long.MAX_VALUE && (wake == null || followEntry < wake)) {
            wake = followEntry;
        }
        if (wake != null && (!armed || wake < armedWake)) {
            if (armed) {
                timers.deleteEventTimeTimer(fan, armedWake);
            }
            timers.registerEventTimeTimer(fan, wake);
            state.setWakeAt(wake);
        } else if (!armed) {
            state.setWakeAt(null);
        }
    }

    /**
     * The pair's events at {@code time} are being applied while its timer stands at that same
     * instant: the step does the timer's work, so the timer is dropped rather than fire into a
     * state already past it (it would compare the pair just before {@code time} with itself).
     */
    void dueWithEvents(String fan, Long armedWake, long time) {
        if (armedWake != null && armedWake == time) {
            timers.deleteEventTimeTimer(fan, time);
        }
    }

    /** Moves the pair's timer to {@code wake} if that is earlier. True if the state changed. */
    boolean armBy(String fan, PairState state, long wake) {
        Long armed = state.getWakeAt();
        if (wake == Long.MAX_VALUE || (armed != null && armed <= wake)) {
            return false;
        }
        if (armed != null) {
            timers.deleteEventTimeTimer(fan, armed);
        }
        timers.registerEventTimeTimer(fan, wake);
        state.setWakeAt(wake);
        return true;
    }

    /**
     * The pair's timer may stand at a tier change only (its creator had no package); moves it to
     * the next level change after {@code now} if that is earlier. True if the state changed.
     */
    boolean wakeForLevels(FanLedger ledger, String fan, PairState state, long now) {
        OptionalInt day = ledger.nextStandingChange(state, clock.dayOf(now), LOOKAHEAD_DAYS);
        if (day.isEmpty()) {
            return false;
        }
        return armBy(fan, state, clock.startOf(day.getAsInt()));
    }

    /** Drops the timer of a pair whose state goes away now, fan id and all (an erasure). */
    void forget(String fan, PairState state) {
        Long armed = state.getWakeAt();
        if (armed != null && armed > timers.currentWatermark()) {
            timers.deleteEventTimeTimer(fan, armed);
        }
    }
}
