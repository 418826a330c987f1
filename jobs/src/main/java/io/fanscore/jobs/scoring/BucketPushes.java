package io.fanscore.jobs.scoring;

import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.jobs.notify.CreatorSignal;
import io.fanscore.jobs.notify.PushAudience;
import io.fanscore.jobs.notify.PushSequencer;
import io.fanscore.rules.scoring.PushRule;
import io.fanscore.schema.CreatorPush;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.state.PairState;
import io.fanscore.state.PushCandidate;

import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.InternalTimerService;

import java.util.List;
import java.util.Map;

/**
 * The accepted subscription pushes of one bucket (SPEC §12): held like live starts ({@link
 * HeldSignals}) until every event stamped at or before T is applied and none after; then every pair
 * of the bucket is asked whether the push reaches it as of T ({@link PushAudience}), under the push
 * rule of the creator's profile at T.
 */
final class BucketPushes {

    /** Where push candidates and late pushes go. */
    interface Output {
        void pushCandidate(PushCandidate candidate, long time);

        void late(DeadLetter deadLetter);
    }

    private final MapState<String, PairState> pairs;
    private final ScorerLedgers ledgers;
    private final FanscoreMetrics metrics;
    private final Output output;
    private final HeldSignals<CreatorPush> held;

    BucketPushes(
            KeyedStateBackend<?> state,
            MapState<String, PairState> pairs,
            ScorerLedgers ledgers,
            LateInputs late,
            FanscoreMetrics metrics,
            Output output) {
        this.pairs = pairs;
        this.ledgers = ledgers;
        this.metrics = metrics;
        this.output = output;
        this.held =
                new HeldSignals<>(
                        state,
                        new ListStateDescriptor<>("pending-pushes", PushSequencer.pushType()),
                        signal -> signal.push,
                        CreatorPush::getPushId,
                        this::fanOut,
                        (signal, watermark) -> {
                            metrics.deadLetter(DeadLetterReason.LATE);
                            output.late(late.push(signal, watermark));
                        });
    }

    /** What the timers of pushes fire into. */
    HeldSignals<CreatorPush> timerTarget() {
        return held;
    }

    /** The timers this fires on: the operator makes them with {@link #timerTarget()}. */
    void firedBy(InternalTimerService<VoidNamespace> timers) {
        held.firedBy(timers);
    }

    /** An accepted push arriving at the current bucket. */
    void arrived(CreatorSignal signal) throws Exception {
        held.arrived(signal);
    }

    private void fanOut(long time, List<CreatorPush> pushes) throws Exception {
        for (CreatorPush push : pushes) {
            long candidates = 0;
            String creator = push.getCreatorId();
            PushRule rule = ledgers.ledgerOf(creator, time).profile().pushes();
            for (Map.Entry<String, PairState> pair : pairs.entries()) {
                PairState state = pair.getValue();
                PushAudience.Answer answer =
                        PushAudience.answer(
                                pair.getKey(),
                                state,
                                push,
                                ledgers.standingAt(creator, state, time),
                                rule);
                switch (answer.verdict()) {
                    case CANDIDATE -> {
                        candidates++;
                        output.pushCandidate(answer.candidate(), time);
                    }
                    case OPTED_OUT -> metrics.pushSuppressed("opted_out");
                    case NOT_REACHED -> {}
                }
            }
            metrics.pushCandidates(candidates);
        }
    }
}
