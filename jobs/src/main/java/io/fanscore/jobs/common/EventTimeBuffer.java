package io.fanscore.jobs.common;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keyed records held until the watermark passes their time, then handed out in a fixed order. This
 * is what makes every operator's output independent of arrival order (SPEC §6): records are
 * buffered by timestamp, an event-time timer fires for each timestamp, and records of one timestamp
 * are sorted by a deterministic key.
 */
public final class EventTimeBuffer<T> {

    private final MapState<Long, List<T>> pending;
    private final Comparator<T> order;

    public EventTimeBuffer(
            RuntimeContext context, String name, TypeInformation<T> type, Comparator<T> order) {
        this.pending =
                context.getMapState(new MapStateDescriptor<>(name, Types.LONG, Types.LIST(type)));
        this.order = order;
    }

    /** Holds {@code record} until the watermark reaches {@code time}. */
    public void add(long time, T record, TimerService timers) throws Exception {
        List<T> atTime = pending.get(time);
        if (atTime == null) {
            atTime = new ArrayList<>(1);
        }
        atTime.add(record);
        pending.put(time, atTime);
        timers.registerEventTimeTimer(time);
    }

    /** Removes and returns the records of {@code time} in order; empty if there are none. */
    public List<T> drain(long time) throws Exception {
        List<T> atTime = pending.get(time);
        if (atTime == null) {
            return List.of();
        }
        pending.remove(time);
        atTime.sort(order);
        return atTime;
    }

    public boolean holds(long time) throws Exception {
        return pending.contains(time);
    }
}
