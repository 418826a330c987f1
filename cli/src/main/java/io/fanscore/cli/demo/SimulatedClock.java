package io.fanscore.cli.demo;

import java.util.function.LongSupplier;

/**
 * The demo's time-lapse: tick n of the first {@code lapseTicks} is stamped {@code start + n × (end
 * − start) / lapseTicks}, so weeks of activity pass in a short run; after that the clock follows
 * the wall clock. {@code end} is the wall-clock time when the run began, so simulated time never
 * runs ahead of real time (SPEC §9: event times more than an hour ahead are invalid).
 */
final class SimulatedClock {

    private final long start;
    private final long end;
    private final long lapseTicks;
    private final LongSupplier wallClock;
    private long last = Long.MIN_VALUE;

    SimulatedClock(long start, long end, long lapseTicks, LongSupplier wallClock) {
        if (end < start || lapseTicks <= 0) {
            throw new IllegalArgumentException(
                    "a time-lapse needs start <= end and ticks > 0, got "
                            + start
                            + ".."
                            + end
                            + " over "
                            + lapseTicks);
        }
        this.start = start;
        this.end = end;
        this.lapseTicks = lapseTicks;
        this.wallClock = wallClock;
    }

    long start() {
        return start;
    }

    long end() {
        return end;
    }

    /** The time of tick {@code n}; never earlier than that of an earlier tick. */
    long timeOf(long n) {
        long time =
                n < lapseTicks
                        ? start + (long) ((double) (end - start) * n / lapseTicks)
                        : Math.max(end, wallClock.getAsLong());
        last = Math.max(last, time);
        return last;
    }
}
