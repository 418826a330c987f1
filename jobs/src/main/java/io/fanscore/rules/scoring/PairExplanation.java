package io.fanscore.rules.scoring;

import io.fanscore.schema.InteractionType;
import io.fanscore.schema.Tier;
import io.fanscore.state.PairState;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why a pair stands where it does and where it goes next, computed from its state and profile
 * alone: today's points against the caps, what the day starts will do if the fan stays idle, and
 * what it takes to reach the next tier. The idle outlook steps the same {@link IdleProjection} the
 * scorer applies day starts with, so an explanation cannot disagree with what the job will do.
 *
 * <p>Everything is as of the state's day (the last day start the job applied): the state holds no
 * history beyond today's points, so earlier days' grants are not explained.
 */
public final class PairExplanation {

    /** Day starts looked ahead at most: past this, an idle outlook reports nothing more. */
    static final int HORIZON_DAYS = 3_650;

    /** One type's points today against its own cap ({@link PointRule#NO_CAP} for none). */
    public record TypeToday(String type, long points, long cap, boolean capped) {}

    /** Something a day start will do if nothing happens; {@code tier} is NONE for expiry. */
    public record IdleStep(LocalDate day, String what, long intimacy, Tier tier) {}

    /**
     * The next tier up and what it takes: {@code pointsNeeded} more intimacy, which earning the
     * daily cap every day from now gives in {@code daysAtDailyCap} days (today counted when its cap
     * is not yet reached), or -1 when the caps never get there within the horizon.
     */
    public record NextTier(Tier tier, long entryThreshold, long pointsNeeded, int daysAtDailyCap) {}

    /** The explanation. {@code nextTier} is null for a DEVOTED fan. */
    public record Explanation(
            String profile,
            LocalDate day,
            Tier tier,
            long intimacy,
            int level,
            long pointsToday,
            long dailyCap,
            boolean dailyCapReached,
            List<TypeToday> typesToday,
            boolean following,
            List<IdleStep> ifIdle,
            NextTier nextTier) {}

    private PairExplanation() {}

    public static Explanation explain(PairState state, ScoringProfile profile) {
        int dayStartLevel = state.getDayStartLevel();
        long dailyCap = profile.dailyCap().capFor(dayStartLevel);
        return new Explanation(
                profile.name(),
                LocalDate.ofEpochDay(state.getDay()),
                state.getTier(),
                state.getIntimacy(),
                profile.levels().levelOf(state.getIntimacy()),
                state.getPointsToday(),
                dailyCap,
                state.getPointsToday() >= dailyCap,
                typesToday(state, profile),
                state.getFollowing(),
                ifIdle(state, profile),
                nextTier(state, profile, dailyCap));
    }

    private static List<TypeToday> typesToday(PairState state, ScoringProfile profile) {
        List<TypeToday> types = new ArrayList<>();
        for (Map.Entry<String, Integer> entry :
                new TreeMap<>(state.getTypePointsToday()).entrySet()) {
            long cap = capOf(entry.getKey(), profile);
            types.add(
                    new TypeToday(entry.getKey(), entry.getValue(), cap, entry.getValue() >= cap));
        }
        return types;
    }

    private static long capOf(String type, ScoringProfile profile) {
        try {
            return profile.pointRule(InteractionType.valueOf(type)).dailyCap();
        } catch (IllegalArgumentException unknownType) {
            return PointRule.NO_CAP;
        }
    }

    /** Every visible day start up to the horizon: decay steps, tier changes, expiry. */
    private static List<IdleStep> ifIdle(PairState state, ScoringProfile profile) {
        IdleProjection projection = new IdleProjection(state);
        List<IdleStep> steps = new ArrayList<>();
        int horizon = state.getDay() + HORIZON_DAYS;
        while (true) {
            int next = projection.nextEffectDay(profile.decay());
            if (next > horizon) {
                return steps;
            }
            long before = projection.intimacy;
            IdleProjection.Step step = projection.startDay(next, profile.decay(), profile.tiers());
            LocalDate day = LocalDate.ofEpochDay(next);
            if (step == IdleProjection.Step.EXPIRED) {
                steps.add(new IdleStep(day, "expires", 0, Tier.NONE));
                return steps;
            }
            if (step == IdleProjection.Step.TIER_CHANGED) {
                steps.add(new IdleStep(day, "tier change", projection.intimacy, projection.tier));
            } else if (projection.intimacy != before && steps.isEmpty()) {
                // The first decay step is worth naming; the others show in the tier changes.
                steps.add(new IdleStep(day, "decay starts", projection.intimacy, projection.tier));
            }
            if (projection.intimacy == before && step == IdleProjection.Step.NOTHING_VISIBLE) {
                // Decayed to a fixed point (0 while following or in the fan club): nothing more.
                return steps;
            }
        }
    }

    private static NextTier nextTier(PairState state, ScoringProfile profile, long dailyCap) {
        Tier current = state.getTier();
        if (current == Tier.DEVOTED) {
            return null;
        }
        Tier next =
                switch (current) {
                    case FAVORABLE -> Tier.DEVOTED;
                    case CASUAL -> Tier.FAVORABLE;
                    default -> Tier.CASUAL;
                };
        long threshold = profile.tiers().entryThreshold(next);
        long needed = Math.max(0, threshold - state.getIntimacy());
        return new NextTier(
                next, threshold, needed, daysAtDailyCap(state, profile, needed, dailyCap));
    }

    /** Days of earning the full daily cap (which grows with the level) to gain {@code needed}. */
    static int daysAtDailyCap(PairState state, ScoringProfile profile, long needed, long capToday) {
        if (needed == 0) {
            return 0;
        }
        long intimacy = state.getIntimacy();
        long gained = Math.max(0, capToday - state.getPointsToday());
        int days = gained > 0 ? 1 : 0;
        intimacy += gained;
        while (gained < needed) {
            if (days > HORIZON_DAYS) {
                return -1;
            }
            long cap = profile.dailyCap().capFor(profile.levels().levelOf(intimacy));
            if (cap <= 0) {
                return -1;
            }
            gained += cap;
            intimacy += cap;
            days++;
        }
        return days;
    }
}
