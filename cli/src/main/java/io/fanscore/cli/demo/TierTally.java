package io.fanscore.cli.demo;

import io.fanscore.rules.scoring.TierTransition;
import io.fanscore.schema.Tier;
import io.fanscore.schema.TierChange;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Fans per tier as the tier changes tell it: each change moves one pair out of its old tier and
 * into its new one. NONE (no state) is not a tier anyone is counted in. Changes are also counted by
 * cause: an event, or a day start's decay or expiry (SPEC §4).
 */
public final class TierTally {

    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong decays = new AtomicLong();
    private final AtomicLong expiries = new AtomicLong();
    private final AtomicLongArray pairs = new AtomicLongArray(Tier.values().length);

    public void record(TierChange change) {
        changes.incrementAndGet();
        String cause = change.getCause().toString();
        if (cause.equals(TierTransition.DECAY)) {
            decays.incrementAndGet();
        } else if (cause.equals(TierTransition.EXPIRY)) {
            expiries.incrementAndGet();
        }
        if (change.getFromTier() != Tier.NONE) {
            pairs.decrementAndGet(change.getFromTier().ordinal());
        }
        if (change.getToTier() != Tier.NONE) {
            pairs.incrementAndGet(change.getToTier().ordinal());
        }
    }

    public long changes() {
        return changes.get();
    }

    /** Changes caused by an interaction. */
    public long byEvents() {
        return changes.get() - decays.get() - expiries.get();
    }

    public long byDecay() {
        return decays.get();
    }

    public long byExpiry() {
        return expiries.get();
    }

    /** Pairs per tier, lowest tier first, NONE left out. */
    public Map<Tier, Long> perTier() {
        Map<Tier, Long> perTier = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            if (tier != Tier.NONE) {
                perTier.put(tier, pairs.get(tier.ordinal()));
            }
        }
        return perTier;
    }
}
