package io.fanscore.jobs.scoring;

import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.connectors.deadletter.DeadLetters;
import io.fanscore.jobs.ingest.DeadLetterTypes;
import io.fanscore.jobs.ingest.PositionedEvent;
import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.jobs.notify.LiveAudience;
import io.fanscore.jobs.notify.LiveFanout;
import io.fanscore.jobs.notify.LiveStartSequencer;
import io.fanscore.jobs.notify.LiveStartSignal;
import io.fanscore.jobs.state.PairStateSerializer;
import io.fanscore.jobs.state.PositionedEventTypeInfo;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.TierChange;
import io.fanscore.scoring.FanLedger;
import io.fanscore.scoring.ScoringProfile;
import io.fanscore.scoring.TierTransition;
import io.fanscore.state.FanIndexEntry;
import io.fanscore.state.FanIndexUpdate;
import io.fanscore.state.LiveCandidate;
import io.fanscore.state.PairState;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
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
import org.apache.flink.types.Either;
import org.apache.flink.util.OutputTag;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The one owner of every pair's standing: the Flink shell around {@link FanLedger}, keyed by
 * (creator, fan bucket), with the bucket's pairs in map state. Live starts come to the buckets of
 * their creator, and are fanned out here, from the standings themselves (SPEC §7): there is no
 * second copy of a standing to keep in step, and no second shuffle. Input 2 carries the largest
 * event time of a finished bounded input, broadcast.
 *
 * <ul>
 *   <li>Events wait until the watermark passes their time, then are applied in (event_time, pair,
 *       event_id) order, so any arrival order within the bound gives the same result (SPEC §6).
 *       They wait in memory, sorted, and on each watermark the operator applies what became final:
 *       no timer and no buffer read per event. A write-through copy in keyed list state carries
 *       them across checkpoints and rescaling.
 *   <li>A live start at T waits (in keyed state, with a timer at T) until every event stamped at or
 *       before T is applied and none after, then every pair of the bucket is asked where it stands
 *       as of T ({@link LiveAudience}). A start reaching a bucket after its event time passed T is
 *       dead-lettered as LATE, by bucket 0 only.
 *   <li>One event-time timer per pair, namespaced by fan, stands at or before the next day start
 *       that will change its tier or expire it (SPEC §4); day starts in between are applied lazily.
 *   <li>After the end of a bounded input, event time stops at the largest event time read.
 * </ul>
 */
public final class PairScoringOperator extends AbstractStreamOperator<TierChange>
        implements TwoInputStreamOperator<
                        Either<PositionedEvent, LiveStartSignal>, Long, TierChange>,
                Triggerable<Tuple2<String, Integer>, String> {

    public static final OutputTag<DeadLetter> LATE =
            new OutputTag<>("late-interactions", DeadLetterTypes.INFO) {};

    /** Who a live start reaches before caps (SPEC §7), stamped with the start's time. */
    public static final OutputTag<LiveCandidate> CANDIDATES =
            new OutputTag<>("live-candidates", new AvroTypeInfo<>(LiveCandidate.class)) {};

    /**
     * Every pair's standing whenever it changes, stamped with its event time: what audience package
     * membership is computed from (SPEC §8). Emitted only when packages are enabled.
     */
    public static final OutputTag<FanIndexUpdate> STANDINGS =
            new OutputTag<>("standings", new AvroTypeInfo<>(FanIndexUpdate.class)) {};

    /** The name of the bucket's pairs; savepoints map state by operator uid and this name. */
    public static final String PAIR_STATE = "pairs";

    /** Accumulator name prefix of fan-out candidates; the suffix is the subtask index. */
    public static final String ACCUMULATOR_PREFIX = "fanout-candidates-subtask-";

    /** How far ahead the next-change search looks before it re-arms and looks again. */
    private static final int LOOKAHEAD_DAYS = 3_650;

    private static final Comparator<LiveEvent> BY_LIVE_ID =
            Comparator.comparing(LiveEvent::getLiveId);

    private final ScoringProfile profile;
    private final String interactionsTopic;
    private final String liveTopic;
    private final int buckets;
    private final boolean emitStandings;

    private transient FanLedger ledger;
    private transient LiveAudience audience;
    private transient TierChanges tierChanges;
    private transient FanscoreMetrics metrics;
    private transient LongCounter candidatesOfThisSubtask;
    private transient SingleObjectCodec<InteractionEvent> interactionCodec;
    private transient SingleObjectCodec<LiveEvent> liveCodec;
    private transient MapState<String, PairState> pairs;
    private transient ListStateDescriptor<PositionedEvent> pendingDescriptor;
    private transient ListStateDescriptor<LiveEvent> pendingStartsDescriptor;
    private transient InternalTimerService<String> wakes;
    private transient InternalTimerService<VoidNamespace> liveStarts;
    private transient WaitingEvents buffer;
    private transient SpilledEventIds eventIds;

    /** The fan whose pair is being scored; the spilled ids are those of this fan. */
    private transient String currentFan;

    /**
     * The largest event time of a finished bounded input. Not checkpointed: the high-water
     * operators keep theirs and announce it again before every end of input.
     */
    private transient long endOfInput;

    /**
     * @param buckets how many buckets each creator's fans are spread over ({@link LiveFanout})
     * @param emitStandings also emit every pair's standing to {@link #STANDINGS}
     */
    public PairScoringOperator(
            ScoringProfile profile,
            String interactionsTopic,
            String liveTopic,
            int buckets,
            boolean emitStandings) {
        this.profile = profile;
        this.interactionsTopic = interactionsTopic;
        this.liveTopic = liveTopic;
        this.buckets = buckets;
        this.emitStandings = emitStandings;
    }

    /** The bucket's pairs, in the compact serializer; what savepoint readers look up too. */
    public static MapStateDescriptor<String, PairState> pairStateDescriptor() {
        return new MapStateDescriptor<>(
                PAIR_STATE, StringSerializer.INSTANCE, new PairStateSerializer());
    }

    public static TypeInformation<PositionedEvent> positionedEventType() {
        return new PositionedEventTypeInfo();
    }

    /** What the scorer reads: interactions and live starts, keyed by (creator, fan bucket). */
    public static TypeInformation<Either<PositionedEvent, LiveStartSignal>> inputType() {
        return new EitherTypeInfo<>(positionedEventType(), LiveStartSequencer.signalType());
    }

    /** The key of an input: the creator and the fan bucket it belongs to. */
    public static Tuple2<String, Integer> keyOf(
            Either<PositionedEvent, LiveStartSignal> input, int buckets) {
        if (input.isLeft()) {
            InteractionEvent event = input.left().event;
            return Tuple2.of(event.getCreatorId(), LiveFanout.bucketOf(event.getFanId(), buckets));
        }
        return Tuple2.of(input.right().start.getCreatorId(), input.right().bucket);
    }

    @Override
    public void open() throws Exception {
        super.open();
        ledger = new FanLedger(profile);
        audience = new LiveAudience(ledger, profile.notifications());
        tierChanges = new TierChanges();
        metrics = new FanscoreMetrics(getMetricGroup());
        // Per-subtask totals in the job result show how evenly fan-out spreads over the cluster.
        candidatesOfThisSubtask = new LongCounter();
        getRuntimeContext()
                .addAccumulator(
                        ACCUMULATOR_PREFIX
                                + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                        candidatesOfThisSubtask);
        interactionCodec = new SingleObjectCodec<>(InteractionEvent.class);
        liveCodec = new SingleObjectCodec<>(LiveEvent.class);
        pairs = getRuntimeContext().getMapState(pairStateDescriptor());
        pendingDescriptor = new ListStateDescriptor<>("pending-events", positionedEventType());
        pendingStartsDescriptor =
                new ListStateDescriptor<>(
                        "pending-live-starts", LiveStartSequencer.liveEventType());
        MapStateDescriptor<String, Long> spilledIds =
                new MapStateDescriptor<>("spilled-event-ids", Types.STRING, Types.LONG);
        ListStateDescriptor<String> spilledHours =
                new ListStateDescriptor<>("spilled-event-ids-by-hour", Types.STRING);
        eventIds =
                new SpilledEventIds(
                        new SpilledEventIds.Spill() {
                            @Override
                            public MapState<String, Long> ids() throws Exception {
                                return getPartitionedState(
                                        currentFan, StringSerializer.INSTANCE, spilledIds);
                            }

                            @Override
                            public ListState<String> idsOfHour(long hour) throws Exception {
                                return getPartitionedState(
                                        hour + "/" + currentFan,
                                        StringSerializer.INSTANCE,
                                        spilledHours);
                            }
                        });
        wakes = getInternalTimerService("pair-wakes", StringSerializer.INSTANCE, this);
        liveStarts =
                getInternalTimerService(
                        "live-starts",
                        VoidNamespaceSerializer.INSTANCE,
                        new Triggerable<Tuple2<String, Integer>, VoidNamespace>() {
                            @Override
                            public void onEventTime(
                                    InternalTimer<Tuple2<String, Integer>, VoidNamespace> timer)
                                    throws Exception {
                                fanOut(timer.getTimestamp());
                            }

                            @Override
                            public void onProcessingTime(
                                    InternalTimer<Tuple2<String, Integer>, VoidNamespace> timer) {}
                        });
        metrics.eventTimeLag(wakes::currentWatermark);
        endOfInput = Long.MIN_VALUE;
        buffer = new WaitingEvents();
        restoreWaitingEvents();
    }

    @Override
    public void processElement1(StreamRecord<Either<PositionedEvent, LiveStartSignal>> record)
            throws Exception {
        Either<PositionedEvent, LiveStartSignal> input = record.getValue();
        if (input.isRight()) {
            onLiveStart(input.right());
            return;
        }
        PositionedEvent event = input.left();
        long watermark = wakes.currentWatermark();
        if (event.eventTime() <= watermark) {
            // Normally caught per partition at ingest; this guards e.g. a partition back from idle.
            metrics.deadLetter(DeadLetterReason.LATE);
            output.collect(LATE, new StreamRecord<>(lateInteraction(event, watermark)));
            return;
        }
        buffer.add(event);
        pendingAt(event.eventTime()).add(event); // a blind append: no read
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
        // Day starts and live starts before an event's time come first: a day start before the
        // events of its day (SPEC §4), a live start at T after every event stamped up to T.
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

    /** A pair's day-start timer. */
    @Override
    public void onEventTime(InternalTimer<Tuple2<String, Integer>, String> timer) throws Exception {
        step(timer.getNamespace(), timer.getTimestamp(), List.of());
    }

    @Override
    public void onProcessingTime(InternalTimer<Tuple2<String, Integer>, String> timer) {}

    private void onLiveStart(LiveStartSignal signal) throws Exception {
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
        long watermark = liveStarts.currentWatermark();
        if (time <= watermark) {
            if (signal.bucket == 0) { // once per start, not once per bucket
                metrics.lateLiveStart();
                metrics.deadLetter(DeadLetterReason.LATE);
                output.collect(LATE, new StreamRecord<>(lateLiveStart(signal.start, watermark)));
            }
            return;
        }
        held.add(signal.start);
        liveStarts.registerEventTimeTimer(VoidNamespace.INSTANCE, time);
    }

    /** Fans out the bucket's live starts at {@code time}: every event up to it is applied. */
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
            for (Map.Entry<String, PairState> pair : pairs.entries()) {
                LiveAudience.Answer answer = audience.answer(pair.getKey(), pair.getValue(), start);
                switch (answer.verdict()) {
                    case CANDIDATE -> {
                        candidates++;
                        output.collect(CANDIDATES, new StreamRecord<>(answer.candidate(), time));
                    }
                    case OPTED_OUT -> metrics.notificationSuppressed("opted_out");
                    case BELOW_TIER -> {}
                }
            }
            metrics.fanoutCandidates(candidates);
            candidatesOfThisSubtask.add(candidates);
        }
    }

    private void applyEvents(long time, List<PositionedEvent> events) throws Exception {
        InteractionEvent first = events.get(0).event;
        setCurrentKey(
                Tuple2.of(first.getCreatorId(), LiveFanout.bucketOf(first.getFanId(), buckets)));
        step(first.getFanId(), time, events);
        pendingAt(time).clear(); // a blind delete: no read; the bucket's other pairs are applied
        // in this same drain, before any checkpoint can be taken
    }

    /** What a list state holds; RocksDB answers null for an empty list. */
    private static <T> Iterable<T> held(ListState<T> state) throws Exception {
        Iterable<T> held = state.get();
        return held == null ? List.of() : held;
    }

    /** The write-through copy of a bucket's events of one time, for checkpoints. */
    private ListState<PositionedEvent> pendingAt(long time) throws Exception {
        return getPartitionedState(time, LongSerializer.INSTANCE, pendingDescriptor);
    }

    /** The bucket's live starts of one time, waiting for event time to pass it. */
    private ListState<LiveEvent> startsAt(long time) throws Exception {
        return getPartitionedState(time, LongSerializer.INSTANCE, pendingStartsDescriptor);
    }

    /** Events that were waiting at the checkpoint this operator restored from wait again. */
    @SuppressWarnings("unchecked")
    private void restoreWaitingEvents() throws Exception {
        pendingAt(Long.MIN_VALUE); // registers the state, so its restored keys can be listed
        List<Tuple2<Tuple2<String, Integer>, Long>> waiting;
        try (Stream<Tuple2<Object, Long>> keys =
                ((KeyedStateBackend<Object>) getKeyedStateBackend())
                        .getKeysAndNamespaces(pendingDescriptor.getName())) {
            waiting = keys.map(k -> Tuple2.of((Tuple2<String, Integer>) k.f0, k.f1)).toList();
        }
        for (Tuple2<Tuple2<String, Integer>, Long> keyAndTime : waiting) {
            setCurrentKey(keyAndTime.f0);
            for (PositionedEvent event : pendingAt(keyAndTime.f1).get()) {
                buffer.add(event);
            }
        }
    }

    /**
     * Day starts up to {@code time}, then the events of {@code time}, of one pair of the bucket.
     */
    private void step(String fan, long time, List<PositionedEvent> events) throws Exception {
        @SuppressWarnings("unchecked")
        String creator = ((Tuple2<String, Integer>) getCurrentKey()).f0;
        currentFan = fan;
        Consumer<TierTransition> emit =
                transition -> {
                    metrics.tierTransition(transition.from(), transition.to());
                    output.collect(
                            new StreamRecord<>(tierChanges.of(creator, fan, transition), time));
                };
        PairState state = pairs.get(fan);
        Long armedWake = state == null ? null : state.getWakeAt();
        FanIndexEntry before = emitStandings && state != null ? ledger.indexEntryOf(state) : null;
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
        if (emitStandings) {
            FanIndexEntry after = state == null ? null : ledger.indexEntryOf(state);
            if (!Objects.equals(before, after)) {
                output.collect(
                        STANDINGS,
                        new StreamRecord<>(new FanIndexUpdate(creator, fan, time, after), time));
            }
        }
        rearm(fan, state, armedWake, time);
    }

    /**
     * Stores the state and makes sure a day-start timer stands at or before the pair's next visible
     * change. While the pair is active the timer waits at the first day start that could matter at
     * all (cheap to compute); only when that timer fires does the operator look ahead for the day
     * of the next visible change. An earlier armed timer is kept (it fires early and re-arms); a
     * later one is replaced when the next change moves earlier.
     */
    private void rearm(String fan, PairState state, Long armedWake, long now) throws Exception {
        if (state == null) {
            pairs.remove(fan); // a timer left behind fires into empty state and does nothing
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
                wakes.deleteEventTimeTimer(fan, armedWake);
            }
            wakes.registerEventTimeTimer(fan, wake);
            state.setWakeAt(wake);
        } else if (!armed) {
            state.setWakeAt(null);
        }
        pairs.put(fan, state);
    }

    private DeadLetter lateInteraction(PositionedEvent input, long watermark) {
        return DeadLetters.of(
                interactionsTopic,
                input.partition,
                input.offset,
                input.event.getCreatorId().getBytes(StandardCharsets.UTF_8),
                interactionCodec.encode(input.event),
                DeadLetterReason.LATE,
                "event_time " + input.eventTime() + " is at or behind the watermark " + watermark);
    }

    private DeadLetter lateLiveStart(LiveEvent start, long watermark) {
        DeadLetter letter =
                DeadLetters.of(
                        liveTopic,
                        -1,
                        -1,
                        start.getCreatorId().getBytes(StandardCharsets.UTF_8),
                        liveCodec.encode(start),
                        DeadLetterReason.LATE,
                        "live start at "
                                + start.getEventTime()
                                + " reached its fans after their event time had passed "
                                + watermark);
        // The start's own coordinates are gone by now; its live_id names it.
        letter.setDeadLetterId(liveTopic + "/live_id/" + start.getLiveId() + "/LATE");
        return letter;
    }
}
