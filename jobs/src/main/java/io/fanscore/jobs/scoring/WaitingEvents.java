package io.fanscore.jobs.scoring;

import io.fanscore.jobs.ingest.PositionedEvent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Events not yet behind the watermark, in memory, handed out in application order: event time, then
 * pair, then event_id. Grouped by second, since a second's worth of events arrives nearly in order
 * and is cheap to sort once, where a tree of single events costs a rebalancing per insert.
 *
 * <p>It also knows which waiting events a checkpoint has not yet saved ({@link #takeUnsaved}), so
 * that an event applied before the next checkpoint never touches state at all.
 */
final class WaitingEvents {

    /** The events of one pair at one time, applied together. */
    interface PairBatch {
        void apply(long time, List<PositionedEvent> events) throws Exception;
    }

    /** Called before the first event of each distinct time, so earlier timers can fire first. */
    interface BeforeTime {
        void reach(long time) throws Exception;
    }

    /** Event time, then pair, then event_id; by hand, since it runs several times per event. */
    private static final Comparator<PositionedEvent> ORDER =
            (a, b) -> {
                int order = Long.compare(a.eventTime(), b.eventTime());
                if (order == 0) {
                    order = a.event.getCreatorId().compareTo(b.event.getCreatorId());
                }
                if (order == 0) {
                    order = a.event.getFanId().compareTo(b.event.getFanId());
                }
                return order != 0 ? order : a.event.getEventId().compareTo(b.event.getEventId());
            };

    /** Events of one second; those before {@code next} have been handed out. */
    private static final class Second {
        final ArrayList<PositionedEvent> events = new ArrayList<>();
        int next;
        boolean sorted = true;
    }

    /** Below this, applied events are left in {@link #unsaved} until the next checkpoint. */
    private static final int PRUNE_FLOOR = 4_096;

    private final TreeMap<Long, Second> seconds = new TreeMap<>();

    /** Arrived since the last {@link #takeUnsaved}; some may have been handed out since. */
    private final ArrayList<PositionedEvent> unsaved = new ArrayList<>();

    private int pruneAt = PRUNE_FLOOR;

    /** Every event at or before this has been handed out. */
    private long handedOutUntil = Long.MIN_VALUE;

    /** An event that arrived: it waits, and is not in any checkpoint yet. */
    void add(PositionedEvent event) {
        hold(event);
        unsaved.add(event);
    }

    /** An event read back from a checkpoint: it waits, and is saved already. */
    void addSaved(PositionedEvent event) {
        hold(event);
    }

    /**
     * The events that arrived since the last call and still wait: what a checkpoint taken now must
     * save. Those that arrived and were handed out in between never need saving.
     */
    List<PositionedEvent> takeUnsaved() {
        List<PositionedEvent> waiting = new ArrayList<>();
        for (PositionedEvent event : unsaved) {
            if (event.eventTime() > handedOutUntil) {
                waiting.add(event);
            }
        }
        unsaved.clear();
        pruneAt = PRUNE_FLOOR;
        return waiting;
    }

    /** How many arrivals are held for the next take, applied or not: bounded, see the pruning. */
    int unsavedHeld() {
        return unsaved.size();
    }

    private void hold(PositionedEvent event) {
        Second second =
                seconds.computeIfAbsent(Math.floorDiv(event.eventTime(), 1000L), s -> new Second());
        List<PositionedEvent> events = second.events;
        if (!events.isEmpty() && ORDER.compare(events.get(events.size() - 1), event) > 0) {
            second.sorted = false;
        }
        events.add(event);
    }

    /** The latest time of a waiting event, or MIN_VALUE if none waits. */
    long latestTime() {
        long latest = Long.MIN_VALUE;
        if (!seconds.isEmpty()) {
            for (PositionedEvent event : seconds.lastEntry().getValue().events) {
                latest = Math.max(latest, event.eventTime());
            }
        }
        return latest;
    }

    /** Hands out, in order, every event with a time at or before {@code until}. */
    void drainUntil(long until, BeforeTime beforeTime, PairBatch batch) throws Exception {
        long reached = Long.MIN_VALUE;
        while (!seconds.isEmpty() && seconds.firstKey() * 1000L <= until) {
            Map.Entry<Long, Second> first = seconds.firstEntry();
            Second second = first.getValue();
            if (!second.sorted) {
                second.events.subList(second.next, second.events.size()).sort(ORDER);
                second.sorted = true;
            }
            List<PositionedEvent> events = second.events;
            int from = second.next;
            while (from < events.size() && events.get(from).eventTime() <= until) {
                long time = events.get(from).eventTime();
                if (time != reached) {
                    beforeTime.reach(time);
                    reached = time;
                }
                int end = from + 1;
                while (end < events.size()
                        && events.get(end).eventTime() == time
                        && samePair(events.get(from), events.get(end))) {
                    end++;
                }
                batch.apply(time, events.subList(from, end));
                from = end;
            }
            second.next = from;
            if (from < events.size()) {
                break; // the rest of this second is after `until`
            }
            seconds.pollFirstEntry();
        }
        handedOut(until);
    }

    private void handedOut(long until) {
        handedOutUntil = Math.max(handedOutUntil, until);
        // Without checkpoints nothing takes the unsaved events: drop the applied ones now and
        // then, so the list stays in proportion to what waits.
        if (unsaved.size() > pruneAt) {
            long applied = handedOutUntil;
            unsaved.removeIf(event -> event.eventTime() <= applied);
            pruneAt = Math.max(PRUNE_FLOOR, 2 * unsaved.size());
        }
    }

    private static boolean samePair(PositionedEvent a, PositionedEvent b) {
        return a.event.getCreatorId().equals(b.event.getCreatorId())
                && a.event.getFanId().equals(b.event.getFanId());
    }
}
