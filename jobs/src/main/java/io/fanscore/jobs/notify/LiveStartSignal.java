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

    public LiveStartSignal() {}

    public LiveStartSignal(int bucket, LiveEvent start, boolean withdrawn) {
        this.bucket = bucket;
        this.start = start;
        this.withdrawn = withdrawn;
    }

    public static LiveStartSignal start(LiveEvent start) {
        return new LiveStartSignal(-1, start, false);
    }

    public static LiveStartSignal withdrawal(LiveEvent start) {
        return new LiveStartSignal(-1, start, true);
    }

    public long time() {
        return start.getEventTime().toEpochMilli();
    }

    public LiveStartSignal forBucket(int bucket) {
        return new LiveStartSignal(bucket, start, withdrawn);
    }
}
