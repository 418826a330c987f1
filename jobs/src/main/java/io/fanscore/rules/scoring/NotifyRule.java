package io.fanscore.rules.scoring;

import io.fanscore.schema.Tier;

import java.io.Serializable;

/**
 * Who hears about a live start and how often (SPEC §7).
 *
 * @param minTier fans at or above this tier (and with notify on) are notified
 * @param perPairPerDay most notifications per (creator, fan) per day
 * @param perFanPerDay most notifications per fan per day across all creators
 * @param liveIdMemoryMillis how long a live_id is remembered to ignore repeats
 */
public record NotifyRule(Tier minTier, int perPairPerDay, int perFanPerDay, long liveIdMemoryMillis)
        implements Serializable {

    public NotifyRule {
        if (minTier == Tier.NONE) {
            throw new IllegalArgumentException("min_tier must be a tier of a fan with state");
        }
    }

    public boolean qualifies(Tier tier) {
        return tier.ordinal() >= minTier.ordinal();
    }
}
