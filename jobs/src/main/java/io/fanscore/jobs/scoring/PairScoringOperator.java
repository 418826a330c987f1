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
import io.fanscore.jobs.packages.AudiencePackages;
import io.fanscore.jobs.packages.InForceSigns;
import io.fanscore.jobs.packages.PackageBook;
import io.fanscore.jobs.packages.PackageInForce;
import io.fanscore.jobs.packages.PackageMembership;
import io.fanscore.jobs.packages.PackageMembership.Admission;
import io.fanscore.jobs.state.PairStateSerializer;
import io.fanscore.jobs.state.PositionedEventTypeInfo;
import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.rules.packages.PackageDefinition;
import io.fanscore.rules.packages.VersionSchedule;
import io.fanscore.rules.scoring.FanLedger;
import io.fanscore.rules.scoring.ScoringProfile;
import io.fanscore.rules.scoring.TierTransition;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.PackageControl;
import io.fanscore.schema.TierChange;
import io.fanscore.state.LiveCandidate;
import io.fanscore.state.PairState;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.state.BroadcastState;
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
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The one owner of every pair's standing: the Flink shell around {@link FanLedger}, keyed by
 * (creator, fan bucket), with the bucket's pairs in map state. Live starts come to the buckets of
 * their creator, and are fanned out here, from the standings themselves (SPEC §7): there is no
 * second copy of a standing to keep in step, and no second shuffle. Audience package membership
 * (SPEC §8) is computed here too, for the same reason. Input 2, broadcast, carries the largest
 * event time of a finished bounded input and the runtime package changes.
 *
 * <ul>
 *   <li>Events wait until the watermark passes their time, then are applied in (event_time, pair,
 *       event_id) order, so any arrival order within the bound gives the same result (SPEC §6).
 *       They wait in memory, sorted, and on each watermark the operator applies what became final:
 *       no timer and no buffer read per event. A checkpoint saves those still waiting to keyed list
 *       state (before its barrier), which carries them across restores and rescaling.
 *   <li>A live start at T waits (in keyed state, with a timer at T) until every event stamped at or
 *       before T is applied and none after, then every pair of the bucket is asked where it stands
 *       as of T ({@link LiveAudience}). A start reaching a bucket after its event time passed T is
 *       dead-lettered as LATE, by bucket 0 only.
 *   <li>One event-time timer per pair, namespaced by fan, stands at or before the next day start
 *       that will change its tier or expire it (SPEC §4); day starts in between are applied lazily.
 *   <li>With packages, every step of a pair of a creator with packages compares the pair's
 *       admission before and after ({@link PackageMembership}) and emits the deltas to {@link
 *       #AudiencePackages.DELTAS}; its timer then also stands at the next day start that changes
 *       its level, so a fan who decays out of a {@code min_level} package leaves it on the right
 *       day without an event. A package added or changed at runtime is back-filled from every pair
 *       of its creator, stamped with the event time reached.
 *   <li>After the end of a bounded input, event time stops at the largest event time read.
 * </ul>
 */
public final class PairScoringOperator extends AbstractStreamOperator<TierChange>
        implements TwoInputStreamOperator<
                        Either<PositionedEvent, LiveStartSignal>,
                        Either<Long, PackageControl>,
                        TierChange>,
                Triggerable<Tuple2<String, Integer>, String> {

    public static final OutputTag<DeadLetter> LATE =
            new OutputTag<>("late-interactions", DeadLetterTypes.INFO) {};

    /** Who a live start reaches before caps (SPEC §7), stamped with the start's time. */
    public static final OutputTag<LiveCandidate> CANDIDATES =
            new OutputTag<>("live-candidates", new AvroTypeInfo<>(LiveCandidate.class)) {};

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
    private final PackageCatalog catalog;

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
    private transient Set<SavedGroup> savedGroups;
    private transient SpilledEventIds eventIds;
    private transient PackageBook packages;
    private transient PackageMembership membership;
    private transient InForceSigns inForce;
    private transient BroadcastState<String, PackageControl> packageChanges;
    private transient ListState<Long> latestStepState;

    /** The fan whose pair is being scored; the spilled ids are those of this fan. */
    private transient String currentFan;

    /**
     * The largest event time of a finished bounded input. Not checkpointed: the high-water
     * operators keep theirs and announce it again before every end of input.
     */
    private transient long endOfInput;

    /**
     * @param buckets how many buckets each creator's fans are spread over ({@link LiveFanout})
     * @param catalog the audience packages the job starts with; null leaves packages off
     */
    public PairScoringOperator(
            ScoringProfile profile,
            String interactionsTopic,
            String liveTopic,
            int buckets,
            PackageCatalog catalog) {
        this.profile = profile;
        this.interactionsTopic = interactionsTopic;
        this.liveTopic = liveTopic;
        this.buckets = buckets;
        this.catalog = catalog;
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

    /** What the scorer reads on its broadcast input: ends of input and package changes. */
    public static TypeInformation<Either<Long, PackageControl>> controlType() {
        return new EitherTypeInfo<>(Types.LONG, new AvroTypeInfo<>(PackageControl.class));
    }

    // Named methods, not Either::Left twice: javac tells serialized method references apart by the
    // method they name, not the types they were made for, so two would deserialize as one.

    /** The broadcast input's announcement of a finished bounded input's largest event time. */
    public static Either<Long, PackageControl> endOfInput(Long maxEventTime) {
        return Either.Left(maxEventTime);
    }

    /** The broadcast input's runtime package change. */
    public static Either<Long, PackageControl> packageChange(PackageControl change) {
        return Either.Right(change);
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
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        if (catalog == null) {
            return;
        }
        packages = new PackageBook(catalog);
        packageChanges =
                context.getOperatorStateStore()
                        .getBroadcastState(AudiencePackages.PACKAGE_CONTROLS);
        packages.restore(packageChanges.immutableEntries());
        inForce = new InForceSigns(new VersionSchedule(catalog.versionInterval()));
        // Kept across restores (the watermark is not), so a back-fill right after a restore is
        // not stamped in the past; union state: after rescaling every subtask takes the max.
        latestStepState =
                context.getOperatorStateStore()
                        .getUnionListState(new ListStateDescriptor<>("latest-step", Types.LONG));
        for (Long restored : latestStepState.get()) {
            inForce.restoreLatest(restored);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        if (inForce != null) {
            latestStepState.update(List.of(inForce.latest()));
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        membership = catalog == null ? null : new PackageMembership(catalog);
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
        savedGroups = new HashSet<>();
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
        buffer.add(event); // saved to state only if a checkpoint finds it still waiting
    }

    /**
     * Saves the events that arrived since the last checkpoint and still wait, in keyed list state
     * by (bucket, time): the barrier comes right after, so the snapshot holds every waiting event.
     * An event applied between two checkpoints (all of them in a replay at speed) never touches
     * state; one written through on arrival cost an append and a delete in RocksDB each.
     */
    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        for (PositionedEvent event : buffer.takeUnsaved()) {
            Tuple2<String, Integer> key = keyOf(Either.Left(event), buckets);
            setCurrentKey(key);
            pendingAt(event.eventTime()).add(event); // a blind append: no read
            savedGroups.add(new SavedGroup(key, event.eventTime()));
        }
    }

    @Override
    public void processElement2(StreamRecord<Either<Long, PackageControl>> record)
            throws Exception {
        if (record.getValue().isLeft()) {
            endOfInput = Math.max(endOfInput, record.getValue().left());
        } else if (packages != null) {
            onPackageChange(record.getValue().right());
        }
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
                output.collect(LATE, new StreamRecord<>(lateLiveStart(signal, watermark)));
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
        if (!savedGroups.isEmpty() && savedGroups.remove(new SavedGroup(getCurrentKey(), time))) {
            pendingAt(time).clear(); // a blind delete: no read; the bucket's other pairs of this
            // time are applied in this same drain, before any checkpoint can be taken
        }
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
                buffer.addSaved(event);
            }
            savedGroups.add(new SavedGroup(keyAndTime.f0, keyAndTime.f1));
        }
    }

    /** A bucket's waiting events of one time that are in keyed state, to delete once applied. */
    private record SavedGroup(Object bucket, long time) {}

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
        List<PackageDefinition> ofCreator = packagesOf(creator, time);
        // Just before `time` the stored state held, its day starts up to then included.
        Admission was = ofCreator.isEmpty() ? null : Admission.of(ledger, state, time - 1);
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
        if (was != null) {
            membership.moved(
                    ofCreator, fan, was, Admission.of(ledger, state, time), time, this::emitDelta);
        }
        rearm(fan, state, armedWake, time, !ofCreator.isEmpty());
    }

    /**
     * The packages of the creator stepping at {@code time}; first signs every package in force if
     * this step starts an earlier version interval ({@link InForceSigns}).
     */
    private List<PackageDefinition> packagesOf(String creator, long time) {
        if (packages == null) {
            return List.of();
        }
        if (inForce.steppedAt(time)) {
            for (PackageDefinition definition : packages.inForceNow()) {
                output.collect(
                        AudiencePackages.IN_FORCE,
                        new StreamRecord<>(
                                PackageInForce.sign(definition.packageId(), time), time));
            }
        }
        return packages.of(creator);
    }

    private void emitDelta(AudienceDelta delta) {
        metrics.audienceDelta(delta.getOp().name());
        output.collect(
                AudiencePackages.DELTAS,
                new StreamRecord<>(delta, delta.getEventTime().toEpochMilli()));
    }

    /**
     * A runtime package change (SPEC §8): refused, or applied and back-filled from every pair of
     * the package's creator (and of its former creator), stamped with the event time reached, and
     * no earlier than the pair's own day after a restore.
     */
    private void onPackageChange(PackageControl change) throws Exception {
        PackageBook.Applied applied = packages.apply(change).orElse(null);
        if (applied == null) {
            metrics.packageChangeRefused();
            return;
        }
        packageChanges.put(change.getPackageId(), change);
        if (applied.after() == null) {
            return; // a removed package stops; its members are not withdrawn one by one
        }
        long reached = inForce.reached(wakes.currentWatermark());
        if (applied.before() == null && reached != Long.MIN_VALUE) {
            // In force from here on; a subtask without event time yet signs at its first step.
            output.collect(
                    AudiencePackages.IN_FORCE,
                    new StreamRecord<>(
                            PackageInForce.sign(applied.after().packageId(), reached), reached));
        }
        getKeyedStateBackend()
                .applyToAllKeys(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        pairStateDescriptor(),
                        (key, bucket) -> backfill(key, bucket, applied, reached));
    }

    @SuppressWarnings("unchecked")
    private void backfill(
            Object key,
            MapState<String, PairState> bucket,
            PackageBook.Applied applied,
            long reached)
            throws Exception {
        String creator = ((Tuple2<String, Integer>) key).f0;
        PackageDefinition before = ofCreator(applied.before(), creator);
        PackageDefinition after = ofCreator(applied.after(), creator);
        if (before == null && after == null) {
            return;
        }
        List<Map.Entry<String, PairState>> rearmed = new ArrayList<>();
        for (Map.Entry<String, PairState> pair : bucket.entries()) {
            PairState state = pair.getValue();
            long now = Math.max(reached, profile.clock().startOf(state.getDay()));
            membership.redefined(
                    before,
                    after,
                    pair.getKey(),
                    Admission.of(ledger, state, now),
                    now,
                    this::emitDelta);
            if (after != null && wakeForLevels(pair.getKey(), state, now)) {
                rearmed.add(pair);
            }
        }
        for (Map.Entry<String, PairState> pair : rearmed) {
            bucket.put(pair.getKey(), pair.getValue()); // after the scan, not while it reads
        }
    }

    private static PackageDefinition ofCreator(PackageDefinition definition, String creator) {
        return definition != null && definition.creatorId().equals(creator) ? definition : null;
    }

    /**
     * The pair's timer may stand at a tier change only (its creator had no package); moves it to
     * the next level change after {@code now} if that is earlier. True if the state changed.
     */
    private boolean wakeForLevels(String fan, PairState state, long now) {
        OptionalInt day =
                ledger.nextStandingChange(state, profile.clock().dayOf(now), LOOKAHEAD_DAYS);
        if (day.isEmpty()) {
            return false;
        }
        long wake = profile.clock().startOf(day.getAsInt());
        Long armed = state.getWakeAt();
        if (armed != null && armed <= wake) {
            return false;
        }
        if (armed != null) {
            wakes.deleteEventTimeTimer(fan, armed);
        }
        wakes.registerEventTimeTimer(fan, wake);
        state.setWakeAt(wake);
        return true;
    }

    /**
     * Stores the state and makes sure a day-start timer stands at or before the pair's next visible
     * change. While the pair is active the timer waits at the first day start that could matter at
     * all (cheap to compute); only when that timer fires does the operator look ahead for the day
     * of the next visible change. An earlier armed timer is kept (it fires early and re-arms); a
     * later one is replaced when the next change moves earlier.
     */
    private void rearm(String fan, PairState state, Long armedWake, long now, boolean levelsMatter)
            throws Exception {
        if (state == null) {
            pairs.remove(fan); // a timer left behind fires into empty state and does nothing
            return;
        }
        boolean wakeFired = armedWake != null && armedWake == now;
        boolean armed = armedWake != null && armedWake > now;
        Long wake;
        if (wakeFired) {
            OptionalInt day =
                    levelsMatter
                            ? ledger.nextStandingChange(state, state.getDay(), LOOKAHEAD_DAYS)
                            : ledger.nextVisibleDayStart(state, LOOKAHEAD_DAYS);
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

    private DeadLetter lateLiveStart(LiveStartSignal signal, long watermark) {
        LiveEvent start = signal.start;
        return DeadLetters.of(
                liveTopic,
                signal.partition,
                signal.offset,
                start.getCreatorId().getBytes(StandardCharsets.UTF_8),
                liveCodec.encode(start),
                DeadLetterReason.LATE,
                "live start at "
                        + start.getEventTime()
                        + " reached its fans after their event time had passed "
                        + watermark);
    }
}
