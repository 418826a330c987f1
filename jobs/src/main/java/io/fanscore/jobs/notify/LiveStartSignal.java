package io.fanscore.jobs.notify;

import io.fanscore.schema.LiveEvent;

/**
 * A live start on its way to the buckets of its creator's fans, or the withdrawal of one that an
 * earlier start with the same live_id replaced (SPEC §7: a live_id starts once). A Flink POJO.
 */
public class LiveStartSignal {

    /** The creator's fan bucket it is for; -1 before it is copied to the buckets. */
    public int bucket;

    public LiveEvent start;

    /** True: {@link #start} is withdrawn, not started. */
    public boolean withdrawn;

    /** Where the start was read, for a dead letter if it reaches its buckets late. */
    public int partition = -1;

    public long offset = -1;

    public LiveStartSignal() {}

    public LiveStartSignal(int bucket, LiveEvent start, boolean withdrawn) {
        this.bucket = bucket;
        this.start = start;
        this.withdrawn = withdrawn;
    }

    /** A start read at {@code partition} and {@code offset} of the live topic. */
    public static LiveStartSignal start(LiveEvent start, int partition, long offset) {
        LiveStartSignal signal = new LiveStartSignal(-1, start, false);
        signal.partition = partition;
        signal.offset = offset;
        return signal;
    }

    public static LiveStartSignal withdrawal(LiveEvent start) {
        return new LiveStartSignal(-1, start, true);
    }

    public long time() {
        return start.getEventTime().toEpochMilli();
    }

    public LiveStartSignal forBucket(int bucket) {
        LiveStartSignal copy = new LiveStartSignal(bucket, start, withdrawn);
        copy.partition = partition;
        copy.offset = offset;
        return copy;
    }
}
