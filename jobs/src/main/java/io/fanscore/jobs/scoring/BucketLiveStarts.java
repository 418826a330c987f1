package io.fanscore.jobs.scoring;

import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.jobs.notify.LiveAudience;
import io.fanscore.jobs.notify.LiveStartSequencer;
import io.fanscore.jobs.notify.LiveStartSignal;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.LiveEvent;
import io.fanscore.state.LiveCandidate;
import io.fanscore.state.PairState;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.Triggerable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The live starts of one bucket (SPEC §7): a start at T waits in keyed state, with a timer at T,
 * until every event stamped at or before T is applied and none after; then every pair of the bucket
 * is asked where it stands as of T ({@link LiveAudience}). A start reaching a bucket after its
 * event time passed T is LATE, dead-lettered by bucket 0 only.
 */
final class BucketLiveStarts implements Triggerable<Tuple2<String, Integer>, VoidNamespace> {

    /** Where candidates and late starts go. */
    interface Output {
        void candidate(LiveCandidate candidate, long time);

        void late(DeadLetter deadLetter);
    }

    private static final Comparator<LiveEvent> BY_LIVE_ID =
            Comparator.comparing(LiveEvent::getLiveId);

    private final KeyedStateBackend<?> state;
    private final MapState<String, PairState> pairs;
    private final ListStateDescriptor<LiveEvent> waiting =
            new ListStateDescriptor<>("pending-live-starts", LiveStartSequencer.liveEventType());
    private final ScorerLedgers ledgers;
    private final LateInputs late;
    private final FanscoreMetrics metrics;
    private final LongCounter candidatesOfThisSubtask;
    private final Output output;
    private InternalTimerService<VoidNamespace> timers;

    BucketLiveStarts(
            KeyedStateBackend<?> state,
            MapState<String, PairState> pairs,
            ScorerLedgers ledgers,
            LateInputs late,
            FanscoreMetrics metrics,
            LongCounter candidatesOfThisSubtask,
            Output output) {
        this.state = state;
        this.pairs = pairs;
        this.ledgers = ledgers;
        this.late = late;
        this.metrics = metrics;
        this.candidatesOfThisSubtask = candidatesOfThisSubtask;
        this.output = output;
    }

    /** The timers this fires on: the operator makes them with this as their target. */
    void firedBy(InternalTimerService<VoidNamespace> timers) {
        this.timers = timers;
    }

    @Override
    public void onEventTime(InternalTimer<Tuple2<String, Integer>, VoidNamespace> timer)
            throws Exception {
        fanOut(timer.getTimestamp());
    }

    @Override
    public void onProcessingTime(InternalTimer<Tuple2<String, Integer>, VoidNamespace> timer) {}

    /** A start (or its withdrawal) arriving at the current bucket. */
    void arrived(LiveStartSignal signal) throws Exception {
        long time = signal.time();
        ListState<LiveEvent> held = startsAt(time);
        if (signal.withdrawn) {
            List<LiveEvent> kept = new ArrayList<>();
            for (LiveEvent start : held(held)) {
                if (!start.getLiveId().equals(signal.start.getLiveId())) {
                    kept.add(start);
                }
            }
            held.update(kept); // a withdrawal after the fan-out finds nothing to withdraw
            return;
        }
        long watermark = timers.currentWatermark();
        if (time <= watermark) {
            if (signal.bucket == 0) { // once per start, not once per bucket
                metrics.lateLiveStart();
                metrics.deadLetter(DeadLetterReason.LATE);
                output.late(late.liveStart(signal, watermark));
            }
            return;
        }
        held.add(signal.start);
        timers.registerEventTimeTimer(VoidNamespace.INSTANCE, time);
    }

    /** Fans out the current bucket's starts at {@code time}: every event up to it is applied. */
    private void fanOut(long time) throws Exception {
        ListState<LiveEvent> held = startsAt(time);
        List<LiveEvent> starts = new ArrayList<>();
        held(held).forEach(starts::add);
        held.clear();
        starts.sort(BY_LIVE_ID);
        String previous = null;
        for (LiveEvent start : starts) {
            if (start.getLiveId().equals(previous)) {
                continue; // the same start twice (a replay of its source)
            }
            previous = start.getLiveId();
            long candidates = 0;
            String creator = start.getCreatorId();
            LiveAudience audience = ledgers.audienceOf(creator, time);
            for (Map.Entry<String, PairState> pair : pairs.entries()) {
                PairState state = pair.getValue();
                // Where the pair stands as of T under the rules of each of its days, whatever
                // order this and the pairs' own timers fire in within one watermark.
                LiveAudience.Answer answer =
                        audience.answer(
                                pair.getKey(),
                                state,
                                start,
                                ledgers.standingAt(creator, state, time));
                switch (answer.verdict()) {
                    case CANDIDATE -> {
                        candidates++;
                        output.candidate(answer.candidate(), time);
                    }
                    case OPTED_OUT -> metrics.notificationSuppressed("opted_out");
                    case BELOW_TIER -> {}
                }
            }
            metrics.fanoutCandidates(candidates);
            candidatesOfThisSubtask.add(candidates);
        }
    }

    /** The current bucket's live starts of one time, waiting for event time to pass it. */
    private ListState<LiveEvent> startsAt(long time) throws Exception {
        return state.getPartitionedState(time, LongSerializer.INSTANCE, waiting);
    }

    /** What a list state holds; RocksDB answers null for an empty list. */
    private static <T> Iterable<T> held(ListState<T> state) throws Exception {
        Iterable<T> held = state.get();
        return held == null ? List.of() : held;
    }
}
