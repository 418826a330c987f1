package io.fanscore.rules.scoring;

import io.fanscore.schema.Tier;

import java.io.Serializable;

/**
 * How often a creator may push to its followers, and whom a push reaches (SPEC §12).
 *
 * @param minTier fans at or above this tier (following, notify on) are reached, unless the push
 *     names its own
 * @param perCreatorPerDay most accepted pushes per creator per day
 * @param perCreatorPerMonth most accepted pushes per creator per calendar month
 * @param perFanPerDay most push notifications per fan per day across all creators
 * @param pushIdMemoryMillis how long a push_id is remembered to ignore repeats
 */
public record PushRule(
        Tier minTier,
        int perCreatorPerDay,
        int perCreatorPerMonth,
        int perFanPerDay,
        long pushIdMemoryMillis)
        implements Serializable {

    /** The defaults of SPEC §12, for profiles that do not say. */
    public static final PushRule DEFAULTS =
            new PushRule(Tier.CASUAL, 1, 8, 3, 720L * 60 * 60 * 1000);

    public PushRule {
        if (minTier == null || minTier == Tier.NONE) {
            throw new IllegalArgumentException("min_tier must be a tier of a fan with state");
        }
        if (perCreatorPerDay < 0 || perCreatorPerMonth < 0 || perFanPerDay < 0) {
            throw new IllegalArgumentException("push caps must be >= 0");
        }
    }

    /** Whether a fan of {@code tier} is reached by a push asking for {@code pushMinTier}. */
    public boolean reaches(Tier tier, Tier pushMinTier) {
        Tier least = pushMinTier == null ? minTier : pushMinTier;
        return tier.ordinal() >= least.ordinal();
    }
}
