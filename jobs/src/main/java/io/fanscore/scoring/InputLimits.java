package io.fanscore.scoring;

import java.io.Serializable;

/**
 * Bounds beyond which an input value is absurd and the record is dead-lettered as INVALID_VALUE
 * (SPEC §9).
 */
public record InputLimits(
        int maxIdLength, int maxWatchSeconds, long maxAmountCents, long minEventTime)
        implements Serializable {

    /** SPEC §9 defaults: ids of 1..128 chars, a day of watching, 10^10 cents, from 2010-01-01Z. */
    public static InputLimits defaults() {
        return new InputLimits(128, 86_400, 10_000_000_000L, 1_262_304_000_000L);
    }
}
