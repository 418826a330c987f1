package io.fanscore.rules.scoring;

import io.fanscore.state.PairState;

import java.util.Iterator;
import java.util.Map;

/**
 * The event ids a pair has applied within the duplicate window (SPEC §6). Events are applied in
 * time order, so what is remembered only ever needs forgetting from its old end.
 */
public interface EventMemory {

    /** When {@code eventId} was applied to the pair, or null if it is not remembered. */
    Long appliedAt(String eventId);

    /**
     * Remembers {@code eventId} as applied at {@code time}, and may forget what was applied at or
     * before {@code oldestKept}.
     */
    void remember(String eventId, long time, long oldestKept);

    /** All in the pair's state record: right for pairs with few events a day. */
    static EventMemory inline(PairState state) {
        Map<String, Long> recent = state.getRecentEventIds();
        return new EventMemory() {
            @Override
            public Long appliedAt(String eventId) {
                return recent.get(eventId);
            }

            @Override
            public void remember(String eventId, long time, long oldestKept) {
                forgetAtOrBefore(recent, oldestKept);
                recent.put(eventId, time);
            }
        };
    }

    /** Removes the entries applied at or before {@code oldestKept}. */
    static void forgetAtOrBefore(Map<String, Long> recent, long oldestKept) {
        if (recent instanceof RecentIds ids) {
            ids.forgetAtOrBefore(oldestKept);
            return;
        }
        for (Iterator<Long> times = recent.values().iterator(); times.hasNext(); ) {
            if (times.next() <= oldestKept) {
                times.remove();
            }
        }
    }
}
