package io.fanscore.rules.scoring;

import java.io.Serializable;

/**
 * How one interaction type earns base points (SPEC §2). The points actually gained are then limited
 * by the type's daily cap and the fan's daily cap.
 *
 * @param kind how the base is computed
 * @param points fixed points, or points per unit
 * @param unit the size of one unit (seconds watched, cents paid); 1 for fixed rules
 * @param dailyCap most points this type may earn per pair per day; {@link #NO_CAP} for none
 */
public record PointRule(Kind kind, long points, long unit, long dailyCap) implements Serializable {

    public static final long NO_CAP = Long.MAX_VALUE;

    /** Where a rule's base points come from. */
    public enum Kind {
        /** Always {@code points}. */
        FIXED,
        /** {@code points} the first time the pair does this while it has state, 0 after. */
        FIRST_TIME,
        /** {@code points × ⌊watch_seconds / unit⌋}. */
        PER_WATCH_UNIT,
        /** {@code points × ⌊amount_cents / unit⌋}. */
        PER_AMOUNT_UNIT
    }

    public PointRule {
        if (points < 0) {
            throw new IllegalArgumentException("points must be >= 0, got " + points);
        }
        if (unit <= 0) {
            throw new IllegalArgumentException("unit must be > 0, got " + unit);
        }
        if (dailyCap < 0) {
            throw new IllegalArgumentException("daily_cap must be >= 0, got " + dailyCap);
        }
    }

    public static PointRule none() {
        return new PointRule(Kind.FIXED, 0, 1, NO_CAP);
    }

    /**
     * Base points of one event.
     *
     * @param watchSeconds the event's watch_seconds, or null
     * @param amountCents the event's amount_cents, or null
     * @param alreadyRewarded whether a FIRST_TIME reward was already given to this pair
     */
    public long basePoints(Integer watchSeconds, Long amountCents, boolean alreadyRewarded) {
        return switch (kind) {
            case FIXED -> points;
            case FIRST_TIME -> alreadyRewarded ? 0 : points;
            case PER_WATCH_UNIT -> watchSeconds == null ? 0 : points * (watchSeconds / unit);
            case PER_AMOUNT_UNIT -> amountCents == null ? 0 : points * (amountCents / unit);
        };
    }
}
