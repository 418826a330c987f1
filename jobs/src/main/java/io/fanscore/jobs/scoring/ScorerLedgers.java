package io.fanscore.jobs.scoring;

import io.fanscore.jobs.notify.LiveAudience;
import io.fanscore.rules.scoring.DayClock;
import io.fanscore.rules.scoring.FanLedger;
import io.fanscore.rules.scoring.ProfileSchedule;
import io.fanscore.rules.scoring.ProfileSet;
import io.fanscore.rules.scoring.ScoringProfile;
import io.fanscore.rules.scoring.TierTransition;
import io.fanscore.schema.Tier;
import io.fanscore.state.PairState;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The rules each creator is scored under (SPEC §11): one {@link FanLedger} and one {@link
 * LiveAudience} per profile the job holds. A creator is under its start-up assignment (or the
 * default) until a runtime assignment takes effect at a day start ({@link ProfileSchedule}); a step
 * of a creator without runtime assignments looks up one map.
 */
final class ScorerLedgers {

    private final FanLedger defaultLedger;
    private final LiveAudience defaultAudience;
    private final Map<String, FanLedger> ledgerByName = new HashMap<>();
    private final Map<String, LiveAudience> audienceByName = new HashMap<>();
    private final Map<String, FanLedger> ledgerByCreator = new HashMap<>();
    private final Map<String, LiveAudience> audienceByCreator = new HashMap<>();
    private final ProfileSchedule schedule;
    private final DayClock clock;
    private volatile Map<String, Long> assignedCounts = Map.of();
    private long nextRecount = Long.MIN_VALUE;

    ScorerLedgers(ProfileSet profiles, ProfileSchedule schedule) {
        this.schedule = schedule;
        this.clock = profiles.defaultProfile().clock();
        for (ScoringProfile profile : profiles.profiles()) {
            FanLedger ledger = new FanLedger(profile);
            ledgerByName.put(profile.name(), ledger);
            audienceByName.put(profile.name(), new LiveAudience(ledger, profile.notifications()));
        }
        profiles.assignments()
                .forEach(
                        (creator, profile) -> {
                            ledgerByCreator.put(creator, ledgerByName.get(profile.name()));
                            audienceByCreator.put(creator, audienceByName.get(profile.name()));
                        });
        defaultLedger = ledgerByName.get(profiles.defaultProfile().name());
        defaultAudience = audienceByName.get(profiles.defaultProfile().name());
    }

    /** The rules {@code creator} is under at {@code time}. */
    FanLedger ledgerOf(String creator, long time) {
        String assigned = assignedAtRuntime(creator, time);
        return assigned != null
                ? ledgerByName.get(assigned)
                : ledgerByCreator.getOrDefault(creator, defaultLedger);
    }

    /** Who a live start of {@code creator} at {@code time} reaches, and how. */
    LiveAudience audienceOf(String creator, long time) {
        String assigned = assignedAtRuntime(creator, time);
        return assigned != null
                ? audienceByName.get(assigned)
                : audienceByCreator.getOrDefault(creator, defaultAudience);
    }

    /** The profile a runtime assignment puts {@code creator} under at {@code time}, or null. */
    private String assignedAtRuntime(String creator, long time) {
        return schedule.hasAny(creator) ? schedule.profileAt(creator, time) : null;
    }

    /**
     * Where a pair stands at {@code time}, its idle day starts projected under the rules in force
     * at each: a projection across a switch works on a copy, the state stays as it is.
     */
    FanLedger.Standing standingAt(String creator, PairState state, long time) {
        if (schedule.hasAny(creator)) {
            long applied = clock.startOf(state.getDay());
            List<Long> switches = schedule.switchesIn(creator, applied, time);
            if (!switches.isEmpty()) {
                long lastSwitch = switches.get(switches.size() - 1);
                PairState copy =
                        onTime(creator, PairState.newBuilder(state).build(), lastSwitch, t -> {});
                return copy == null
                        ? new FanLedger.Standing(Tier.NONE, 0)
                        : ledgerOf(creator, time).standingAt(copy, time);
            }
        }
        return ledgerOf(creator, time).standingAt(state, time);
    }

    /**
     * Day starts up to {@code time}, each under the rules in force at it: those before a switch
     * under the old profile, the switch's own day start (its decay included) under the new one. A
     * creator without runtime assignments costs one map lookup.
     *
     * @return the state, or null if the pair expired
     */
    PairState onTime(String creator, PairState state, long time, Consumer<TierTransition> emit) {
        if (schedule.hasAny(creator)) {
            long appliedDayStart = clock.startOf(state.getDay());
            for (long switchAt : schedule.switchesIn(creator, appliedDayStart, time)) {
                state = ledgerOf(creator, switchAt - 1).onTime(state, switchAt - 1, emit);
                if (state == null) {
                    return null;
                }
            }
        }
        return ledgerOf(creator, time).onTime(state, time, emit);
    }

    /**
     * Counts the creators under each profile by assignment at event time {@code time}, when a
     * switch has come into force since the last count; read by the metrics reporter thread.
     */
    void countAssigned(long time) {
        if (time < nextRecount) {
            return;
        }
        Map<String, Long> counts = new HashMap<>();
        Set<String> creators = new HashSet<>(ledgerByCreator.keySet());
        schedule.creators().forEach(creators::add);
        for (String creator : creators) {
            counts.merge(ledgerOf(creator, time).profile().name(), 1L, Long::sum);
        }
        assignedCounts = Map.copyOf(counts);
        nextRecount = schedule.nextSwitchAfter(time);
    }

    /** A new runtime assignment: count again at the next event time. */
    void assignmentsChanged() {
        nextRecount = Long.MIN_VALUE;
    }

    /** Creators under {@code profile} by assignment, as last counted. */
    long assignedTo(String profile) {
        return assignedCounts.getOrDefault(profile, 0L);
    }

    /** The next day start after {@code time} at which {@code creator} changes profile, or max. */
    long nextSwitchAfter(String creator, long time) {
        return schedule.hasAny(creator) ? schedule.nextSwitchAfter(creator, time) : Long.MAX_VALUE;
    }
}
