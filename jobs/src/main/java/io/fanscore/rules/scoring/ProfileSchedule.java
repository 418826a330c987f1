package io.fanscore.rules.scoring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The runtime profile assignments of creators (SPEC §11): each takes effect at the first day start
 * after its event time, for every pair of the creator. Plain Java; the scorer keeps one per subtask
 * and saves it with its checkpoints ({@link #encode}).
 *
 * <p>Assignments apply in event-time order: of two taking effect at the same day start, the one
 * with the later event time wins (the greater profile name on a tie), whatever order they arrived
 * in, so a replay gives the same outputs.
 */
public final class ProfileSchedule {

    /** One switch, kept under the day start it takes effect at: the creator's new profile. */
    record Switch(long eventTime, String profile) {
        boolean supersedes(Switch other) {
            return eventTime != other.eventTime
                    ? eventTime > other.eventTime
                    : profile.compareTo(other.profile) > 0;
        }
    }

    private final DayClock clock;
    private final Map<String, NavigableMap<Long, Switch>> byCreator = new HashMap<>();

    public ProfileSchedule(DayClock clock) {
        this.clock = clock;
    }

    /** The day start an assignment stamped {@code eventTime} takes effect at. */
    public long effectiveAt(long eventTime) {
        return clock.startOf(clock.dayOf(eventTime) + 1);
    }

    /**
     * Records an assignment; returns the day start it takes effect at.
     *
     * @return the effective day start, whether or not an assignment of the same day start wins
     */
    public long assign(String creator, String profile, long eventTime) {
        long effective = effectiveAt(eventTime);
        Switch offered = new Switch(eventTime, profile);
        byCreator
                .computeIfAbsent(creator, c -> new TreeMap<>())
                .merge(effective, offered, (kept, next) -> next.supersedes(kept) ? next : kept);
        return effective;
    }

    /** Whether any assignment of {@code creator} is known. */
    public boolean hasAny(String creator) {
        return byCreator.containsKey(creator);
    }

    /** The profile assigned at runtime that {@code creator} is under at {@code time}, or null. */
    public String profileAt(String creator, long time) {
        NavigableMap<Long, Switch> switches = byCreator.get(creator);
        if (switches == null) {
            return null;
        }
        Map.Entry<Long, Switch> inForce = switches.floorEntry(time);
        return inForce == null ? null : inForce.getValue().profile();
    }

    /** The day starts in (after, upTo] at which {@code creator} changes profile, in order. */
    public List<Long> switchesIn(String creator, long after, long upTo) {
        NavigableMap<Long, Switch> switches = byCreator.get(creator);
        if (switches == null || upTo <= after) {
            return List.of();
        }
        return new ArrayList<>(switches.subMap(after, false, upTo, true).keySet());
    }

    /** The first day start after {@code time} at which {@code creator} changes profile, or max. */
    public long nextSwitchAfter(String creator, long time) {
        NavigableMap<Long, Switch> switches = byCreator.get(creator);
        Long next = switches == null ? null : switches.higherKey(time);
        return next == null ? Long.MAX_VALUE : next;
    }

    /** The first day start after {@code time} at which any creator changes profile, or max. */
    public long nextSwitchAfter(long time) {
        long next = Long.MAX_VALUE;
        for (NavigableMap<Long, Switch> switches : byCreator.values()) {
            Long after = switches.higherKey(time);
            if (after != null) {
                next = Math.min(next, after);
            }
        }
        return next;
    }

    /** Forgets switches superseded by a later one at or before {@code time}: memory stays small. */
    public void forgetBefore(String creator, long time) {
        NavigableMap<Long, Switch> switches = byCreator.get(creator);
        Long inForce = switches == null ? null : switches.floorKey(time);
        if (inForce != null) {
            switches.headMap(inForce, false).clear();
        }
    }

    /** The creators with switches, for saving. */
    public Iterable<String> creators() {
        return byCreator.keySet();
    }

    /** One creator's switches as text: {@code effective:eventTime:profile} joined by {@code ;}. */
    public String encode(String creator) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<Long, Switch> entry :
                byCreator.getOrDefault(creator, new TreeMap<>()).entrySet()) {
            if (text.length() > 0) {
                text.append(';');
            }
            text.append(entry.getKey())
                    .append(':')
                    .append(entry.getValue().eventTime())
                    .append(':')
                    .append(entry.getValue().profile());
        }
        return text.toString();
    }

    /** What {@link #encode} wrote, as effective day start → profile, for tools that show it. */
    public static NavigableMap<Long, String> profilesOf(String encoded) {
        ProfileSchedule read = new ProfileSchedule(null);
        read.restore("", encoded);
        NavigableMap<Long, String> profiles = new TreeMap<>();
        read.byCreator.get("").forEach((at, change) -> profiles.put(at, change.profile()));
        return profiles;
    }

    /** Restores switches {@link #encode} wrote. */
    public void restore(String creator, String encoded) {
        NavigableMap<Long, Switch> switches =
                byCreator.computeIfAbsent(creator, c -> new TreeMap<>());
        for (String item : encoded.split(";")) {
            if (item.isEmpty()) {
                continue;
            }
            String[] parts = item.split(":", 3);
            switches.put(Long.parseLong(parts[0]), new Switch(Long.parseLong(parts[1]), parts[2]));
        }
    }
}
