package io.fanscore.jobs.ingest;

import java.util.HashMap;
import java.util.Map;

/**
 * The largest event time seen per source partition, and the lateness rule built on it: an event is
 * late when it is at or behind {@code max − outOfOrderness − 1}, the watermark that Flink's
 * bounded-out-of-orderness strategy derives from the same partition (SPEC §6).
 *
 * <p>Judging lateness here, in partition order, rather than against the operator watermark makes
 * the verdict independent of when periodic watermarks happen to be emitted, so replays agree.
 */
public final class PartitionHighWater {

    private final long outOfOrdernessMillis;
    private final Map<Integer, Long> maxByPartition = new HashMap<>();

    public PartitionHighWater(long outOfOrdernessMillis) {
        this.outOfOrdernessMillis = outOfOrdernessMillis;
    }

    /** Records {@code eventTime} unless it is late; returns whether it was late. */
    public boolean isLateElseRecord(int partition, long eventTime) {
        Long max = maxByPartition.get(partition);
        if (max != null && eventTime <= max - outOfOrdernessMillis - 1) {
            return true;
        }
        if (max == null || eventTime > max) {
            maxByPartition.put(partition, eventTime);
        }
        return false;
    }

    public Map<Integer, Long> snapshot() {
        return Map.copyOf(maxByPartition);
    }

    /** Restores entries, keeping the larger time where partitions meet after rescaling. */
    public void restore(int partition, long maxEventTime) {
        maxByPartition.merge(partition, maxEventTime, Math::max);
    }
}
