package io.fanscore.rules.scoring;

import java.io.Serializable;
import java.util.Arrays;

/** Level as a pure function of intimacy (SPEC §3): level n needs intimacy ≥ thresholds[n-1]. */
public final class LevelTable implements Serializable {

    private final long[] thresholds;

    public LevelTable(long[] thresholds) {
        if (thresholds.length == 0 || thresholds[0] != 0) {
            throw new IllegalArgumentException("levels must start at 0 (level 1)");
        }
        for (int i = 1; i < thresholds.length; i++) {
            if (thresholds[i] <= thresholds[i - 1]) {
                throw new IllegalArgumentException(
                        "levels must be strictly increasing, level "
                                + (i + 1)
                                + " has "
                                + thresholds[i]);
            }
        }
        this.thresholds = thresholds.clone();
    }

    public int levelOf(long intimacy) {
        int index = Arrays.binarySearch(thresholds, intimacy);
        // binarySearch gives -(insertion point) - 1 when absent; the level is the insertion point.
        return index >= 0 ? index + 1 : -index - 1;
    }

    /** The intimacy a fan needs to reach {@code level}. */
    public long thresholdOf(int level) {
        if (level < 1 || level > thresholds.length) {
            throw new IllegalArgumentException(
                    "level " + level + " is not in 1.." + thresholds.length);
        }
        return thresholds[level - 1];
    }

    public int maxLevel() {
        return thresholds.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LevelTable that && Arrays.equals(thresholds, that.thresholds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(thresholds);
    }
}
