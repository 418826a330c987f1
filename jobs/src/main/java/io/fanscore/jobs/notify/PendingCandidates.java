package io.fanscore.jobs.notify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Candidates waiting for event time to pass their live start or push, in memory, handed out in the
 * order caps are granted (SPEC §7, §12): by time, then live_id or push_id; within one start or push
 * in arrival order, since it reaches each fan once. No sort of a million candidates: a live start
 * is one group.
 *
 * @param <C> the candidate record
 */
final class PendingCandidates<C> {

    /** A candidate and the caps bucket it belongs to. */
    record InBucket<C>(int bucket, C candidate) {}

    /** What is done with each candidate handed out. */
    interface Grant<C> {
        void grant(InBucket<C> candidate) throws Exception;
    }

    private final ToLongFunction<C> timeOf;
    private final Function<C, String> idOf;
    private final TreeMap<Long, TreeMap<String, List<InBucket<C>>>> byTime = new TreeMap<>();
    private int size;

    /** Candidates ordered by {@code timeOf}, then {@code idOf} (the start's or push's id). */
    PendingCandidates(ToLongFunction<C> timeOf, Function<C, String> idOf) {
        this.timeOf = timeOf;
        this.idOf = idOf;
    }

    void add(int bucket, C candidate) {
        byTime.computeIfAbsent(timeOf.applyAsLong(candidate), t -> new TreeMap<>())
                .computeIfAbsent(idOf.apply(candidate), l -> new ArrayList<>())
                .add(new InBucket<>(bucket, candidate));
        size++;
    }

    /** Hands out every candidate at or before {@code until}, in grant order. */
    void drainUntil(long until, Grant<C> grant) throws Exception {
        while (!byTime.isEmpty() && byTime.firstKey() <= until) {
            for (List<InBucket<C>> start : byTime.pollFirstEntry().getValue().values()) {
                size -= start.size();
                for (InBucket<C> candidate : start) {
                    grant.grant(candidate);
                }
            }
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The waiting candidates by bucket, for a checkpoint. */
    Map<Integer, List<C>> byBucket() {
        Map<Integer, List<C>> buckets = new HashMap<>();
        for (TreeMap<String, List<InBucket<C>>> starts : byTime.values()) {
            for (List<InBucket<C>> start : starts.values()) {
                for (InBucket<C> candidate : start) {
                    buckets.computeIfAbsent(candidate.bucket(), b -> new ArrayList<>())
                            .add(candidate.candidate());
                }
            }
        }
        return buckets;
    }
}
