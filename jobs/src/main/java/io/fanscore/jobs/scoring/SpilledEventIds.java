package io.fanscore.jobs.scoring;

import io.fanscore.rules.scoring.EventMemory;
import io.fanscore.state.PairState;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.runtime.state.KeyedStateBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The event ids of the current pair (SPEC §6 duplicates): the first few in its state record, the
 * rest — a hot pair's, say a bot's 10^6 a day — spilled to keyed state: a map from id to time for
 * the lookup, and a list of ids per hour for forgetting them. An event of a hot pair then costs a
 * lookup, a put and a blind append, whatever the pair's count, instead of reading and writing all
 * its ids with its state record; whole hours are forgotten once they are out of the window.
 */
final class SpilledEventIds {

    /** How many ids a pair keeps in its state record before it spills. */
    static final int INLINE = 64;

    private static final long HOUR = 3_600_000L;

    /** Access to the current pair's spill. */
    interface Spill {
        MapState<String, Long> ids() throws Exception;

        ListState<String> idsOfHour(long hour) throws Exception;
    }

    private final Spill spill;

    SpilledEventIds(Spill spill) {
        this.spill = spill;
    }

    /** The spill in the scorer's keyed state, namespaced by the fan being scored. */
    static SpilledEventIds inKeyedState(KeyedStateBackend<?> state, Supplier<String> currentFan) {
        MapStateDescriptor<String, Long> ids =
                new MapStateDescriptor<>("spilled-event-ids", Types.STRING, Types.LONG);
        ListStateDescriptor<String> idsByHour =
                new ListStateDescriptor<>("spilled-event-ids-by-hour", Types.STRING);
        return new SpilledEventIds(
                new Spill() {
                    @Override
                    public MapState<String, Long> ids() throws Exception {
                        return state.getPartitionedState(
                                currentFan.get(), StringSerializer.INSTANCE, ids);
                    }

                    @Override
                    public ListState<String> idsOfHour(long hour) throws Exception {
                        return state.getPartitionedState(
                                hour + "/" + currentFan.get(),
                                StringSerializer.INSTANCE,
                                idsByHour);
                    }
                });
    }

    /** The memory of {@code state}'s pair. */
    EventMemory of(PairState state) {
        EventMemory inline = EventMemory.inline(state);
        return new EventMemory() {
            @Override
            public Long appliedAt(String eventId) {
                Long time = inline.appliedAt(eventId);
                if (time == null && state.getSpilledEventIds() > 0) {
                    time = unchecked(() -> spill.ids().get(eventId));
                }
                return time;
            }

            @Override
            public void remember(String eventId, long time, long oldestKept) {
                EventMemory.forgetAtOrBefore(state.getRecentEventIds(), oldestKept);
                unchecked(() -> forgetHoursUpTo(state, oldestKept));
                if (state.getRecentEventIds().size() < INLINE) {
                    state.getRecentEventIds().put(eventId, time);
                } else {
                    unchecked(() -> add(state, eventId, time));
                }
            }
        };
    }

    /** Drops the whole spill of a pair whose state goes away. */
    void clear(PairState state) throws Exception {
        if (state != null && state.getSpilledEventIds() > 0) {
            forgetHoursUpTo(state, Long.MAX_VALUE - HOUR);
        }
    }

    private Void add(PairState state, String eventId, long time) throws Exception {
        long hour = Math.floorDiv(time, HOUR);
        spill.ids().put(eventId, time);
        spill.idsOfHour(hour).add(eventId); // a blind append
        if (state.getSpilledEventIds() == 0) {
            state.setSpilledFirstHour(hour);
        }
        state.setSpilledLastHour(Math.max(state.getSpilledLastHour(), hour));
        state.setSpilledEventIds(state.getSpilledEventIds() + 1);
        return null;
    }

    /** Forgets the spilled hours that lie wholly at or before {@code oldestKept}. */
    private Void forgetHoursUpTo(PairState state, long oldestKept) throws Exception {
        long lastExpired = Math.floorDiv(oldestKept + 1, HOUR) - 1;
        long hour = state.getSpilledFirstHour();
        while (state.getSpilledEventIds() > 0 && hour <= lastExpired) {
            if (hour > state.getSpilledLastHour()) {
                state.setSpilledEventIds(0);
                break;
            }
            ListState<String> ofHour = spill.idsOfHour(hour);
            List<String> ids = new ArrayList<>();
            Iterable<String> stored = ofHour.get();
            if (stored != null) {
                stored.forEach(ids::add);
            }
            for (String id : ids) {
                spill.ids().remove(id);
            }
            ofHour.clear();
            state.setSpilledEventIds(Math.max(0, state.getSpilledEventIds() - ids.size()));
            hour++;
        }
        state.setSpilledFirstHour(hour);
        return null;
    }

    private interface StateCall<T> {
        T call() throws Exception;
    }

    /** State access fails only if the backend does; that is a failure of the job, not of input. */
    private static <T> T unchecked(StateCall<T> call) {
        try {
            return call.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("keyed state access failed", e);
        }
    }
}
