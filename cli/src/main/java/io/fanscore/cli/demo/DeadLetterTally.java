package io.fanscore.cli.demo;

import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** Dead letters read, by reason. */
public final class DeadLetterTally {

    private final AtomicLongArray perReason = new AtomicLongArray(DeadLetterReason.values().length);

    public void record(DeadLetter deadLetter) {
        perReason.incrementAndGet(deadLetter.getReason().ordinal());
    }

    public long total() {
        long total = 0;
        for (int i = 0; i < perReason.length(); i++) {
            total += perReason.get(i);
        }
        return total;
    }

    /** Reasons seen at least once. */
    public Map<DeadLetterReason, Long> perReason() {
        Map<DeadLetterReason, Long> seen = new EnumMap<>(DeadLetterReason.class);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            long count = perReason.get(reason.ordinal());
            if (count > 0) {
                seen.put(reason, count);
            }
        }
        return seen;
    }
}
