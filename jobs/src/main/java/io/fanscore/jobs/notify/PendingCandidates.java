package io.fanscore.jobs.notify;

import io.fanscore.state.LiveCandidate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Live candidates waiting for event time to pass their live start, in memory, handed out in the
 * order caps are granted (SPEC §7): by time, then live_id; within one live start in arrival order,
 * since a start reaches each fan once. No sort of a million candidates: a live start is one group.
 */
final class PendingCandidates {

    /** A candidate and the caps bucket it belongs to. */
    record InBucket(int bucket, LiveCandidate candidate) {}

    /** What is done with each candidate handed out. */
    interface Grant {
        void grant(InBucket candidate) throws Exception;
    }

    private final TreeMap<Long, TreeMap<String, List<InBucket>>> byTime = new TreeMap<>();
    private int size;

    void add(int bucket, LiveCandidate candidate) {
        byTime.computeIfAbsent(candidate.getEventTime(), t -> new TreeMap<>())
                .computeIfAbsent(candidate.getLiveId(), l -> new ArrayList<>())
                .add(new InBucket(bucket, candidate));
        size++;
    }

    /** Hands out every candidate at or before {@code until}, in grant order. */
    void drainUntil(long until, Grant grant) throws Exception {
        while (!byTime.isEmpty() && byTime.firstKey() <= until) {
            for (List<InBucket> start : byTime.pollFirstEntry().getValue().values()) {
                size -= start.size();
                for (InBucket candidate : start) {
                    grant.grant(candidate);
                }
            }
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The waiting candidates by bucket, for a checkpoint. */
    Map<Integer, List<LiveCandidate>> byBucket() {
        Map<Integer, List<LiveCandidate>> buckets = new HashMap<>();
        for (TreeMap<String, List<InBucket>> starts : byTime.values()) {
            for (List<InBucket> start : starts.values()) {
                for (InBucket candidate : start) {
                    buckets.computeIfAbsent(candidate.bucket(), b -> new ArrayList<>())
                            .add(candidate.candidate());
                }
            }
        }
        return buckets;
    }
}
