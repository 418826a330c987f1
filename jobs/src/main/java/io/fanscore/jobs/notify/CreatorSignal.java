package io.fanscore.jobs.notify;

import io.fanscore.schema.CreatorPush;
import io.fanscore.schema.LiveEvent;

/**
 * What a creator sends to all its fans, on its way to the buckets they are scored in: a live start
 * (SPEC §7) or an accepted subscription push (SPEC §12); or the withdrawal of a start or push that
 * an earlier one with the same id replaced (ids are global: each starts once). Exactly one of
 * {@link #start} and {@link #push} is set. A Flink POJO.
 */
public class CreatorSignal {

    /** The creator's fan bucket it is for; -1 before it is copied to the buckets. */
    public int bucket;

    /** A live start, or null. */
    public LiveEvent start;

    /** A subscription push, or null. */
    public CreatorPush push;

    /** True: the start or push is withdrawn, not sent. */
    public boolean withdrawn;

    /** Where it was read, for a dead letter if it reaches its buckets late. */
    public int partition = -1;

    public long offset = -1;

    public CreatorSignal() {}

    public CreatorSignal(int bucket, LiveEvent start, boolean withdrawn) {
        this.bucket = bucket;
        this.start = start;
        this.withdrawn = withdrawn;
    }

    /** A live start read at {@code partition} and {@code offset} of the live topic. */
    public static CreatorSignal start(LiveEvent start, int partition, long offset) {
        CreatorSignal signal = new CreatorSignal(-1, start, false);
        signal.partition = partition;
        signal.offset = offset;
        return signal;
    }

    public static CreatorSignal withdrawal(LiveEvent start) {
        return new CreatorSignal(-1, start, true);
    }

    /** A push read at {@code partition} and {@code offset} of the push topic. */
    public static CreatorSignal push(CreatorPush push, int partition, long offset) {
        CreatorSignal signal = new CreatorSignal(-1, null, false);
        signal.push = push;
        signal.partition = partition;
        signal.offset = offset;
        return signal;
    }

    public static CreatorSignal withdrawal(CreatorPush push) {
        CreatorSignal signal = new CreatorSignal(-1, null, true);
        signal.push = push;
        return signal;
    }

    public boolean isPush() {
        return push != null;
    }

    public String creatorId() {
        return isPush() ? push.getCreatorId() : start.getCreatorId();
    }

    /** The live_id or push_id. */
    public String id() {
        return isPush() ? push.getPushId() : start.getLiveId();
    }

    public long time() {
        return (isPush() ? push.getEventTime() : start.getEventTime()).toEpochMilli();
    }

    public CreatorSignal forBucket(int bucket) {
        CreatorSignal copy = new CreatorSignal(bucket, start, withdrawn);
        copy.push = push;
        copy.partition = partition;
        copy.offset = offset;
        return copy;
    }
}
