package io.fanscore.jobs.scoring;

import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.jobs.notify.CreatorPushCaps;
import io.fanscore.jobs.notify.CreatorSignal;
import io.fanscore.jobs.notify.PushAudience;
import io.fanscore.jobs.notify.PushSequencer;
import io.fanscore.rules.scoring.DayClock;
import io.fanscore.rules.scoring.PushRule;
import io.fanscore.schema.CreatorPush;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.PushOutcome;
import io.fanscore.schema.PushStatus;
import io.fanscore.state.PairState;
import io.fanscore.state.PushCandidate;
import io.fanscore.state.PushTally;

import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.InternalTimerService;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The subscription pushes of one bucket (SPEC §12). A push reaches every bucket of its creator as
 * it is read, like a live start, and is held ({@link HeldSignals}) until every event stamped at or
 * before T is applied and none after. Then the creator cap is decided ({@link CreatorPushCaps}), in
 * (T, push_id) order, from a tally of the creator's pushes that every bucket keeps alike — each
 * sees the same pushes in the same order — so no stage in front has to hold pushes for the
 * watermark (which would deliver them to the buckets just as their event time reaches T). Bucket 0
 * writes the {@link PushOutcome}; an accepted push asks every pair of the bucket whether it is
 * reached as of T ({@link PushAudience}), under the push rule of the creator's profile at T. A
 * tally goes at the end of its month.
 */
final class BucketPushes {

    /** Where outcomes, push candidates and late pushes go. */
    interface Output {
        void pushOutcome(PushOutcome outcome, long time);

        void pushCandidate(PushCandidate candidate, long time);

        void late(DeadLetter deadLetter);
    }

    private final KeyedStateBackend<?> state;
    private final MapState<String, PairState> pairs;
    private final ScorerLedgers ledgers;
    private final CreatorPushCaps caps;
    private final FanscoreMetrics metrics;
    private final Output output;
    private final Supplier<Tuple2<String, Integer>> currentKey;
    private final HeldSignals<CreatorPush> held;
    private final ValueStateDescriptor<PushTally> tallyDescriptor =
            new ValueStateDescriptor<>("creator-push-tally", new AvroTypeInfo<>(PushTally.class));
    private InternalTimerService<VoidNamespace> timers;

    BucketPushes(
            KeyedStateBackend<?> state,
            MapState<String, PairState> pairs,
            ScorerLedgers ledgers,
            PushRule caps,
            DayClock clock,
            LateInputs late,
            FanscoreMetrics metrics,
            Output output,
            Supplier<Tuple2<String, Integer>> currentKey) {
        this.state = state;
        this.pairs = pairs;
        this.ledgers = ledgers;
        this.caps = new CreatorPushCaps(caps, clock);
        this.metrics = metrics;
        this.output = output;
        this.currentKey = currentKey;
        this.held =
                new HeldSignals<>(
                        state,
                        new ListStateDescriptor<>("pending-pushes", PushSequencer.pushType()),
                        signal -> signal.push,
                        CreatorPush::getPushId,
                        this::decide,
                        (signal, watermark) -> {
                            metrics.deadLetter(DeadLetterReason.LATE);
                            output.late(late.creatorSignal(signal, watermark));
                        });
    }

    /** What the timers of pushes fire into. */
    HeldSignals<CreatorPush> timerTarget() {
        return held;
    }

    /** The timers this fires on: the operator makes them with {@link #timerTarget()}. */
    void firedBy(InternalTimerService<VoidNamespace> timers) {
        this.timers = timers;
        held.firedBy(timers);
    }

    /** A push (or its withdrawal) arriving at the current bucket. */
    void arrived(CreatorSignal signal) throws Exception {
        held.arrived(signal);
    }

    /** The pushes of {@code time}, in push_id order; none at a month-end clean-up. */
    private void decide(long time, List<CreatorPush> pushes) throws Exception {
        ValueState<PushTally> tally = tally();
        for (CreatorPush push : pushes) {
            PushTally before = tally.value();
            CreatorPushCaps.Decision decision = caps.decide(before, time);
            tally.update(decision.tally());
            if (before == null || before.getMonth() != decision.tally().getMonth()) {
                timers.registerEventTimeTimer(
                        VoidNamespace.INSTANCE, caps.endOfMonth(decision.tally()));
            }
            if (currentKey.get().f1 == 0) { // once per push, not once per bucket
                metrics.pushOutcome(decision.status().name());
                output.pushOutcome(
                        new PushOutcome(
                                push.getPushId(),
                                push.getCreatorId(),
                                push.getEventTime(),
                                decision.status(),
                                decision.pushesLeftThisMonth()),
                        time);
            }
            if (decision.status() == PushStatus.ACCEPTED) {
                fanOut(push, time);
            }
        }
        PushTally current = tally.value();
        if (current != null && caps.endOfMonth(current) <= time) {
            tally.clear();
        }
    }

    private void fanOut(CreatorPush push, long time) throws Exception {
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

    private ValueState<PushTally> tally() throws Exception {
        return state.getPartitionedState(
                VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, tallyDescriptor);
    }
}
