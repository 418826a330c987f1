package io.fanscore.cli.demo;

import java.util.Arrays;

/**
 * Ranks 1..n drawn with probability proportional to {@code 1 / rank^exponent}: a few ranks take
 * most of the draws, as with creator popularity and fan activity.
 */
public final class ZipfSampler {

    private final double[] cumulative;

    public ZipfSampler(int n, double exponent) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        cumulative = new double[n];
        double sum = 0;
        for (int rank = 1; rank <= n; rank++) {
            sum += 1.0 / Math.pow(rank, exponent);
            cumulative[rank - 1] = sum;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= sum;
        }
    }

    public int size() {
        return cumulative.length;
    }

    /** The rank at quantile {@code uniform} in [0, 1). */
    public int rankAt(double uniform) {
        int index = Arrays.binarySearch(cumulative, uniform);
        int rank = index >= 0 ? index + 1 : -index;
        return Math.min(rank, cumulative.length);
    }
}
