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
import java.util.Map;
import java.util.TreeMap;

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
        add(time, record, timers, time);
    }

    /** Holds {@code record}, stamped {@code time}, until the watermark reaches {@code until}. */
    public void add(long time, T record, TimerService timers, long until) throws Exception {
        List<T> atTime = pending.get(time);
        if (atTime == null) {
            atTime = new ArrayList<>(1);
        }
        atTime.add(record);
        pending.put(time, atTime);
        timers.registerEventTimeTimer(until);
    }

    /** The records held with a time at or before {@code time}, in time order, then in order. */
    public List<T> upTo(long time) throws Exception {
        TreeMap<Long, List<T>> held = new TreeMap<>();
        for (Map.Entry<Long, List<T>> atTime : pending.entries()) {
            if (atTime.getKey() <= time) {
                held.put(atTime.getKey(), atTime.getValue());
            }
        }
        List<T> result = new ArrayList<>();
        for (List<T> atTime : held.values()) {
            List<T> sorted = new ArrayList<>(atTime);
            sorted.sort(order);
            result.addAll(sorted);
        }
        return result;
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
