package io.fanscore.rules.scoring;

import java.io.Serializable;

/**
 * Bounds beyond which an input value is absurd and the record is dead-lettered as INVALID_VALUE
 * (SPEC §9).
 */
public record InputLimits(
        int maxIdLength,
        int maxWatchSeconds,
        long maxAmountCents,
        long minEventTime,
        long maxFutureSkewMillis)
        implements Serializable {

    /**
     * SPEC §9 defaults: ids of 1..128 chars, a day of watching, 10^10 cents, from 2010-01-01Z, at
     * most 1 h ahead of the wall clock when read.
     */
    public static InputLimits defaults() {
        return new InputLimits(128, 86_400, 10_000_000_000L, 1_262_304_000_000L, 3_600_000L);
    }

    /**
     * Whether {@code eventTime} is further ahead of the wall clock at {@code readAtMillis} than
     * allowed (SPEC §9 v2): such a record would otherwise hold its partition's event time so far
     * ahead that every later on-time event would be late.
     */
    public boolean isTooFarAhead(long eventTime, long readAtMillis) {
        return eventTime - readAtMillis > maxFutureSkewMillis;
    }
}
