package io.fanscore.rules.scoring;

import java.io.Serializable;

/**
 * Intimacy decay and state expiry at the start of a day (SPEC §4).
 *
 * @param idleDaysBeforeDecay decay applies on day d when d − last_active_day exceeds this
 * @param perMille share of intimacy lost per decay day, rounded up (at least 1 while > 0)
 * @param expiryIdleDays a pair with nothing left is removed when its last interaction is more than
 *     this many days before the day
 */
public record DecayRule(int idleDaysBeforeDecay, int perMille, int expiryIdleDays)
        implements Serializable {

    public DecayRule {
        if (idleDaysBeforeDecay < 0 || expiryIdleDays < 0) {
            throw new IllegalArgumentException("idle days must be >= 0");
        }
        if (perMille < 0 || perMille > 1000) {
            throw new IllegalArgumentException("per_mille must be in 0..1000, got " + perMille);
        }
    }

    /** Intimacy after one decay day. */
    public long decayed(long intimacy) {
        long loss = (intimacy * perMille + 999) / 1000;
        return Math.max(0, intimacy - loss);
    }

    /** First day on which decay applies for a pair last active on {@code lastActiveDay}. */
    public int firstDecayDay(int lastActiveDay) {
        return lastActiveDay + idleDaysBeforeDecay + 1;
    }

    /** First day on which a pair last seen on {@code lastInteractionDay} may expire. */
    public int firstExpiryDay(int lastInteractionDay) {
        return lastInteractionDay + expiryIdleDays + 1;
    }
}
