package io.fanscore.rules.scoring;

import io.fanscore.schema.Tier;
import io.fanscore.state.PairState;

/**
 * The part of a pair's state that day starts touch (SPEC §4), stepped from one day start that can
 * matter to the next. Used both to apply day starts and to look ahead for the next day on which
 * something visible happens, so the two can never disagree.
 */
final class IdleProjection {

    /** What a day start did. */
    enum Step {
        NOTHING_VISIBLE,
        TIER_CHANGED,
        EXPIRED
    }

    long intimacy;
    Tier tier;
    Tier tierBefore;
    int day;
    private final boolean following;
    private final boolean fanClub;
    private final Integer lastActiveDay;
    private final int lastInteractionDay;

    IdleProjection(PairState state) {
        this(
                state.getIntimacy(),
                state.getTier(),
                state.getDay(),
                state.getFollowing(),
                state.getFanClub(),
                state.getLastActiveDay(),
                state.getLastInteractionDay());
    }

    private IdleProjection(
            long intimacy,
            Tier tier,
            int day,
            boolean following,
            boolean fanClub,
            Integer lastActiveDay,
            int lastInteractionDay) {
        this.intimacy = intimacy;
        this.tier = tier;
        this.tierBefore = tier;
        this.day = day;
        this.following = following;
        this.fanClub = fanClub;
        this.lastActiveDay = lastActiveDay;
        this.lastInteractionDay = lastInteractionDay;
    }

    /** The first day after {@link #day} whose start can change anything, or MAX_VALUE. */
    int nextEffectDay(DecayRule rule) {
        int next = Integer.MAX_VALUE;
        if (intimacy > 0 && lastActiveDay != null) {
            next = Math.max(day + 1, rule.firstDecayDay(lastActiveDay));
        } else if (intimacy == 0 && !following && !fanClub) {
            next = Math.max(day + 1, rule.firstExpiryDay(lastInteractionDay));
        }
        return next;
    }

    /** Applies the start of {@code newDay}, which must be {@link #nextEffectDay}. */
    Step startDay(int newDay, DecayRule rule, TierPolicy tiers) {
        day = newDay;
        tierBefore = tier;
        if (intimacy > 0 && lastActiveDay != null && newDay >= rule.firstDecayDay(lastActiveDay)) {
            intimacy = rule.decayed(intimacy);
        }
        // SPEC §4: expiry looks at intimacy after that day's decay.
        if (intimacy == 0
                && !following
                && !fanClub
                && newDay >= rule.firstExpiryDay(lastInteractionDay)) {
            return Step.EXPIRED;
        }
        Tier next = tiers.tierOf(tier, intimacy, following);
        if (next != tier) {
            tier = next;
            return Step.TIER_CHANGED;
        }
        return Step.NOTHING_VISIBLE;
    }
}
