package io.fanscore.rules.scoring;

import io.fanscore.schema.Tier;

/**
 * A pair moved between tiers (SPEC §5). A move to NONE carries intimacy 0 and level 0.
 *
 * @param cause the event_id that caused it, or {@link #DECAY} / {@link #EXPIRY} / {@link #ERASURE}
 */
public record TierTransition(
        Tier from, Tier to, long intimacy, int level, long eventTime, String cause) {

    public static final String DECAY = "DECAY";
    public static final String EXPIRY = "EXPIRY";

    /** The fan asked to be forgotten: the pair's state is removed. */
    public static final String ERASURE = "ERASURE";
}
