package io.fanscore.rules.packages;

import java.io.Serializable;
import java.time.Duration;

/**
 * When package versions are cut (SPEC §8): at the ends of {@code version_interval}s of event time,
 * aligned to the epoch (with 1 h, every full UTC hour). A package's version 1 is cut at the first
 * interval end after the earliest event time it was in force at; every later version one interval
 * after the one before, members or not. A version is due once event time has reached its cut-off.
 */
public final class VersionSchedule implements Serializable {

    private final long intervalMillis;

    public VersionSchedule(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("version_interval must be positive");
        }
        this.intervalMillis = interval.toMillis();
    }

    /**
     * The cut-off of version 1 for a package in force at {@code time}: the first interval end
     * strictly after it, so version 1 always covers an instant the package was in force at.
     */
    public long firstCutoff(long time) {
        // Stepped forward from time, so neither end of the long range overflows.
        long step = intervalMillis - Math.floorMod(time, intervalMillis);
        return time > Long.MAX_VALUE - step ? Long.MAX_VALUE : time + step;
    }

    /** The cut-off of the version after the one cut at {@code cutoff}. */
    public long nextCutoff(long cutoff) {
        return cutoff > Long.MAX_VALUE - intervalMillis ? Long.MAX_VALUE : cutoff + intervalMillis;
    }

    /**
     * Whether {@code time} would start versions earlier than the package's pending first cut-off:
     * only then does an earlier sign of the package in force change anything.
     */
    public boolean startsEarlier(long time, long pendingFirstCutoff) {
        return firstCutoff(time) < pendingFirstCutoff;
    }

    /**
     * Whether the version cut at {@code cutoff} is due at event time {@code eventTime}: a bounded
     * replay stops event time at the largest event time it read, so it cuts exactly the versions
     * whose cut-off is at or before that instant.
     */
    public static boolean due(long cutoff, long eventTime) {
        return cutoff <= eventTime;
    }

    /** How many versions are due at {@code eventTime} for versions starting at {@code first}. */
    public long versionsDue(long first, long eventTime) {
        return due(first, eventTime) ? (eventTime - first) / intervalMillis + 1 : 0;
    }

    public long intervalMillis() {
        return intervalMillis;
    }
}
