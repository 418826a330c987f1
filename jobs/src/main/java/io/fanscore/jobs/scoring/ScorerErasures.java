package io.fanscore.jobs.scoring;

import io.fanscore.jobs.notify.CreatorFanout;
import io.fanscore.packageformat.IdFormat;
import io.fanscore.schema.ErasureRequest;
import io.fanscore.schema.Tier;
import io.fanscore.state.ErasureShare;
import io.fanscore.state.LiveCandidate;
import io.fanscore.state.PushCandidate;

import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The scorer's erasure requests: held until event time passes theirs, then handed out in
 * (event_time, request_id) order, so each is applied after every event stamped at or before it and
 * before every later one, in every subtask alike. Kept in broadcast state: every subtask holds
 * every request, whatever the parallelism it is restored at. A repeated request_id is ignored for
 * {@link #memoryMillis} of event time after its own.
 */
final class ScorerErasures {

    static final MapStateDescriptor<String, ErasureRequest> PENDING =
            new MapStateDescriptor<>(
                    "erasures-pending", Types.STRING, new AvroTypeInfo<>(ErasureRequest.class));

    /** request_id → its event time, for telling repeats; no fan id is kept once applied. */
    static final MapStateDescriptor<String, Long> APPLIED =
            new MapStateDescriptor<>("erasures-applied", Types.STRING, Types.LONG);

    private static final Comparator<ErasureRequest> ORDER =
            Comparator.comparing((ErasureRequest r) -> r.getEventTime().toEpochMilli())
                    .thenComparing(ErasureRequest::getRequestId);

    private final BroadcastState<String, ErasureRequest> pending;
    private final BroadcastState<String, Long> applied;
    private final TreeSet<ErasureRequest> due = new TreeSet<>(ORDER);
    private final long memoryMillis;

    private ScorerErasures(
            BroadcastState<String, ErasureRequest> pending,
            BroadcastState<String, Long> applied,
            long memoryMillis) {
        this.pending = pending;
        this.applied = applied;
        this.memoryMillis = memoryMillis;
    }

    static ScorerErasures restore(OperatorStateStore store, long memoryMillis) throws Exception {
        ScorerErasures erasures =
                new ScorerErasures(
                        store.getBroadcastState(PENDING),
                        store.getBroadcastState(APPLIED),
                        memoryMillis);
        for (Map.Entry<String, ErasureRequest> held : erasures.pending.immutableEntries()) {
            erasures.due.add(held.getValue());
        }
        return erasures;
    }

    /** Holds a request; false if its request_id is held or was applied already (a repeat). */
    boolean hold(ErasureRequest request) throws Exception {
        String id = request.getRequestId();
        if (pending.contains(id) || applied.contains(id)) {
            return false;
        }
        pending.put(id, request);
        due.add(request);
        return true;
    }

    /** The event time of the next held request, or {@link Long#MAX_VALUE}. */
    long nextTime() {
        return due.isEmpty() ? Long.MAX_VALUE : due.first().getEventTime().toEpochMilli();
    }

    /**
     * Takes the held requests stamped at or before {@code time}, in order; they count as applied,
     * and applied ones older than the memory are forgotten.
     */
    List<ErasureRequest> takeUpTo(long time) throws Exception {
        List<ErasureRequest> taken = new ArrayList<>();
        while (!due.isEmpty() && due.first().getEventTime().toEpochMilli() <= time) {
            ErasureRequest request = due.pollFirst();
            pending.remove(request.getRequestId());
            applied.put(request.getRequestId(), request.getEventTime().toEpochMilli());
            taken.add(request);
        }
        if (!taken.isEmpty()) {
            forgetAppliedBefore(time - memoryMillis);
        }
        return taken;
    }

    private void forgetAppliedBefore(long time) throws Exception {
        List<String> old = new ArrayList<>();
        for (Map.Entry<String, Long> entry : applied.immutableEntries()) {
            if (entry.getValue() < time) {
                old.add(entry.getKey());
            }
        }
        for (String id : old) {
            applied.remove(id);
        }
    }

    /**
     * The keys of this subtask that may hold the request's pairs: its fan's bucket of the one
     * creator asked for, or of every creator. One scan of the subtask's keys when every creator is
     * asked for; erasures are rare.
     */
    static List<Tuple2<String, Integer>> keysOf(
            ErasureRequest request,
            int buckets,
            KeyedStateBackend<?> pairsByBucket,
            TaskInfo task) {
        int bucket = CreatorFanout.bucketOf(request.getFanId(), buckets);
        if (request.getCreatorId() != null) {
            // Every subtask sees the request; only the one whose key groups hold the key may
            // touch it.
            Tuple2<String, Integer> key = Tuple2.of(request.getCreatorId(), bucket);
            int owner =
                    KeyGroupRangeAssignment.assignKeyToParallelOperator(
                            key,
                            task.getMaxNumberOfParallelSubtasks(),
                            task.getNumberOfParallelSubtasks());
            return owner == task.getIndexOfThisSubtask() ? List.of(key) : List.of();
        }
        List<Tuple2<String, Integer>> keys = new ArrayList<>();
        try (Stream<?> all =
                pairsByBucket.getKeys(PairScoringOperator.PAIR_STATE, VoidNamespace.INSTANCE)) {
            all.forEach(
                    key -> {
                        @SuppressWarnings("unchecked")
                        Tuple2<String, Integer> bucketKey = (Tuple2<String, Integer>) key;
                        if (bucketKey.f1 == bucket) {
                            keys.add(Tuple2.of(bucketKey.f0, bucketKey.f1));
                        }
                    });
        }
        keys.sort(Comparator.comparing((Tuple2<String, Integer> k) -> k.f0));
        return keys;
    }

    /** This subtask's share of a request's outcome. */
    static ErasureShare share(
            ErasureRequest request,
            String salt,
            long appliedAt,
            int pairsErased,
            List<String> packages,
            int subtasks) {
        return ErasureShare.newBuilder()
                .setRequestId(request.getRequestId())
                .setFanHash(IdFormat.SHA256.memberId(salt, request.getFanId()))
                .setCreatorId(request.getCreatorId())
                .setEventTime(request.getEventTime().toEpochMilli())
                .setAppliedAt(appliedAt)
                .setPairsErased(pairsErased)
                .setPackagesTouched(packages.stream().sorted().toList())
                .setShares(subtasks)
                .build();
    }

    /**
     * The erasure as the live caps read it, after the candidates of its instant: its tally of the
     * day goes (creator_id empty for every creator).
     */
    static LiveCandidate forLiveCaps(ErasureRequest request, long at) {
        return LiveCandidate.newBuilder()
                .setLiveId(request.getRequestId())
                .setCreatorId(creatorOrEvery(request))
                .setFanId(request.getFanId())
                .setTier(Tier.NONE)
                .setLevel(0)
                .setEventTime(at)
                .setErasure(true)
                .build();
    }

    /** The erasure as the push caps read it ({@link #forLiveCaps}). */
    static PushCandidate forPushCaps(ErasureRequest request, long at) {
        return PushCandidate.newBuilder()
                .setPushId(request.getRequestId())
                .setCreatorId(creatorOrEvery(request))
                .setFanId(request.getFanId())
                .setTier(Tier.NONE)
                .setLevel(0)
                .setEventTime(at)
                .setErasure(true)
                .build();
    }

    private static String creatorOrEvery(ErasureRequest request) {
        return request.getCreatorId() == null ? "" : request.getCreatorId();
    }
}
