package io.fanscore.rules.scoring;

import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.Tier;
import io.fanscore.state.PairState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The scoring rules of one (creator, fan) pair (SPEC §2–§6), as plain Java over {@link PairState}.
 * The caller feeds events in (event_time, event_id) order and calls {@link #advanceTo} before each,
 * so day starts happen before the events of that day.
 */
public final class FanLedger {

    /** What applying an event did. */
    public enum Outcome {
        APPLIED,
        /** Same event_id already applied within the duplicate window (SPEC §6). */
        DUPLICATE
    }

    /** The state to keep after an event (never null) and what the event did. */
    public record Result(PairState state, Outcome outcome) {}

    private final ScoringProfile profile;

    public FanLedger(ScoringProfile profile) {
        this.profile = profile;
    }

    public ScoringProfile profile() {
        return profile;
    }

    /**
     * Everything one event does to a pair: the day starts before it, opening state for a new (or
     * expired) pair, and the event itself.
     *
     * @param state the pair's state, or null if it has none
     */
    public Result onEvent(PairState state, InteractionEvent event, Consumer<TierTransition> out) {
        return onEvent(state, event, out, EventMemory::inline);
    }

    /**
     * As {@link #onEvent(PairState, InteractionEvent, Consumer)}, with the pair's event ids kept
     * where {@code memoryOf} says (a hot pair's do not all fit in its state record).
     */
    public Result onEvent(
            PairState state,
            InteractionEvent event,
            Consumer<TierTransition> out,
            Function<PairState, EventMemory> memoryOf) {
        long time = event.getEventTime().toEpochMilli();
        PairState current = state == null ? null : onTime(state, time, out);
        if (current == null) {
            current = open(time);
        }
        return new Result(current, apply(current, event, out, memoryOf.apply(current)));
    }

    /**
     * Lets event time pass to {@code time} without an event (a day-start timer).
     *
     * @return the state to keep, or null if the pair expired and its state must be removed
     */
    public PairState onTime(PairState state, long time, Consumer<TierTransition> out) {
        return advanceTo(state, time, out) ? state : null;
    }

    /**
     * State of a pair whose first event happens at {@code eventTime}: no points, tier NONE, the
     * schema's defaults elsewhere. Set field by field: the record builder deep-copies each default
     * from the schema, which cost more than scoring the event (a test holds the two equal).
     */
    public PairState open(long eventTime) {
        int day = profile.clock().dayOf(eventTime);
        PairState state = new PairState();
        state.setIntimacy(0L);
        state.setTier(Tier.NONE);
        state.setDay(day);
        state.setDayStartLevel(profile.levels().levelOf(0));
        state.setPointsToday(0);
        state.setTypePointsToday(new HashMap<>());
        state.setLastActiveDay(null);
        state.setLastInteractionDay(day);
        state.setFollowing(false);
        state.setFollowedSince(null);
        state.setFanClub(false);
        state.setInGroup(false);
        state.setRewardedOnce(new ArrayList<>());
        state.setNotify(true);
        state.setPurchases(0);
        state.setWakeAt(null);
        state.setRecentEventIds(new RecentIds());
        state.setSpilledEventIds(0);
        state.setSpilledFirstHour(0L);
        state.setSpilledLastHour(0L);
        return state;
    }

    /**
     * Applies every day start after the state's day up to and including the day of {@code
     * eventTime}, emitting the tier changes they cause.
     *
     * @return false if the pair expired: its state must be removed
     */
    public boolean advanceTo(PairState state, long eventTime, Consumer<TierTransition> out) {
        int targetDay = profile.clock().dayOf(eventTime);
        if (targetDay <= state.getDay()) {
            return true;
        }
        IdleProjection projection = new IdleProjection(state);
        for (int day = projection.nextEffectDay(profile.decay());
                day <= targetDay;
                day = projection.nextEffectDay(profile.decay())) {
            IdleProjection.Step step = projection.startDay(day, profile.decay(), profile.tiers());
            long dayStart = profile.clock().startOf(day);
            if (step == IdleProjection.Step.EXPIRED) {
                out.accept(
                        new TierTransition(
                                projection.tierBefore,
                                Tier.NONE,
                                0,
                                0,
                                dayStart,
                                TierTransition.EXPIRY));
                return false;
            }
            if (step == IdleProjection.Step.TIER_CHANGED) {
                out.accept(
                        new TierTransition(
                                projection.tierBefore,
                                projection.tier,
                                projection.intimacy,
                                profile.levels().levelOf(projection.intimacy),
                                dayStart,
                                TierTransition.DECAY));
            }
        }
        state.setIntimacy(projection.intimacy);
        state.setTier(projection.tier);
        state.setDay(targetDay);
        state.setDayStartLevel(profile.levels().levelOf(projection.intimacy));
        state.setPointsToday(0);
        state.getTypePointsToday().clear();
        return true;
    }

    /**
     * Applies one valid event; the state must already be advanced to the event's day.
     *
     * @param out receives the tier change the event causes, if any
     */
    public Outcome apply(PairState state, InteractionEvent event, Consumer<TierTransition> out) {
        return apply(state, event, out, EventMemory.inline(state));
    }

    /** As {@link #apply(PairState, InteractionEvent, Consumer)}, remembering ids in {@code ids}. */
    public Outcome apply(
            PairState state,
            InteractionEvent event,
            Consumer<TierTransition> out,
            EventMemory ids) {
        long time = event.getEventTime().toEpochMilli();
        String eventId = event.getEventId();
        Long seenAt = ids.appliedAt(eventId);
        if (seenAt != null && Math.abs(time - seenAt) < profile.duplicateWindowMillis()) {
            return Outcome.DUPLICATE;
        }
        ids.remember(eventId, time, time - profile.duplicateWindowMillis());

        InteractionType type = event.getType();
        int day = state.getDay();
        long base = basePoints(state, event);
        long gained =
                Math.max(
                        0,
                        Math.min(base, Math.min(typeRemaining(state, type), dayRemaining(state))));
        if (base > 0) {
            state.setLastActiveDay(day);
        }
        state.setLastInteractionDay(day);
        applyFlags(state, type, time);
        if (gained > 0) {
            state.setIntimacy(state.getIntimacy() + gained);
            state.setPointsToday(state.getPointsToday() + (int) gained);
            if (profile.pointRule(type).dailyCap() != PointRule.NO_CAP) {
                state.getTypePointsToday().merge(type.name(), (int) gained, Integer::sum);
            }
        }
        Tier next =
                profile.tiers().tierOf(state.getTier(), state.getIntimacy(), state.getFollowing());
        if (next != state.getTier()) {
            out.accept(
                    new TierTransition(
                            state.getTier(),
                            next,
                            state.getIntimacy(),
                            profile.levels().levelOf(state.getIntimacy()),
                            time,
                            eventId));
            state.setTier(next);
        }
        return Outcome.APPLIED;
    }

    /**
     * The first day after the state's day whose start can change anything (decay or expiry), or
     * MAX_VALUE; a cheap lower bound of {@link #nextVisibleDayStart}.
     */
    public int firstDayStartEffect(PairState state) {
        return new IdleProjection(state).nextEffectDay(profile.decay());
    }

    /**
     * The first day after the state's day whose start will change the tier or expire the pair if no
     * event comes first; empty if that never happens. Looks at most {@code horizonDays} ahead and
     * then answers the day it reached, so the caller looks again from there.
     */
    public OptionalInt nextVisibleDayStart(PairState state, int horizonDays) {
        IdleProjection projection = new IdleProjection(state);
        long horizon = (long) state.getDay() + horizonDays;
        for (int day = projection.nextEffectDay(profile.decay());
                day != Integer.MAX_VALUE;
                day = projection.nextEffectDay(profile.decay())) {
            if (day >= horizon
                    || projection.startDay(day, profile.decay(), profile.tiers())
                            != IdleProjection.Step.NOTHING_VISIBLE) {
                return OptionalInt.of(day);
            }
        }
        return OptionalInt.empty();
    }

    /** A fan's standing at some time: its tier and level then. */
    public record Standing(Tier tier, int level) {}

    /**
     * The standing at {@code time} of a pair whose events up to {@code time} are applied: its day
     * starts since then applied too (SPEC §4), which its state may not have yet; NONE if it expired
     * by then.
     */
    public Standing standingAt(PairState state, long time) {
        return standingAt(new IdleProjection(state), time);
    }

    private Standing standingAt(IdleProjection projection, long time) {
        int targetDay = profile.clock().dayOf(time);
        for (int day = projection.nextEffectDay(profile.decay());
                day <= targetDay;
                day = projection.nextEffectDay(profile.decay())) {
            if (projection.startDay(day, profile.decay(), profile.tiers())
                    == IdleProjection.Step.EXPIRED) {
                return new Standing(Tier.NONE, 0);
            }
        }
        return new Standing(projection.tier, profile.levels().levelOf(projection.intimacy));
    }

    /**
     * The first day after {@code afterDay} whose start changes the standing (tier or level) of the
     * pair, with no event in between, or expires it; empty if that never happens. What package
     * membership needs (a {@code min_level} package loses a fan whose level decays), where {@link
     * #nextVisibleDayStart} looks for tier changes only. Looks at most {@code horizonDays} past
     * {@code afterDay} and then answers the day it reached, so the caller looks again from there.
     */
    public OptionalInt nextStandingChange(PairState state, int afterDay, int horizonDays) {
        IdleProjection projection = new IdleProjection(state);
        int day = projection.nextEffectDay(profile.decay());
        for (; day <= afterDay; day = projection.nextEffectDay(profile.decay())) {
            if (projection.startDay(day, profile.decay(), profile.tiers())
                    == IdleProjection.Step.EXPIRED) {
                return OptionalInt.empty();
            }
        }
        int level = profile.levels().levelOf(projection.intimacy);
        long horizon = (long) afterDay + horizonDays;
        for (; day != Integer.MAX_VALUE; day = projection.nextEffectDay(profile.decay())) {
            if (day >= horizon
                    || projection.startDay(day, profile.decay(), profile.tiers())
                            != IdleProjection.Step.NOTHING_VISIBLE
                    || profile.levels().levelOf(projection.intimacy) != level) {
                return OptionalInt.of(day);
            }
        }
        return OptionalInt.empty();
    }

    public int levelOf(PairState state) {
        return profile.levels().levelOf(state.getIntimacy());
    }

    private long basePoints(PairState state, InteractionEvent event) {
        PointRule rule = profile.pointRule(event.getType());
        String type = event.getType().name();
        boolean rewarded = false;
        if (rule.kind() == PointRule.Kind.FIRST_TIME) {
            rewarded = state.getRewardedOnce().contains(type);
            if (!rewarded) {
                state.getRewardedOnce().add(type);
            }
        }
        return rule.basePoints(event.getWatchSeconds(), event.getAmountCents(), rewarded);
    }

    private long typeRemaining(PairState state, InteractionType type) {
        long cap = profile.pointRule(type).dailyCap();
        if (cap == PointRule.NO_CAP) {
            return Long.MAX_VALUE;
        }
        return cap - state.getTypePointsToday().getOrDefault(type.name(), 0);
    }

    private long dayRemaining(PairState state) {
        return profile.dailyCap().capFor(state.getDayStartLevel()) - state.getPointsToday();
    }

    private static void applyFlags(PairState state, InteractionType type, long time) {
        switch (type) {
            case FOLLOW -> {
                // followed_since is when the current unbroken follow began (SPEC §13).
                if (!state.getFollowing()) {
                    state.setFollowing(true);
                    state.setFollowedSince(time);
                }
            }
            case UNFOLLOW -> state.setFollowing(false);
            case JOIN_FAN_CLUB -> state.setFanClub(true);
            case LEAVE_FAN_CLUB -> state.setFanClub(false);
            case JOIN_GROUP -> state.setInGroup(true);
            case NOTIFY_OPT_OUT -> state.setNotify(false);
            case NOTIFY_OPT_IN -> state.setNotify(true);
            case PURCHASE -> state.setPurchases(state.getPurchases() + 1);
            default -> {}
        }
    }
}
