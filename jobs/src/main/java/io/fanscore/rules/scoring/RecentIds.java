package io.fanscore.rules.scoring;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A pair's remembered event ids and when each was applied, in the order they were applied. A pair
 * holds a handful (at most {@code SpilledEventIds.INLINE}), read back from state for every event:
 * two arrays searched from the end cost less than a hash map, which hashed every id on each read.
 * The order also makes the times ascending, so the state records them as small deltas.
 */
public final class RecentIds extends AbstractMap<String, Long> {

    private String[] ids;
    private long[] times;
    private int size;

    public RecentIds() {
        this(4);
    }

    public RecentIds(int capacity) {
        ids = new String[Math.max(1, capacity)];
        times = new long[ids.length];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object id) {
        return indexOf(id) >= 0;
    }

    @Override
    public Long get(Object id) {
        int index = indexOf(id);
        return index < 0 ? null : times[index];
    }

    @Override
    public Long put(String id, Long time) {
        int index = indexOf(id);
        if (index >= 0) {
            long previous = times[index];
            times[index] = time;
            return previous;
        }
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            times = Arrays.copyOf(times, size * 2);
        }
        ids[size] = id;
        times[size] = time;
        size++;
        return null;
    }

    @Override
    public Long remove(Object id) {
        int index = indexOf(id);
        if (index < 0) {
            return null;
        }
        long previous = times[index];
        removeAt(index);
        return previous;
    }

    @Override
    public void clear() {
        Arrays.fill(ids, 0, size, null);
        size = 0;
    }

    /** Removes every id applied at or before {@code oldestKept}, keeping the order of the rest. */
    public void forgetAtOrBefore(long oldestKept) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (times[i] > oldestKept) {
                ids[kept] = ids[i];
                times[kept] = times[i];
                kept++;
            }
        }
        Arrays.fill(ids, kept, size, null);
        size = kept;
    }

    @Override
    public Set<Entry<String, Long>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Entry<String, Long>> iterator() {
                return new Iterator<>() {
                    private int next;
                    private boolean removable;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<String, Long> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        removable = true;
                        int index = next++;
                        return new SimpleImmutableEntry<>(ids[index], times[index]);
                    }

                    @Override
                    public void remove() {
                        if (!removable) {
                            throw new IllegalStateException();
                        }
                        removable = false;
                        removeAt(--next);
                    }
                };
            }
        };
    }

    /** The latest first: a resent event is most often a recent one. */
    private int indexOf(Object id) {
        for (int i = size - 1; i >= 0; i--) {
            if (ids[i].equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private void removeAt(int index) {
        System.arraycopy(ids, index + 1, ids, index, size - index - 1);
        System.arraycopy(times, index + 1, times, index, size - index - 1);
        ids[--size] = null;
    }
}
