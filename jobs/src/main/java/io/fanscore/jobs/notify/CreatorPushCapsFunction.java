package io.fanscore.jobs.notify;

import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.connectors.deadletter.DeadLetters;
import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.rules.scoring.DayClock;
import io.fanscore.rules.scoring.PushRule;
import io.fanscore.schema.CreatorPush;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.PushOutcome;
import io.fanscore.schema.PushStatus;
import io.fanscore.state.PushTally;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Flink shell around {@link CreatorPushCaps}, keyed by creator (SPEC §12): a push at T waits
 * until event time passes T, since an earlier push of the creator may still be on its way until
 * then; then the creator's pushes are decided in (event_time, push_id) order, each gets its {@link
 * PushOutcome}, and the accepted ones go on ({@link #ACCEPTED}) to the buckets of the creator's
 * fans. Pushes are few (a handful a month per creator), so they wait in keyed list state. The
 * creator's tally is dropped at the end of its month.
 */
public final class CreatorPushCapsFunction
        extends KeyedProcessFunction<String, CreatorSignal, PushOutcome> {

    /** Accepted pushes, on their way to the buckets of their creator's fans. */
    public static final OutputTag<CreatorSignal> ACCEPTED =
            new OutputTag<>("accepted-pushes", OncePerIdSequencer.signalType()) {};

    public static final OutputTag<DeadLetter> LATE =
            new OutputTag<>("late-pushes", new AvroTypeInfo<>(DeadLetter.class)) {};

    static final Comparator<CreatorPush> ORDER =
            Comparator.comparing(CreatorPush::getEventTime).thenComparing(CreatorPush::getPushId);

    private final PushRule rule;
    private final DayClock clock;
    private final String pushTopic;

    private transient CreatorPushCaps caps;
    private transient ListState<CreatorPush> waiting;
    private transient ValueState<PushTally> tally;
    private transient FanscoreMetrics metrics;
    private transient SingleObjectCodec<CreatorPush> codec;

    /**
     * @param pushTopic where pushes are read, named in a late push's dead letter
     */
    public CreatorPushCapsFunction(PushRule rule, DayClock clock, String pushTopic) {
        this.rule = rule;
        this.clock = clock;
        this.pushTopic = pushTopic;
    }

    @Override
    public void open(OpenContext openContext) {
        caps = new CreatorPushCaps(rule, clock);
        metrics = new FanscoreMetrics(getRuntimeContext().getMetricGroup());
        codec = new SingleObjectCodec<>(CreatorPush.class);
        waiting =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "waiting-pushes", PushSequencer.pushType()));
        tally =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "creator-push-tally", new AvroTypeInfo<>(PushTally.class)));
    }

    @Override
    public void processElement(CreatorSignal signal, Context ctx, Collector<PushOutcome> out)
            throws Exception {
        CreatorPush push = signal.push;
        if (signal.withdrawn) {
            List<CreatorPush> kept = new ArrayList<>();
            for (CreatorPush held : held()) {
                if (!held.getPushId().equals(push.getPushId())) {
                    kept.add(held);
                }
            }
            waiting.update(kept);
            return;
        }
        long time = signal.time();
        long watermark = ctx.timerService().currentWatermark();
        if (time <= watermark) { // not expected: the sequencer passes pushes on ahead of it
            metrics.deadLetter(DeadLetterReason.LATE);
            ctx.output(LATE, late(signal, watermark));
            return;
        }
        waiting.add(push);
        ctx.timerService().registerEventTimeTimer(time);
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<PushOutcome> out)
            throws Exception {
        List<CreatorPush> due = new ArrayList<>();
        List<CreatorPush> later = new ArrayList<>();
        for (CreatorPush push : held()) {
            (push.getEventTime().toEpochMilli() <= time ? due : later).add(push);
        }
        if (!due.isEmpty()) {
            waiting.update(later);
            due.sort(ORDER);
            for (CreatorPush push : due) {
                decide(push, ctx, out);
            }
        }
        PushTally current = tally.value();
        if (current != null && caps.endOfMonth(current) <= time) {
            tally.clear();
        }
    }

    private void decide(CreatorPush push, OnTimerContext ctx, Collector<PushOutcome> out)
            throws Exception {
        long time = push.getEventTime().toEpochMilli();
        PushTally before = tally.value();
        CreatorPushCaps.Decision decision = caps.decide(before, time);
        if (before == null || before.getMonth() != decision.tally().getMonth()) {
            ctx.timerService().registerEventTimeTimer(caps.endOfMonth(decision.tally()));
        }
        tally.update(decision.tally());
        metrics.pushOutcome(decision.status().name());
        out.collect(
                new PushOutcome(
                        push.getPushId(),
                        push.getCreatorId(),
                        push.getEventTime(),
                        decision.status(),
                        decision.pushesLeftThisMonth()));
        if (decision.status() == PushStatus.ACCEPTED) {
            ctx.output(ACCEPTED, CreatorSignal.push(push, -1, -1));
        }
    }

    private DeadLetter late(CreatorSignal signal, long watermark) {
        CreatorPush push = signal.push;
        return DeadLetters.of(
                pushTopic,
                signal.partition,
                signal.offset,
                push.getCreatorId().getBytes(StandardCharsets.UTF_8),
                codec.encode(push),
                DeadLetterReason.LATE,
                "push at "
                        + push.getEventTime()
                        + " reached its creator's caps after event time "
                        + watermark);
    }

    private Iterable<CreatorPush> held() throws Exception {
        Iterable<CreatorPush> held = waiting.get();
        return held == null ? List.of() : held;
    }
}
