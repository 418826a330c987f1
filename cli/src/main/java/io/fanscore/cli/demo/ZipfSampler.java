package io.fanscore.cli.demo;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Ranks drawn with probability proportional to {@code 1 / rank^exponent}: a few ranks take most of
 * the draws, as with creator popularity and fan activity.
 */
public final class ZipfSampler {

    private final int[] ranks;
    private final double[] cumulative;

    /** Ranks 1..n. */
    public ZipfSampler(int n, double exponent) {
        this(IntStream.rangeClosed(1, n).toArray(), exponent);
    }

    /** Only the given ranks (ascending), in the same proportions as among ranks 1..n. */
    public ZipfSampler(int[] ranks, double exponent) {
        if (ranks.length < 1) {
            throw new IllegalArgumentException("at least one rank is needed");
        }
        this.ranks = ranks.clone();
        cumulative = new double[ranks.length];
        double sum = 0;
        for (int i = 0; i < ranks.length; i++) {
            sum += 1.0 / Math.pow(ranks[i], exponent);
            cumulative[i] = sum;
        }
        for (int i = 0; i < ranks.length; i++) {
            cumulative[i] /= sum;
        }
    }

    public int size() {
        return ranks.length;
    }

    /** The rank at quantile {@code uniform} in [0, 1). */
    public int rankAt(double uniform) {
        return ranks[indexAt(uniform)];
    }

    /** Where the rank at quantile {@code uniform} stands among this sampler's ranks, from 0. */
    public int indexAt(double uniform) {
        int index = Arrays.binarySearch(cumulative, uniform);
        int position = index >= 0 ? index : -index - 1;
        return Math.min(position, ranks.length - 1);
    }

    /** The rank at {@code index}, the most popular first. */
    public int rank(int index) {
        return ranks[index];
    }
}
