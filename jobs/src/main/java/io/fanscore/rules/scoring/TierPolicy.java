package io.fanscore.rules.scoring;

import io.fanscore.schema.Tier;

import java.io.Serializable;

/**
 * Which tier a fan is in (SPEC §5), with hysteresis: a fan already at or above a tier keeps it down
 * to {@code ⌊threshold × hysteresisPercent / 100⌋}.
 */
public final class TierPolicy implements Serializable {

    private final long casualThreshold;
    private final boolean casualIfFollowing;
    private final long favorableThreshold;
    private final long devotedThreshold;
    private final int hysteresisPercent;

    public TierPolicy(
            long casualThreshold,
            boolean casualIfFollowing,
            long favorableThreshold,
            long devotedThreshold,
            int hysteresisPercent) {
        if (hysteresisPercent < 0 || hysteresisPercent > 100) {
            throw new IllegalArgumentException(
                    "hysteresis_percent must be in 0..100, got " + hysteresisPercent);
        }
        this.casualThreshold = casualThreshold;
        this.casualIfFollowing = casualIfFollowing;
        this.favorableThreshold = favorableThreshold;
        this.devotedThreshold = devotedThreshold;
        this.hysteresisPercent = hysteresisPercent;
    }

    /** The tier of a fan with state, given the tier it has now (NONE for a new pair). */
    public Tier tierOf(Tier current, long intimacy, boolean following) {
        if (intimacy >= threshold(Tier.DEVOTED, devotedThreshold, current)) {
            return Tier.DEVOTED;
        }
        if (intimacy >= threshold(Tier.FAVORABLE, favorableThreshold, current)) {
            return Tier.FAVORABLE;
        }
        if ((casualIfFollowing && following)
                || intimacy >= threshold(Tier.CASUAL, casualThreshold, current)) {
            return Tier.CASUAL;
        }
        return Tier.POTENTIAL;
    }

    private long threshold(Tier tier, long entryThreshold, Tier current) {
        // Tier's symbols are declared in ascending order, so ordinal order is tier order.
        boolean holdsTier = current.ordinal() >= tier.ordinal();
        return holdsTier ? entryThreshold * hysteresisPercent / 100 : entryThreshold;
    }

    /** The intimacy at which a fan enters {@code tier} (POTENTIAL and below: 0). */
    public long entryThreshold(Tier tier) {
        return switch (tier) {
            case DEVOTED -> devotedThreshold;
            case FAVORABLE -> favorableThreshold;
            case CASUAL -> casualThreshold;
            default -> 0;
        };
    }

    /** Whether following alone makes a fan CASUAL. */
    public boolean casualIfFollowing() {
        return casualIfFollowing;
    }

    public int hysteresisPercent() {
        return hysteresisPercent;
    }

    /** Whether both enter the tiers at the same intimacy (hysteresis aside). */
    public boolean sameEntries(TierPolicy other) {
        return casualThreshold == other.casualThreshold
                && casualIfFollowing == other.casualIfFollowing
                && favorableThreshold == other.favorableThreshold
                && devotedThreshold == other.devotedThreshold;
    }
}
