package io.fanscore.jobs.scoring;

import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.connectors.deadletter.DeadLetters;
import io.fanscore.jobs.ingest.DeadLetterTypes;
import io.fanscore.jobs.ingest.PositionedEvent;
import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.jobs.notify.FanIndexUpdates;
import io.fanscore.jobs.state.PairStateSerializer;
import io.fanscore.jobs.state.PositionedEventTypeInfo;
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

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The Flink shell around {@link FanLedger}, keyed by (creator, fan); input 2 carries the largest
 * event time of a finished bounded input, broadcast.
 *
 * <ul>
 *   <li>Events wait until the watermark passes their time, then are applied in (event_time,
 *       event_id) order, so any arrival order within the bound gives the same result (SPEC §6).
 *       They wait in memory, sorted, and on each watermark the operator applies what became final:
 *       no timer and no buffer read per event. A write-through copy in keyed list state carries
 *       them across checkpoints and rescaling.
 *   <li>One event-time timer per pair stands at or before the next day start that will change its
 *       tier or expire it (SPEC §4); day starts in between are applied lazily. Timers and events
 *       are interleaved in time order.
 *   <li>After the end of a bounded input, event time stops at the largest event time read.
 * </ul>
 */
public final class PairScoringOperator extends AbstractStreamOperator<TierChange>
        implements TwoInputStreamOperator<PositionedEvent, Long, TierChange>,
                Triggerable<Tuple2<String, String>, VoidNamespace> {

    public static final OutputTag<DeadLetter> LATE =
            new OutputTag<>("late-interactions", DeadLetterTypes.INFO) {};

    /** Changes the live fan-out index must know (SPEC §7), stamped with their event time. */
    public static final OutputTag<FanIndexUpdate> INDEX_UPDATES =
            new OutputTag<>("fan-index-updates", new AvroTypeInfo<>(FanIndexUpdate.class)) {};

    /**
     * Every pair's standing whenever it changes, stamped with its event time: what audience package
     * membership is computed from (SPEC §8). Emitted only when packages are enabled.
     */
    public static final OutputTag<FanIndexUpdate> STANDINGS =
            new OutputTag<>("standings", new AvroTypeInfo<>(FanIndexUpdate.class)) {};

    /** The name of the pair state; savepoints map state by operator uid and this name. */
    public static final String PAIR_STATE = "pair";

    /** How far ahead the next-change search looks before it re-arms and looks again. */
    private static final int LOOKAHEAD_DAYS = 3_650;

    private final ScoringProfile profile;
    private final String interactionsTopic;
    private final boolean emitStandings;

    private transient FanLedger ledger;
    private transient FanIndexUpdates indexUpdates;
    private transient TierChanges tierChanges;
    private transient FanscoreMetrics metrics;
    private transient SingleObjectCodec<InteractionEvent> codec;
    private transient ValueState<PairState> pairState;
    private transient ListStateDescriptor<PositionedEvent> pendingDescriptor;
    private transient InternalTimerService<VoidNamespace> wakes;
    private transient WaitingEvents buffer;
    private transient SpilledEventIds eventIds;

    /**
     * The largest event time of a finished bounded input. Not checkpointed: the high-water
     * operators keep theirs and announce it again before every end of input.
     */
    private transient long endOfInput;

    public PairScoringOperator(ScoringProfile profile, String interactionsTopic) {
        this(profile, interactionsTopic, false);
    }

    /**
     * @param emitStandings also emit every pair's standing to {@link #STANDINGS}
     */
    public PairScoringOperator(
            ScoringProfile profile, String interactionsTopic, boolean emitStandings) {
        this.profile = profile;
        this.interactionsTopic = interactionsTopic;
        this.emitStandings = emitStandings;
    }

    /** The pair's state record, in its compact serializer; what savepoint readers look up too. */
    public static ValueStateDescriptor<PairState> pairStateDescriptor() {
        return new ValueStateDescriptor<>(PAIR_STATE, new PairStateSerializer());
    }

    public static TypeInformation<PositionedEvent> positionedEventType() {
        return new PositionedEventTypeInfo();
    }

    @Override
    public void open() throws Exception {
        super.open();
        ledger = new FanLedger(profile);
        indexUpdates = new FanIndexUpdates(profile.notifications());
        tierChanges = new TierChanges();
        metrics = new FanscoreMetrics(getMetricGroup());
        codec = new SingleObjectCodec<>(InteractionEvent.class);
        pairState = getRuntimeContext().getState(pairStateDescriptor());
        pendingDescriptor = new ListStateDescriptor<>("pending-events", positionedEventType());
        MapState<String, Long> spilledIds =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "spilled-event-ids", Types.STRING, Types.LONG));
        ListStateDescriptor<String> spilledHours =
                new ListStateDescriptor<>("spilled-event-ids-by-hour", Types.STRING);
        eventIds =
                new SpilledEventIds(
                        new SpilledEventIds.Spill() {
                            @Override
                            public MapState<String, Long> ids() {
                                return spilledIds;
                            }

                            @Override
                            public ListState<String> idsOfHour(long hour) throws Exception {
                                return getPartitionedState(
                                        hour, LongSerializer.INSTANCE, spilledHours);
                            }
                        });
        wakes = getInternalTimerService("pair-wakes", VoidNamespaceSerializer.INSTANCE, this);
        metrics.eventTimeLag(wakes::currentWatermark);
        endOfInput = Long.MIN_VALUE;
        buffer = new WaitingEvents();
        restoreWaitingEvents();
    }

    @Override
    public void processElement1(StreamRecord<PositionedEvent> record) throws Exception {
        PositionedEvent input = record.getValue();
        long watermark = wakes.currentWatermark();
        if (input.eventTime() <= watermark) {
            // Normally caught per partition at ingest; this guards e.g. a partition back from idle.
            metrics.deadLetter(DeadLetterReason.LATE);
            output.collect(LATE, new StreamRecord<>(lateDeadLetter(input, watermark)));
            return;
        }
        buffer(input);
        pendingAt(input.eventTime()).add(input); // a blind append: no read
    }

    @Override
    public void processElement2(StreamRecord<Long> maxEventTime) {
        endOfInput = Math.max(endOfInput, maxEventTime.getValue());
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        // A bounded input ends with +∞; SPEC §6 stops event time at the largest time read. Every
        // waiting event is at or before it, whether or not its announcement has arrived.
        long until = mark.getTimestamp();
        if (until == Long.MAX_VALUE) {
            until = Math.max(endOfInput, buffer.latestTime());
            LOG.info(
                    "End of input: applying events and day starts up to {} (announced {})",
                    until,
                    endOfInput);
        }
        // Day starts before an event's time come first (SPEC §4: before the events of that day).
        buffer.drainUntil(
                until,
                time -> timeServiceManager.advanceWatermark(new Watermark(time - 1)),
                this::applyEvents);
        if (until != Long.MIN_VALUE) {
            timeServiceManager.advanceWatermark(new Watermark(until));
        }
        // Event time downstream stops there too: +∞ is not passed on, so no later operator fires
        // day starts, versions or clean-ups past the end of a bounded input.
        if (mark.getTimestamp() != Long.MAX_VALUE) {
            output.emitWatermark(mark);
        } else if (until != Long.MIN_VALUE) {
            output.emitWatermark(new Watermark(until));
        }
    }

    @Override
    public void onEventTime(InternalTimer<Tuple2<String, String>, VoidNamespace> timer)
            throws Exception {
        step(timer.getTimestamp(), List.of());
    }

    @Override
    public void onProcessingTime(InternalTimer<Tuple2<String, String>, VoidNamespace> timer) {}

    private void applyEvents(long time, List<PositionedEvent> events) throws Exception {
        PositionedEvent first = events.get(0);
        setCurrentKey(Tuple2.of(first.event.getCreatorId(), first.event.getFanId()));
        step(time, events);
        pendingAt(time).clear(); // a blind delete: no read
    }

    /** The write-through copy of a pair's events of one time, for checkpoints. */
    private ListState<PositionedEvent> pendingAt(long time) throws Exception {
        return getPartitionedState(time, LongSerializer.INSTANCE, pendingDescriptor);
    }

    /** Events that were waiting at the checkpoint this operator restored from wait again. */
    @SuppressWarnings("unchecked")
    private void restoreWaitingEvents() throws Exception {
        pendingAt(Long.MIN_VALUE); // registers the state, so its restored keys can be listed
        List<Tuple2<Tuple2<String, String>, Long>> waiting;
        try (Stream<Tuple2<Object, Long>> keys =
                ((KeyedStateBackend<Object>) getKeyedStateBackend())
                        .getKeysAndNamespaces(pendingDescriptor.getName())) {
            waiting = keys.map(k -> Tuple2.of((Tuple2<String, String>) k.f0, k.f1)).toList();
        }
        for (Tuple2<Tuple2<String, String>, Long> keyAndTime : waiting) {
            setCurrentKey(keyAndTime.f0);
            for (PositionedEvent event : pendingAt(keyAndTime.f1).get()) {
                buffer(event);
            }
        }
    }

    /** Day starts up to {@code time}, then the events of {@code time} of the current pair. */
    private void step(long time, List<PositionedEvent> events) throws Exception {
        @SuppressWarnings("unchecked")
        Tuple2<String, String> pair = (Tuple2<String, String>) getCurrentKey();
        Consumer<TierTransition> emit =
                transition -> {
                    metrics.tierTransition(transition.from(), transition.to());
                    output.collect(
                            new StreamRecord<>(tierChanges.of(pair.f0, pair.f1, transition), time));
                };
        PairState state = pairState.value();
        Long armedWake = state == null ? null : state.getWakeAt();
        FanIndexEntry before = state == null ? null : ledger.indexEntryOf(state);
        if (state != null) {
            PairState stored = state;
            state = ledger.onTime(state, time, emit);
            if (state == null) {
                eventIds.clear(stored); // the pair expired: its spilled ids go with it
            }
        }
        for (PositionedEvent input : events) {
            FanLedger.Result result = ledger.onEvent(state, input.event, emit, eventIds::of);
            state = result.state();
            if (result.outcome() == FanLedger.Outcome.DUPLICATE) {
                metrics.duplicate();
            }
        }
        FanIndexEntry after = state == null ? null : ledger.indexEntryOf(state);
        FanIndexUpdate update = indexUpdates.between(pair.f0, pair.f1, time, before, after);
        if (update != null) {
            output.collect(INDEX_UPDATES, new StreamRecord<>(update, time));
        }
        if (emitStandings && !java.util.Objects.equals(before, after)) {
            output.collect(
                    STANDINGS,
                    new StreamRecord<>(new FanIndexUpdate(pair.f0, pair.f1, time, after), time));
        }
        rearm(state, armedWake, time);
    }

    /**
     * Stores the state and makes sure a day-start timer stands at or before the pair's next visible
     * change. While the pair is active the timer waits at the first day start that could matter at
     * all (cheap to compute); only when that timer fires does the operator look ahead for the day
     * of the next visible change. An earlier armed timer is kept (it fires early and re-arms); a
     * later one is replaced when the next change moves earlier.
     */
    private void rearm(PairState state, Long armedWake, long now) throws Exception {
        if (state == null) {
            pairState.clear(); // a timer left behind fires into empty state and does nothing
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
            if (armed) {
                wakes.deleteEventTimeTimer(VoidNamespace.INSTANCE, armedWake);
            }
            wakes.registerEventTimeTimer(VoidNamespace.INSTANCE, wake);
            state.setWakeAt(wake);
        } else if (!armed) {
            state.setWakeAt(null);
        }
        pairState.update(state);
    }

    private void buffer(PositionedEvent event) {
        buffer.add(event);
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
