package io.fanscore.jobs.scoring;

import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.connectors.deadletter.DeadLetters;
import io.fanscore.jobs.common.EventTimeBuffer;
import io.fanscore.jobs.ingest.DeadLetterTypes;
import io.fanscore.jobs.ingest.PositionedEvent;
import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.jobs.notify.FanIndexUpdates;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.TierChange;
import io.fanscore.scoring.FanLedger;
import io.fanscore.scoring.ScoringProfile;
import io.fanscore.scoring.TierTransition;
import io.fanscore.state.FanIndexEntry;
import io.fanscore.state.FanIndexUpdate;
import io.fanscore.state.PairState;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The Flink shell around {@link FanLedger} for one (creator, fan) pair.
 *
 * <ul>
 *   <li>Events wait in state until the watermark passes their time, then are applied in
 *       (event_time, event_id) order, so any arrival order within the bound gives the same result
 *       (SPEC §6).
 *   <li>One event-time timer per pair stands at or before the next day start that will change its
 *       tier or expire it (SPEC §4); day starts in between are applied lazily.
 *   <li>After the end of a bounded input, day starts later than the largest event time read are not
 *       processed.
 * </ul>
 */
public final class PairScoringFunction
        extends KeyedBroadcastProcessFunction<
                Tuple2<String, String>, PositionedEvent, Long, TierChange> {

    public static final OutputTag<DeadLetter> LATE =
            new OutputTag<>("late-interactions", DeadLetterTypes.INFO) {};

    /** Changes the live fan-out index must know (SPEC §7), stamped with their event time. */
    public static final OutputTag<FanIndexUpdate> INDEX_UPDATES =
            new OutputTag<>("fan-index-updates", new AvroTypeInfo<>(FanIndexUpdate.class)) {};

    /** Broadcast state holding the largest event time of a finished bounded input. */
    public static final MapStateDescriptor<String, Long> END_OF_INPUT =
            new MapStateDescriptor<>("end-of-input", Types.STRING, Types.LONG);

    private static final String MAX_EVENT_TIME = "max-event-time";

    /** How far ahead the next-change search looks before it re-arms and looks again. */
    private static final int LOOKAHEAD_DAYS = 3_650;

    private static final Comparator<PositionedEvent> BY_EVENT_ID =
            Comparator.comparing(p -> p.event.getEventId());

    private final ScoringProfile profile;
    private final String interactionsTopic;

    private transient FanLedger ledger;
    private transient FanIndexUpdates indexUpdates;
    private transient TierChanges tierChanges;
    private transient FanscoreMetrics metrics;
    private transient SingleObjectCodec<InteractionEvent> codec;
    private transient ValueState<PairState> pairState;
    private transient EventTimeBuffer<PositionedEvent> pending;

    public PairScoringFunction(ScoringProfile profile, String interactionsTopic) {
        this.profile = profile;
        this.interactionsTopic = interactionsTopic;
    }

    public static TypeInformation<PositionedEvent> positionedEventType() {
        return TypeInformation.of(PositionedEvent.class);
    }

    @Override
    public void open(OpenContext openContext) {
        ledger = new FanLedger(profile);
        indexUpdates = new FanIndexUpdates(profile.notifications());
        tierChanges = new TierChanges();
        metrics = new FanscoreMetrics(getRuntimeContext().getMetricGroup());
        codec = new SingleObjectCodec<>(InteractionEvent.class);
        pairState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "pair", new AvroTypeInfo<>(PairState.class)));
        pending =
                new EventTimeBuffer<>(
                        getRuntimeContext(), "pending-events", positionedEventType(), BY_EVENT_ID);
    }

    @Override
    public void processElement(
            PositionedEvent input, ReadOnlyContext ctx, Collector<TierChange> out)
            throws Exception {
        long eventTime = input.eventTime();
        if (eventTime <= ctx.timerService().currentWatermark()) {
            // Normally caught per partition at ingest; this guards e.g. a partition back from idle.
            metrics.deadLetter(DeadLetterReason.LATE);
            ctx.output(LATE, lateDeadLetter(input, ctx.timerService().currentWatermark()));
            return;
        }
        pending.add(eventTime, input, ctx.timerService());
    }

    @Override
    public void processBroadcastElement(Long maxEventTime, Context ctx, Collector<TierChange> out)
            throws Exception {
        Long known = ctx.getBroadcastState(END_OF_INPUT).get(MAX_EVENT_TIME);
        if (known == null || maxEventTime > known) {
            ctx.getBroadcastState(END_OF_INPUT).put(MAX_EVENT_TIME, maxEventTime);
        }
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<TierChange> out) throws Exception {
        if (isAfterEndOfInput(time, ctx)) {
            return;
        }
        Tuple2<String, String> pair = ctx.getCurrentKey();
        Consumer<TierTransition> emit =
                transition -> {
                    metrics.tierTransition(transition.from(), transition.to());
                    out.collect(tierChanges.of(pair.f0, pair.f1, transition));
                };
        PairState state = pairState.value();
        Long armedWake = state == null ? null : state.getWakeAt();
        FanIndexEntry before = state == null ? null : ledger.indexEntryOf(state);
        if (state != null) {
            state = ledger.onTime(state, time, emit);
        }
        for (PositionedEvent input : pending.drain(time)) {
            FanLedger.Result result = ledger.onEvent(state, input.event, emit);
            state = result.state();
            if (result.outcome() == FanLedger.Outcome.DUPLICATE) {
                metrics.duplicate();
            }
        }
        FanIndexUpdate update =
                indexUpdates.between(
                        pair.f0,
                        pair.f1,
                        time,
                        before,
                        state == null ? null : ledger.indexEntryOf(state));
        if (update != null) {
            ctx.output(INDEX_UPDATES, update);
        }
        rearm(ctx, state, armedWake, time);
    }

    /**
     * Stores the state and makes sure a day-start timer stands at or before the pair's next visible
     * change. While the pair is active the timer waits at the first day start that could matter at
     * all (cheap to compute); only when that timer fires does the function look ahead for the day
     * of the next visible change. An armed timer that is earlier is kept: it fires early and
     * re-arms, which is cheaper than a delete and a register on every event.
     */
    private void rearm(OnTimerContext ctx, PairState state, Long armedWake, long now)
            throws Exception {
        if (state == null) {
            pairState.clear(); // timers left behind fire into empty state and do nothing
            return;
        }
        boolean wakeFired = armedWake != null && armedWake == now;
        boolean armed = armedWake != null && armedWake > now;
        Long wake;
        if (wakeFired) {
            OptionalInt day = ledger.nextVisibleDayStart(state, LOOKAHEAD_DAYS);
            wake = day.isPresent() ? profile.clock().startOf(day.getAsInt()) : null;
        } else {
            int day = ledger.firstDayStartEffect(state);
            wake = day == Integer.MAX_VALUE ? null : profile.clock().startOf(day);
        }
        if (wake != null && (!armed || wake < armedWake)) {
            if (armed && !pending.holds(armedWake)) {
                // Rare (once per wake cycle): the later timer would only fire for nothing.
                ctx.timerService().deleteEventTimeTimer(armedWake);
            }
            ctx.timerService().registerEventTimeTimer(wake);
            state.setWakeAt(wake);
        } else if (!armed) {
            state.setWakeAt(null);
        }
        pairState.update(state);
    }

    private boolean isAfterEndOfInput(long time, ReadOnlyContext ctx) throws Exception {
        if (ctx.timerService().currentWatermark() != Long.MAX_VALUE) {
            return false;
        }
        Long maxEventTime = ctx.getBroadcastState(END_OF_INPUT).get(MAX_EVENT_TIME);
        return maxEventTime != null && time > maxEventTime;
    }

    private DeadLetter lateDeadLetter(PositionedEvent input, long watermark) {
        return DeadLetters.of(
                interactionsTopic,
                input.partition,
                input.offset,
                input.event.getCreatorId().getBytes(StandardCharsets.UTF_8),
                codec.encode(input.event),
                DeadLetterReason.LATE,
                "event_time " + input.eventTime() + " is at or behind the watermark " + watermark);
    }
}
