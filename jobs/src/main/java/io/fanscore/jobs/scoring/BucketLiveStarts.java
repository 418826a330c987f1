package io.fanscore.jobs.scoring;

import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.jobs.notify.CreatorSignal;
import io.fanscore.jobs.notify.LiveAudience;
import io.fanscore.jobs.notify.LiveStartSequencer;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.LiveEvent;
import io.fanscore.state.LiveCandidate;
import io.fanscore.state.PairState;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.InternalTimerService;

import java.util.List;
import java.util.Map;

/**
 * The live starts of one bucket (SPEC §7): a start at T is held ({@link HeldSignals}) until every
 * event stamped at or before T is applied and none after; then every pair of the bucket is asked
 * where it stands as of T ({@link LiveAudience}). A start reaching a bucket after its event time
 * passed T is LATE, dead-lettered by bucket 0 only.
 */
final class BucketLiveStarts {

    /** Where candidates and late starts go. */
    interface Output {
        void candidate(LiveCandidate candidate, long time);

        void late(DeadLetter deadLetter);
    }

    private final MapState<String, PairState> pairs;
    private final ScorerLedgers ledgers;
    private final FanscoreMetrics metrics;
    private final LongCounter candidatesOfThisSubtask;
    private final Output output;
    private final HeldSignals<LiveEvent> held;

    BucketLiveStarts(
            KeyedStateBackend<?> state,
            MapState<String, PairState> pairs,
            ScorerLedgers ledgers,
            LateInputs late,
            FanscoreMetrics metrics,
            LongCounter candidatesOfThisSubtask,
            Output output) {
        this.pairs = pairs;
        this.ledgers = ledgers;
        this.metrics = metrics;
        this.candidatesOfThisSubtask = candidatesOfThisSubtask;
        this.output = output;
        this.held =
                new HeldSignals<>(
                        state,
                        new ListStateDescriptor<>(
                                "pending-live-starts", LiveStartSequencer.liveEventType()),
                        signal -> signal.start,
                        LiveEvent::getLiveId,
                        this::fanOut,
                        (signal, watermark) -> {
                            metrics.lateLiveStart();
                            metrics.deadLetter(DeadLetterReason.LATE);
                            output.late(late.creatorSignal(signal, watermark));
                        });
    }

    /** What the timers of live starts fire into. */
    HeldSignals<LiveEvent> timerTarget() {
        return held;
    }

    /** The timers this fires on: the operator makes them with {@link #timerTarget()}. */
    void firedBy(InternalTimerService<VoidNamespace> timers) {
        held.firedBy(timers);
    }

    /** A start (or its withdrawal) arriving at the current bucket. */
    void arrived(CreatorSignal signal) throws Exception {
        held.arrived(signal);
    }

    /** Fans out the current bucket's starts at {@code time}: every event up to it is applied. */
    private void fanOut(long time, List<LiveEvent> starts) throws Exception {
        for (LiveEvent start : starts) {
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
}
