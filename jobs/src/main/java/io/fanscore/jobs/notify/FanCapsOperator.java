package io.fanscore.jobs.notify;

import io.fanscore.connectors.ids.DeterministicId;
import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.rules.scoring.DayClock;
import io.fanscore.state.NotifyCaps;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import org.apache.avro.specific.SpecificRecordBase;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Flink shell around {@link FrequencyCaps} (SPEC §7, §12), keyed by a bucket of fans ({@link
 * #bucketOf}): candidates of a live start or push at T are granted or suppressed once event time
 * passes T, in (T, id) order per fan, since candidates of an earlier one may still be on their way
 * from another scorer subtask until then. Live notifications and pushes each have their own
 * operator, so their caps are separate.
 *
 * <ul>
 *   <li>Candidates wait in memory ({@link PendingCandidates}), not in state: a million-fan live
 *       start then costs no state write, timer or read-back per fan. They normally wait only until
 *       the scorer's next watermark, which follows its fan-out before any checkpoint barrier can,
 *       so a checkpoint usually finds none waiting; those it finds are written to keyed list state
 *       just before the barrier, and read back on restore.
 *   <li>A fan's tally of the day is in map state per bucket; tallies of past days are dropped at
 *       midnight (one timer per bucket and day), so state holds only fans notified today.
 *   <li>An erasure of a fan comes in the candidate stream, after the candidates of its instant, and
 *       removes the fan's tally (or the erased creator's part of it).
 * </ul>
 *
 * @param <C> the candidate record
 * @param <N> the notification record
 */
public abstract class FanCapsOperator<C extends SpecificRecordBase, N>
        extends AbstractStreamOperator<N>
        implements OneInputStreamOperator<C, N>, Triggerable<Integer, VoidNamespace> {

    /** Sorts after any id of the same instant. */
    private static final String ERASURES_LAST = "\uffff";

    private final Class<C> candidateType;
    private final int perPairPerDay;
    private final int perFanPerDay;
    private final DayClock clock;

    private transient FrequencyCaps caps;
    private transient PendingCandidates<C> pending;
    private transient ListStateDescriptor<C> pendingDescriptor;
    private transient MapState<String, NotifyCaps> tallies;
    private transient InternalTimerService<VoidNamespace> midnights;
    private transient DeterministicId ids;
    private transient FanscoreMetrics metrics;

    /** Buckets whose waiting candidates a checkpoint wrote to state: cleared once granted. */
    private transient Set<Integer> written;

    /** The midnight timer each bucket has armed, so each is registered once per day. */
    private transient Map<Integer, Long> armedMidnights;

    protected FanCapsOperator(
            Class<C> candidateType, int perPairPerDay, int perFanPerDay, DayClock clock) {
        this.candidateType = candidateType;
        this.perPairPerDay = perPairPerDay;
        this.perFanPerDay = perFanPerDay;
        this.clock = clock;
    }

    protected abstract long timeOf(C candidate);

    /** The live_id or push_id: candidates of one time are granted in its order. */
    protected abstract String idOf(C candidate);

    protected abstract String fanOf(C candidate);

    protected abstract String creatorOf(C candidate);

    /** The notification of a granted candidate, its id a function of what it identifies. */
    protected abstract N notification(C candidate, DeterministicId ids);

    protected abstract void countSent(FanscoreMetrics metrics);

    /**
     * Whether the record is an erasure of the fan (for {@link #creatorOf}, or every creator when
     * that is empty) rather than a candidate.
     */
    protected abstract boolean isErasure(C candidate);

    /** A suppressed candidate: cap_pair or cap_fan. */
    protected abstract void countSuppressed(FanscoreMetrics metrics, String reason);

    /** The caps bucket of a fan. */
    public static int bucketOf(String fanId, int buckets) {
        return CreatorFanout.bucketOf(fanId, buckets);
    }

    @Override
    public void open() throws Exception {
        super.open();
        caps = new FrequencyCaps(perPairPerDay, perFanPerDay, clock);
        ids = new DeterministicId();
        metrics = new FanscoreMetrics(getMetricGroup());
        // An erasure comes after the candidates of its instant: those were reached before it.
        pending =
                new PendingCandidates<>(
                        this::timeOf, c -> isErasure(c) ? ERASURES_LAST + idOf(c) : idOf(c));
        written = new HashSet<>();
        armedMidnights = new HashMap<>();
        pendingDescriptor =
                new ListStateDescriptor<>("pending-candidates", new AvroTypeInfo<>(candidateType));
        tallies =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "caps-by-fan",
                                        Types.STRING,
                                        new AvroTypeInfo<>(NotifyCaps.class)));
        midnights = getInternalTimerService("midnights", VoidNamespaceSerializer.INSTANCE, this);
        restorePending();
    }

    @Override
    public void processElement(StreamRecord<C> record) {
        // One behind the watermark (not expected: the scorer sends candidates before it) waits
        // for the next one.
        pending.add((Integer) getCurrentKey(), record.getValue());
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        pending.drainUntil(mark.getTimestamp(), this::grantOrSuppress);
        if (pending.isEmpty() && !written.isEmpty()) {
            for (Integer bucket : written) {
                setCurrentKey(bucket);
                pendingState().clear();
            }
            written.clear();
        }
        super.processWatermark(mark); // midnight clean-ups, then the watermark downstream
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        Map<Integer, List<C>> waiting = pending.byBucket();
        for (Integer bucket : written) {
            if (!waiting.containsKey(bucket)) {
                setCurrentKey(bucket);
                pendingState().clear();
            }
        }
        written.clear();
        for (Map.Entry<Integer, List<C>> bucket : waiting.entrySet()) {
            setCurrentKey(bucket.getKey());
            pendingState().update(bucket.getValue());
            written.add(bucket.getKey());
        }
    }

    /** Midnight: the bucket's tallies of past days go. */
    @Override
    public void onEventTime(InternalTimer<Integer, VoidNamespace> timer) throws Exception {
        int day = clock.dayOf(timer.getTimestamp());
        for (Iterator<Map.Entry<String, NotifyCaps>> it = tallies.iterator(); it.hasNext(); ) {
            if (FrequencyCaps.before(it.next().getValue(), day)) {
                it.remove();
            }
        }
        if (tallies.isEmpty()) {
            tallies.clear(); // drops the bucket's entry itself, not only its contents
        }
        armedMidnights.remove(timer.getKey(), timer.getTimestamp());
    }

    @Override
    public void onProcessingTime(InternalTimer<Integer, VoidNamespace> timer) {}

    private void grantOrSuppress(PendingCandidates.InBucket<C> waiting) throws Exception {
        setCurrentKey(waiting.bucket());
        C candidate = waiting.candidate();
        String fan = fanOf(candidate);
        if (isErasure(candidate)) {
            forget(fan, creatorOf(candidate));
            return;
        }
        FrequencyCaps.Decision decision =
                caps.decide(tallies.get(fan), creatorOf(candidate), timeOf(candidate));
        switch (decision.verdict()) {
            case CAP_PAIR -> countSuppressed(metrics, "cap_pair");
            case CAP_FAN -> countSuppressed(metrics, "cap_fan");
            case SENT -> {
                tallies.put(fan, decision.tally());
                if (decision.newDay()) {
                    armMidnightAfter(waiting.bucket(), decision.tally().getDay());
                }
                countSent(metrics);
                output.collect(new StreamRecord<>(notification(candidate, ids), timeOf(candidate)));
            }
        }
    }

    /**
     * An erased fan's tally of the day goes (of one creator, or of all when {@code creator} is
     * empty): it names the creators that reached the fan. Their caps start again, as the pairs do.
     */
    private void forget(String fan, String creator) throws Exception {
        NotifyCaps tally = tallies.get(fan);
        if (tally == null) {
            return;
        }
        List<String> kept =
                creator.isEmpty()
                        ? List.of()
                        : tally.getCreators().stream().filter(c -> !c.equals(creator)).toList();
        if (kept.isEmpty()) {
            tallies.remove(fan);
        } else {
            tallies.put(fan, NotifyCaps.newBuilder(tally).setCreators(kept).build());
        }
    }

    private void armMidnightAfter(int bucket, int day) {
        long midnight = clock.startOf(day + 1);
        Long armed = armedMidnights.get(bucket);
        if (armed == null || armed != midnight) {
            midnights.registerEventTimeTimer(VoidNamespace.INSTANCE, midnight);
            armedMidnights.put(bucket, midnight);
        }
    }

    private ListState<C> pendingState() throws Exception {
        return getPartitionedState(
                VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, pendingDescriptor);
    }

    /** Candidates a checkpoint found waiting wait again after a restore. */
    @SuppressWarnings("unchecked")
    private void restorePending() throws Exception {
        pendingState(); // registers the state, so its restored keys can be listed
        List<Integer> buckets;
        try (Stream<Tuple2<Object, VoidNamespace>> keys =
                ((KeyedStateBackend<Object>) getKeyedStateBackend())
                        .getKeysAndNamespaces(pendingDescriptor.getName())) {
            buckets = keys.map(k -> (Integer) k.f0).distinct().toList();
        }
        for (Integer bucket : buckets) {
            setCurrentKey(bucket);
            Iterable<C> restored = pendingState().get();
            if (restored != null) {
                restored.forEach(candidate -> pending.add(bucket, candidate));
            }
            written.add(bucket);
        }
    }
}
