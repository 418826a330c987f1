package io.fanscore.jobs.scoring;

import io.fanscore.jobs.notify.CreatorSignal;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.Triggerable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * What a bucket holds of one kind of creator signal (live starts, pushes) until event time passes
 * its time T: kept in keyed list state namespaced by T, with a timer at T; then handed over once
 * every event stamped at or before T is applied and none after, in id order, each id once. A signal
 * reaching a bucket after event time passed T is late: reported by bucket 0 only, so once per
 * signal, not once per bucket.
 *
 * @param <R> the record signalled
 */
final class HeldSignals<R> implements Triggerable<Tuple2<String, Integer>, VoidNamespace> {

    /** What is done with the records of one time, once event time passes it. */
    interface Due<R> {
        void at(long time, List<R> records) throws Exception;
    }

    /** What is done with a late signal (by bucket 0). */
    interface Late {
        void late(CreatorSignal signal, long watermark);
    }

    private final KeyedStateBackend<?> state;
    private final ListStateDescriptor<R> descriptor;
    private final Function<CreatorSignal, R> recordOf;
    private final Function<R, String> idOf;
    private final Due<R> due;
    private final Late late;
    private InternalTimerService<VoidNamespace> timers;

    HeldSignals(
            KeyedStateBackend<?> state,
            ListStateDescriptor<R> descriptor,
            Function<CreatorSignal, R> recordOf,
            Function<R, String> idOf,
            Due<R> due,
            Late late) {
        this.state = state;
        this.descriptor = descriptor;
        this.recordOf = recordOf;
        this.idOf = idOf;
        this.due = due;
        this.late = late;
    }

    /** The timers this fires on: the operator makes them with this as their target. */
    void firedBy(InternalTimerService<VoidNamespace> timers) {
        this.timers = timers;
    }

    @Override
    public void onEventTime(InternalTimer<Tuple2<String, Integer>, VoidNamespace> timer)
            throws Exception {
        long time = timer.getTimestamp();
        ListState<R> held = heldAt(time);
        List<R> records = new ArrayList<>();
        held(held).forEach(records::add);
        held.clear();
        records.sort(Comparator.comparing(idOf));
        List<R> once = new ArrayList<>(records.size());
        String previous = null;
        for (R record : records) {
            String id = idOf.apply(record);
            if (!id.equals(previous)) { // the same signal twice: a replay of its source
                once.add(record);
            }
            previous = id;
        }
        due.at(time, once);
    }

    @Override
    public void onProcessingTime(InternalTimer<Tuple2<String, Integer>, VoidNamespace> timer) {}

    /** A signal (or its withdrawal) arriving at the current bucket. */
    void arrived(CreatorSignal signal) throws Exception {
        long time = signal.time();
        ListState<R> held = heldAt(time);
        if (signal.withdrawn) {
            List<R> kept = new ArrayList<>();
            for (R record : held(held)) {
                if (!idOf.apply(record).equals(signal.id())) {
                    kept.add(record);
                }
            }
            held.update(kept); // a withdrawal after the time finds nothing to withdraw
            return;
        }
        long watermark = timers.currentWatermark();
        if (time <= watermark) {
            if (signal.bucket == 0) {
                late.late(signal, watermark);
            }
            return;
        }
        held.add(recordOf.apply(signal));
        timers.registerEventTimeTimer(VoidNamespace.INSTANCE, time);
    }

    /** The current bucket's records of one time. */
    private ListState<R> heldAt(long time) throws Exception {
        return state.getPartitionedState(time, LongSerializer.INSTANCE, descriptor);
    }

    /** What a list state holds; RocksDB answers null for an empty list. */
    private static <T> Iterable<T> held(ListState<T> state) throws Exception {
        Iterable<T> held = state.get();
        return held == null ? List.of() : held;
    }
}
