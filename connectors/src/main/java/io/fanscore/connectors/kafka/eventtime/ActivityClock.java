package io.fanscore.connectors.kafka.eventtime;

/**
 * Wall-clock time that stands still while the reader is held back by backpressure, so that a
 * partition is never judged quiet (and then idle) only because its records could not be emitted.
 * The reader is held back when the task does not ask it for records although it said it had more.
 */
final class ActivityClock {

    /** A pause shorter than this between two polls is ordinary task work, not backpressure. */
    private static final long PAUSE_THRESHOLD_MILLIS = 50;

    private long pausedMillis;
    private long lastReturnAt = Long.MIN_VALUE;
    private boolean hadMore;

    /** Called on entry to every poll, with the wall clock. */
    void onPoll(long now) {
        if (hadMore && lastReturnAt != Long.MIN_VALUE) {
            long gap = now - lastReturnAt;
            if (gap > PAUSE_THRESHOLD_MILLIS) {
                pausedMillis += gap;
            }
        }
    }

    /** Called when a poll returns, with whether the reader said it had more records. */
    void onReturn(long now, boolean moreAvailable) {
        lastReturnAt = now;
        hadMore = moreAvailable;
    }

    /** The activity time at wall-clock {@code now}. */
    long at(long now) {
        return now - pausedMillis;
    }
}
