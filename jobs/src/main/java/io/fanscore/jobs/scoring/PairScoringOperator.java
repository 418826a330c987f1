package io.fanscore.jobs.scoring;

import io.fanscore.connectors.Topics;
import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.jobs.ingest.DeadLetterTypes;
import io.fanscore.jobs.ingest.PositionedEvent;
import io.fanscore.jobs.metrics.FanValueMetrics;
import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.jobs.notify.CreatorFanout;
import io.fanscore.jobs.notify.CreatorSignal;
import io.fanscore.jobs.notify.LiveAudience;
import io.fanscore.jobs.packages.AudiencePackages;
import io.fanscore.jobs.packages.PackageMembership;
import io.fanscore.jobs.packages.PackageMembership.Admission;
import io.fanscore.jobs.state.PairStateSerializer;
import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.rules.packages.PackageDefinition;
import io.fanscore.rules.scoring.FanLedger;
import io.fanscore.rules.scoring.ProfileSet;
import io.fanscore.rules.scoring.ScoringProfile;
import io.fanscore.rules.scoring.TierTransition;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.DeadLetterReason;
import io.fanscore.schema.ErasureRequest;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.PackageControl;
import io.fanscore.schema.ProfileAssignment;
import io.fanscore.schema.PushOutcome;
import io.fanscore.schema.Tier;
import io.fanscore.schema.TierChange;
import io.fanscore.state.ErasureShare;
import io.fanscore.state.LiveCandidate;
import io.fanscore.state.PairState;
import io.fanscore.state.PushCandidate;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Either;
import org.apache.flink.util.OutputTag;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

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
 *       dead-lettered as LATE, by bucket 0 only. A subscription push (SPEC §12) waits the same way;
 *       then its creator's caps are decided in every bucket alike, and an accepted one fans out
 *       ({@link BucketPushes}).
 *   <li>One event-time timer per pair, namespaced by fan, stands at or before the next day start
 *       that will change its tier or expire it (SPEC §4); day starts in between are applied lazily.
 *   <li>With packages, every step of a pair of a creator with packages compares the pair's
 *       admission before and after ({@link PackageMembership}) and emits the deltas to {@link
 *       AudiencePackages#DELTAS}; its timer then also stands at the next day start that changes its
 *       level, so a fan who decays out of a {@code min_level} package leaves it on the right day
 *       without an event. A package added or changed at runtime is back-filled from every pair of
 *       its creator, stamped with the event time reached.
 *   <li>A runtime profile assignment (input 2) takes effect at the first day start after its event
 *       time: the day starts before it under the old profile, from it on the new one's ({@link
 *       ProfileSwitches}).
 *   <li>An erasure request (input 2) is applied once event time passes its own, after every event
 *       stamped at or before it: each pair of the fan held here (of one creator, or of all) goes
 *       with a change to NONE (cause ERASURE) and a REMOVE from each of its packages; what each
 *       subtask erased goes to {@link #ERASURE_SHARES} ({@link ScorerErasures}).
 *   <li>After the end of a bounded input, event time stops at the largest event time read.
 * </ul>
 */
public final class PairScoringOperator extends AbstractStreamOperator<TierChange>
        implements TwoInputStreamOperator<
                        Either<PositionedEvent, CreatorSignal>,
                        Either<
                                Long,
                                Either<
                                        PackageControl,
                                        Either<SourceEnvelope<ProfileAssignment>, ErasureRequest>>>,
                        TierChange>,
                Triggerable<Tuple2<String, Integer>, String> {

    public static final OutputTag<DeadLetter> LATE =
            new OutputTag<>("late-interactions", DeadLetterTypes.INFO) {};

    /** Who a live start reaches before caps (SPEC §7), stamped with the start's time. */
    public static final OutputTag<LiveCandidate> CANDIDATES =
            new OutputTag<>("live-candidates", new AvroTypeInfo<>(LiveCandidate.class)) {};

    /** What became of each push under its creator's caps (SPEC §12), written by bucket 0. */
    public static final OutputTag<PushOutcome> PUSH_OUTCOMES =
            new OutputTag<>("push-outcomes", new AvroTypeInfo<>(PushOutcome.class)) {};

    /** Who an accepted push reaches before the per-fan cap (SPEC §12), stamped with its time. */
    public static final OutputTag<PushCandidate> PUSH_CANDIDATES =
            new OutputTag<>("push-candidates", new AvroTypeInfo<>(PushCandidate.class)) {};

    /** What each subtask erased for a request ({@link ScorerErasures}), summed downstream. */
    public static final OutputTag<ErasureShare> ERASURE_SHARES =
            new OutputTag<>("erasure-shares", new AvroTypeInfo<>(ErasureShare.class)) {};

    /** Event time a request_id is remembered for after its own, to ignore a repeat. */
    public static final long ERASURE_ID_MEMORY_MILLIS = 24 * 3_600_000L;

    /** The name of the runtime profile assignments (broadcast state: creator → its switches). */
    public static final String PROFILE_SWITCHES = "profile-switches";

    /** The name of the bucket's pairs; savepoints map state by operator uid and this name. */
    public static final String PAIR_STATE = "pairs";

    /** Accumulator name prefix of fan-out candidates; the suffix is the subtask index. */
    public static final String ACCUMULATOR_PREFIX = "fanout-candidates-subtask-";

    private final ProfileSet profiles;
    private final String interactionsTopic;
    private final String liveTopic;
    private String pushTopic = Topics.PUSHES;
    private final int buckets;
    private final PackageCatalog catalog;
    private String erasureSalt = DEFAULT_ERASURE_SALT;

    /** The salt of an erasure outcome's fan hash unless the job sets its own. */
    public static final String DEFAULT_ERASURE_SALT = "fanscore-erasure";

    private transient ScorerLedgers ledgers;
    private transient ProfileSwitches profileSwitches;
    private transient TierChanges tierChanges;
    private transient FanscoreMetrics metrics;
    private Set<String> metricCreators = Set.of();
    private transient FanValueMetrics fanValue;
    private transient LongCounter candidatesOfThisSubtask;
    private transient LateInputs late;
    private transient MapState<String, PairState> pairs;
    private transient PairWakes wakes;
    private transient BucketLiveStarts liveStarts;
    private transient BucketPushes pushes;
    private transient WaitingEvents buffer;
    private transient SavedWaitingEvents saved;
    private transient SpilledEventIds eventIds;
    private transient ScorerPackages packages;
    private transient ScorerSideOutputs sideOutputs;
    private transient ScorerErasures erasures;

    /** The fan whose pair is being scored; the spilled ids are those of this fan. */
    private transient String currentFan;

    /**
     * The largest event time of a finished bounded input. Not checkpointed: the high-water
     * operators keep theirs and announce it again before every end of input.
     */
    private transient long endOfInput;

    /**
     * @param buckets how many buckets each creator's fans are spread over ({@link CreatorFanout})
     * @param catalog the audience packages the job starts with; null leaves packages off
     */
    public PairScoringOperator(
            ScoringProfile profile,
            String interactionsTopic,
            String liveTopic,
            int buckets,
            PackageCatalog catalog) {
        this(ProfileSet.single(profile), interactionsTopic, liveTopic, buckets, catalog);
    }

    /**
     * @param profiles the rules each creator is scored under (SPEC §11)
     * @param buckets how many buckets each creator's fans are spread over ({@link CreatorFanout})
     * @param catalog the audience packages the job starts with; null leaves packages off
     */
    public PairScoringOperator(
            ProfileSet profiles,
            String interactionsTopic,
            String liveTopic,
            int buckets,
            PackageCatalog catalog) {
        this.profiles = profiles;
        this.interactionsTopic = interactionsTopic;
        this.liveTopic = liveTopic;
        this.buckets = buckets;
        this.catalog = catalog;
    }

    /** The topic pushes are read from, named in a late push's dead letter. */
    /** Creators whose fan-value metrics also carry their id ({@link FanValueMetrics}). */
    public PairScoringOperator withMetricCreators(Set<String> metricCreators) {
        this.metricCreators = Set.copyOf(metricCreators);
        return this;
    }

    /** The salt of the fan hash in erasure outcomes ({@code erasure.salt}). */
    public PairScoringOperator withErasureSalt(String erasureSalt) {
        this.erasureSalt = erasureSalt;
        return this;
    }

    public PairScoringOperator withPushTopic(String pushTopic) {
        this.pushTopic = pushTopic;
        return this;
    }

    /** The bucket's pairs, in the compact serializer; what savepoint readers look up too. */
    public static MapStateDescriptor<String, PairState> pairStateDescriptor() {
        return new MapStateDescriptor<>(
                PAIR_STATE, StringSerializer.INSTANCE, new PairStateSerializer());
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        profileSwitches = ProfileSwitches.restore(profiles, context.getOperatorStateStore());
        erasures =
                ScorerErasures.restore(context.getOperatorStateStore(), ERASURE_ID_MEMORY_MILLIS);
        if (catalog != null) {
            packages = ScorerPackages.restore(catalog, context.getOperatorStateStore());
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        if (packages != null) {
            packages.snapshot();
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        ledgers = new ScorerLedgers(profiles, profileSwitches.schedule());
        tierChanges = new TierChanges();
        metrics = new FanscoreMetrics(getMetricGroup());
        fanValue = new FanValueMetrics(getMetricGroup(), metricCreators);
        sideOutputs = new ScorerSideOutputs(output, metrics);
        // Per-subtask totals in the job result show how evenly fan-out spreads over the cluster.
        candidatesOfThisSubtask = new LongCounter();
        getRuntimeContext()
                .addAccumulator(
                        ACCUMULATOR_PREFIX
                                + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                        candidatesOfThisSubtask);
        late = new LateInputs(interactionsTopic, liveTopic, pushTopic);
        pairs = getRuntimeContext().getMapState(pairStateDescriptor());
        eventIds = SpilledEventIds.inKeyedState(getKeyedStateBackend(), () -> currentFan);
        wakes =
                new PairWakes(
                        getInternalTimerService("pair-wakes", StringSerializer.INSTANCE, this),
                        profiles.defaultProfile().clock());
        liveStarts =
                new BucketLiveStarts(
                        getKeyedStateBackend(),
                        pairs,
                        ledgers,
                        late,
                        metrics,
                        candidatesOfThisSubtask,
                        sideOutputs);
        liveStarts.firedBy(
                getInternalTimerService(
                        "live-starts", VoidNamespaceSerializer.INSTANCE, liveStarts.timerTarget()));
        pushes =
                new BucketPushes(
                        getKeyedStateBackend(),
                        pairs,
                        ledgers,
                        profiles.defaultProfile().pushes(),
                        profiles.defaultProfile().clock(),
                        late,
                        metrics,
                        sideOutputs,
                        this::bucketKey);
        pushes.firedBy(
                getInternalTimerService(
                        "pushes", VoidNamespaceSerializer.INSTANCE, pushes.timerTarget()));
        metrics.eventTimeLag(wakes::currentWatermark);
        for (ScoringProfile held : profiles.profiles()) {
            metrics.assignedCreators(held.name(), () -> ledgers.assignedTo(held.name()));
        }
        endOfInput = Long.MIN_VALUE;
        buffer = new WaitingEvents();
        saved = new SavedWaitingEvents(getKeyedStateBackend(), this::setCurrentKey, buckets);
        saved.restoreInto(buffer);
    }

    @Override
    public void processElement1(StreamRecord<Either<PositionedEvent, CreatorSignal>> record)
            throws Exception {
        Either<PositionedEvent, CreatorSignal> input = record.getValue();
        if (input.isRight()) {
            CreatorSignal signal = input.right();
            if (signal.isPush()) {
                pushes.arrived(signal);
            } else {
                liveStarts.arrived(signal);
            }
            return;
        }
        PositionedEvent event = input.left();
        long watermark = wakes.currentWatermark();
        if (event.eventTime() <= watermark) {
            // Normally caught per partition at ingest; this guards e.g. a partition back from idle.
            metrics.deadLetter(DeadLetterReason.LATE);
            output.collect(LATE, new StreamRecord<>(late.interaction(event, watermark)));
            return;
        }
        buffer.add(event); // saved to state only if a checkpoint finds it still waiting
    }

    /** Saves the events no checkpoint holds yet and still waiting ({@link SavedWaitingEvents}). */
    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        saved.save(buffer.takeUnsaved());
    }

    @Override
    public void processElement2(
            StreamRecord<
                            Either<
                                    Long,
                                    Either<
                                            PackageControl,
                                            Either<
                                                    SourceEnvelope<ProfileAssignment>,
                                                    ErasureRequest>>>>
                    record)
            throws Exception {
        Either<
                        Long,
                        Either<
                                PackageControl,
                                Either<SourceEnvelope<ProfileAssignment>, ErasureRequest>>>
                input = record.getValue();
        if (input.isLeft()) {
            endOfInput = Math.max(endOfInput, input.left());
        } else if (input.right().isRight() && input.right().right().isRight()) {
            onErasure(input.right().right().right());
        } else if (input.right().isRight()) {
            onProfileAssignment(input.right().right().left());
        } else if (packages != null) {
            onPackageControl(input.right().left());
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
        buffer.drainUntil(until, time -> advanceTo(time - 1), this::applyEvents);
        if (until != Long.MIN_VALUE) {
            advanceTo(until);
            ledgers.countAssigned(until);
        }
        // Event time downstream stops there too: +∞ is not passed on, so no later operator fires
        // day starts, versions or clean-ups past the end of a bounded input.
        if (mark.getTimestamp() != Long.MAX_VALUE) {
            output.emitWatermark(mark);
        } else if (until != Long.MIN_VALUE) {
            output.emitWatermark(new Watermark(until));
        }
    }

    /**
     * Event time to {@code time}: timers (day starts, live starts, pushes) up to each held erasure
     * request's time fire first, then the request is applied, so it follows everything stamped at
     * or before it.
     */
    private void advanceTo(long time) throws Exception {
        while (erasures.nextTime() <= time) {
            long at = erasures.nextTime();
            timeServiceManager.advanceWatermark(new Watermark(at));
            for (ErasureRequest request : erasures.takeUpTo(at)) {
                erase(request, at);
            }
        }
        timeServiceManager.advanceWatermark(new Watermark(time));
    }

    /**
     * An erasure request: held until event time passes it; one arriving after that is applied at
     * once, at the event time reached, since a fan's deletion is not refused for its timing.
     */
    private void onErasure(ErasureRequest request) throws Exception {
        if (!erasures.hold(request)) {
            metrics.repeatedErasure();
            return;
        }
        long watermark = wakes.currentWatermark();
        if (watermark != Long.MIN_VALUE && request.getEventTime().toEpochMilli() <= watermark) {
            metrics.lateErasure();
            for (ErasureRequest due : erasures.takeUpTo(request.getEventTime().toEpochMilli())) {
                erase(due, watermark);
            }
        }
    }

    /**
     * Erases the request's pairs held by this subtask, sends this subtask's share, and (subtask 0)
     * tells the caps to forget the fan's tally.
     */
    private void erase(ErasureRequest request, long at) throws Exception {
        int erased = 0;
        Set<String> packagesLeft = new TreeSet<>();
        for (Tuple2<String, Integer> key :
                ScorerErasures.keysOf(
                        request,
                        buckets,
                        getKeyedStateBackend(),
                        getRuntimeContext().getTaskInfo())) {
            setCurrentKey(key);
            if (erasePair(key.f0, request.getFanId(), at, packagesLeft)) {
                erased++;
            }
        }
        metrics.erasedPairs(erased);
        if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            // Once per request: the caps are keyed by fan, not by this operator's keys.
            sideOutputs.candidate(ScorerErasures.forLiveCaps(request, at), at);
            sideOutputs.pushCandidate(ScorerErasures.forPushCaps(request, at), at);
        }
        int subtasks = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        output.collect(
                ERASURE_SHARES,
                new StreamRecord<>(
                        ScorerErasures.share(
                                request,
                                erasureSalt,
                                at,
                                erased,
                                List.copyOf(packagesLeft),
                                subtasks),
                        at));
    }

    /**
     * Removes one pair of the current bucket at {@code at}: its day starts up to then first, as any
     * step takes them, then a change to NONE (cause ERASURE), a REMOVE from each package it was in,
     * and its state, spilled ids and timer. False if the pair had no state (or expired just then).
     */
    private boolean erasePair(String creator, String fan, long at, Set<String> packagesLeft)
            throws Exception {
        currentFan = fan;
        PairState stored = pairs.get(fan);
        if (stored == null) {
            return false;
        }
        List<PackageDefinition> ofCreator =
                packages == null ? List.of() : packages.of(creator, at, sideOutputs);
        Admission was =
                ofCreator.isEmpty()
                        ? null
                        : Admission.of(ledgers.ledgerOf(creator, at - 1), stored, at - 1);
        Consumer<TierTransition> emit = tierChangesOf(creator, fan, at);
        // Its timer and spilled ids go first, by what the stored state says they are.
        wakes.forget(fan, stored);
        eventIds.clear(stored);
        pairs.remove(fan);
        PairState state = ledgers.onTime(creator, stored, at, emit);
        if (state != null) {
            emit.accept(
                    new TierTransition(
                            state.getTier(), Tier.NONE, 0, 0, at, TierTransition.ERASURE));
        }
        if (was != null) {
            packages.moved(
                    ofCreator,
                    fan,
                    was,
                    Admission.NONE,
                    at,
                    sideOutputs.notingPackages(packagesLeft));
        }
        return state != null;
    }

    /** Where a pair's tier changes at {@code time} go: counted, and out stamped with it. */
    private Consumer<TierTransition> tierChangesOf(String creator, String fan, long time) {
        return transition -> {
            metrics.tierTransition(transition.from(), transition.to());
            output.collect(new StreamRecord<>(tierChanges.of(creator, fan, transition), time));
        };
    }

    @SuppressWarnings("unchecked")
    private Tuple2<String, Integer> bucketKey() {
        return (Tuple2<String, Integer>) getCurrentKey();
    }

    /** A pair's day-start timer. */
    @Override
    public void onEventTime(InternalTimer<Tuple2<String, Integer>, String> timer) throws Exception {
        step(timer.getNamespace(), timer.getTimestamp(), List.of());
    }

    @Override
    public void onProcessingTime(InternalTimer<Tuple2<String, Integer>, String> timer) {}

    private void applyEvents(long time, List<PositionedEvent> events) throws Exception {
        InteractionEvent first = events.get(0).event;
        setCurrentKey(ScorerInputs.keyOf(first, buckets));
        step(first.getFanId(), time, events);
        saved.applied(getCurrentKey(), time);
    }

    /**
     * Day starts up to {@code time}, then the events of {@code time}, of one pair of the bucket.
     */
    private void step(String fan, long time, List<PositionedEvent> events) throws Exception {
        @SuppressWarnings("unchecked")
        String creator = ((Tuple2<String, Integer>) getCurrentKey()).f0;
        currentFan = fan;
        FanLedger ledger = ledgers.ledgerOf(creator, time);
        Consumer<TierTransition> emit = tierChangesOf(creator, fan, time);
        PairState state = pairs.get(fan);
        Long armedWake = state == null ? null : state.getWakeAt();
        List<PackageDefinition> ofCreator =
                packages == null ? List.of() : packages.of(creator, time, sideOutputs);
        // Just before `time` the stored state held, its day starts up to then included.
        Admission was =
                ofCreator.isEmpty()
                        ? null
                        : Admission.of(ledgers.ledgerOf(creator, time - 1), state, time - 1);
        if (!events.isEmpty()) {
            wakes.dueWithEvents(fan, armedWake, time);
        }
        if (state != null) {
            PairState stored = state;
            state = ledgers.onTime(creator, state, time, emit);
            if (state == null) {
                eventIds.clear(stored); // the pair expired: its spilled ids go with it
            }
        }
        for (PositionedEvent input : events) {
            Tier tierBefore = state == null ? Tier.NONE : state.getTier();
            int purchasesBefore = state == null ? 0 : state.getPurchases();
            FanLedger.Result result = ledger.onEvent(state, input.event, emit, eventIds::of);
            state = result.state();
            if (result.outcome() == FanLedger.Outcome.DUPLICATE) {
                metrics.duplicate();
            } else {
                fanValue.applied(
                        creator, input.event, tierBefore, purchasesBefore, state.getPurchases());
            }
        }
        if (was != null) {
            packages.moved(
                    ofCreator, fan, was, Admission.of(ledger, state, time), time, sideOutputs);
        }
        if (state == null) {
            pairs.remove(fan); // a timer left behind fires into empty state and does nothing
            return;
        }
        wakes.rearm(
                ledger,
                fan,
                state,
                armedWake,
                time,
                !ofCreator.isEmpty(),
                PackageMembership.nextFollowEntry(ofCreator, state, time));
        // A runtime profile assignment takes effect at a day start: each pair steps there.
        wakes.armBy(fan, state, ledgers.nextSwitchAfter(creator, time));
        pairs.put(fan, state);
    }

    /**
     * A runtime package control (SPEC §8): refused, or applied and back-filled from every pair of
     * the package's creator (and of its former creator).
     */
    private void onPackageControl(PackageControl control) throws Exception {
        ScorerPackages.Control applied =
                packages.apply(control, wakes.currentWatermark(), sideOutputs).orElse(null);
        if (applied == null) {
            return; // refused: counted and audited where it was decided (PackageChangeGate)
        }
        if (applied.applied().after() == null) {
            return; // a removed package stops; its members are not withdrawn one by one
        }
        packages.backfill(
                getKeyedStateBackend(),
                applied,
                creator -> ledgers.ledgerOf(creator, wakes.currentWatermark()),
                profiles.defaultProfile().clock(),
                wakes,
                sideOutputs);
    }

    /**
     * A runtime profile assignment (SPEC §11), in force from the next day start; refused as LATE if
     * event time here has reached that day start already (said by subtask 0 only), since its pairs
     * may have passed it.
     */
    private void onProfileAssignment(SourceEnvelope<ProfileAssignment> assignment)
            throws Exception {
        long watermark = wakes.currentWatermark();
        long effective = profileSwitches.effectiveAt(assignment.record);
        if (effective <= watermark) {
            if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                metrics.deadLetter(DeadLetterReason.LATE);
                output.collect(LATE, new StreamRecord<>(late.assignment(assignment, watermark)));
            }
            return;
        }
        profileSwitches.apply(assignment.record, getKeyedStateBackend(), wakes);
        ledgers.assignmentsChanged();
    }
}
