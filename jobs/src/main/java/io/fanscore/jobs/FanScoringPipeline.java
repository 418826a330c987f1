package io.fanscore.jobs;

import io.fanscore.connectors.Topics;
import io.fanscore.connectors.kafka.SourceEnvelope;
import io.fanscore.connectors.kafka.eventtime.EventTimeKafkaSource;
import io.fanscore.jobs.erasure.ErasureOutcomes;
import io.fanscore.jobs.ingest.CreatorPushValidator;
import io.fanscore.jobs.ingest.ErasureIngest;
import io.fanscore.jobs.ingest.ErasureValidator;
import io.fanscore.jobs.ingest.InteractionIngest;
import io.fanscore.jobs.ingest.InteractionValidator;
import io.fanscore.jobs.ingest.LiveEventValidator;
import io.fanscore.jobs.ingest.LiveIngest;
import io.fanscore.jobs.ingest.PositionedEvent;
import io.fanscore.jobs.ingest.ProfileAssignmentIngest;
import io.fanscore.jobs.ingest.ProfileAssignmentValidator;
import io.fanscore.jobs.ingest.PushIngest;
import io.fanscore.jobs.ingest.RecordIngest;
import io.fanscore.jobs.metrics.TierPopulations;
import io.fanscore.jobs.notify.CreatorFanout;
import io.fanscore.jobs.notify.CreatorSignal;
import io.fanscore.jobs.notify.FanCapsOperator;
import io.fanscore.jobs.notify.LiveStartSequencer;
import io.fanscore.jobs.notify.NotificationCapsOperator;
import io.fanscore.jobs.notify.PushCapsOperator;
import io.fanscore.jobs.notify.PushSequencer;
import io.fanscore.jobs.packages.AudienceConfig;
import io.fanscore.jobs.packages.AudiencePackages;
import io.fanscore.jobs.scoring.EventTimeHighWater;
import io.fanscore.jobs.scoring.PairScoringOperator;
import io.fanscore.jobs.scoring.ScorerInputs;
import io.fanscore.rules.scoring.ProfileSet;
import io.fanscore.rules.scoring.ScoringProfile;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.CreatorPush;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.ErasureOutcome;
import io.fanscore.schema.ErasureRequest;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.LiveNotification;
import io.fanscore.schema.PackageAudit;
import io.fanscore.schema.PackageControl;
import io.fanscore.schema.ProfileAssignment;
import io.fanscore.schema.PushNotification;
import io.fanscore.schema.PushOutcome;
import io.fanscore.schema.TierChange;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

import java.time.Duration;
import java.util.Set;

/**
 * The fanscore graph: interactions, live events and pushes in; tier changes (SPEC §2–§6), live
 * notifications (SPEC §7), audience deltas and versions (SPEC §8), push outcomes and notifications
 * (SPEC §12) and dead letters (SPEC §9) out. Sources and sinks are injected, so tests and
 * production build the same graph. Every operator has a stable uid: savepoints map state by uid, so
 * never rename one.
 */
public final class FanScoringPipeline {

    /**
     * Where input comes from.
     *
     * @param packageControl runtime package changes; null for none (packages from the file only)
     */
    public record Inputs(
            Source<SourceEnvelope<InteractionEvent>, ?, ?> interactions,
            Source<SourceEnvelope<LiveEvent>, ?, ?> liveEvents,
            Source<SourceEnvelope<PackageControl>, ?, ?> packageControl,
            Source<SourceEnvelope<ProfileAssignment>, ?, ?> profileAssignments,
            Source<SourceEnvelope<CreatorPush>, ?, ?> pushes,
            Source<SourceEnvelope<ErasureRequest>, ?, ?> erasures) {

        public Inputs(
                Source<SourceEnvelope<InteractionEvent>, ?, ?> interactions,
                Source<SourceEnvelope<LiveEvent>, ?, ?> liveEvents) {
            this(interactions, liveEvents, null, null, null, null);
        }

        public Inputs(
                Source<SourceEnvelope<InteractionEvent>, ?, ?> interactions,
                Source<SourceEnvelope<LiveEvent>, ?, ?> liveEvents,
                Source<SourceEnvelope<PackageControl>, ?, ?> packageControl,
                Source<SourceEnvelope<ProfileAssignment>, ?, ?> profileAssignments) {
            this(interactions, liveEvents, packageControl, profileAssignments, null, null);
        }

        /** The same inputs, with subscription pushes from {@code pushes} (SPEC §12). */
        public Inputs withPushes(Source<SourceEnvelope<CreatorPush>, ?, ?> pushes) {
            return new Inputs(
                    interactions, liveEvents, packageControl, profileAssignments, pushes, erasures);
        }

        /** The same inputs, with erasure requests from {@code erasures}. */
        public Inputs withErasures(Source<SourceEnvelope<ErasureRequest>, ?, ?> erasures) {
            return new Inputs(
                    interactions, liveEvents, packageControl, profileAssignments, pushes, erasures);
        }
    }

    /**
     * Where results go.
     *
     * @param audienceDeltas package membership changes; needed only with audience packages
     * @param pushOutcomes what became of each push; needed only with pushes
     * @param pushNotifications fans reached by pushes; needed only with pushes
     * @param packageAudit every package definition change and its decision; with audience packages
     *     only, and null for none
     * @param erasureOutcomes what each erasure request removed; needed only with erasures
     */
    public record Outputs(
            Sink<TierChange> tierChanges,
            Sink<LiveNotification> liveNotifications,
            Sink<DeadLetter> deadLetters,
            Sink<AudienceDelta> audienceDeltas,
            Sink<PushOutcome> pushOutcomes,
            Sink<PushNotification> pushNotifications,
            Sink<PackageAudit> packageAudit,
            Sink<ErasureOutcome> erasureOutcomes) {

        public Outputs(
                Sink<TierChange> tierChanges,
                Sink<LiveNotification> liveNotifications,
                Sink<DeadLetter> deadLetters) {
            this(tierChanges, liveNotifications, deadLetters, null);
        }

        public Outputs(
                Sink<TierChange> tierChanges,
                Sink<LiveNotification> liveNotifications,
                Sink<DeadLetter> deadLetters,
                Sink<AudienceDelta> audienceDeltas) {
            this(
                    tierChanges,
                    liveNotifications,
                    deadLetters,
                    audienceDeltas,
                    null,
                    null,
                    null,
                    null);
        }

        /** The same outputs, with push outcomes and notifications (SPEC §12). */
        public Outputs withPushes(
                Sink<PushOutcome> pushOutcomes, Sink<PushNotification> pushNotifications) {
            return new Outputs(
                    tierChanges,
                    liveNotifications,
                    deadLetters,
                    audienceDeltas,
                    pushOutcomes,
                    pushNotifications,
                    packageAudit,
                    erasureOutcomes);
        }

        /** The same outputs, with the outcomes of erasure requests. */
        public Outputs withErasureOutcomes(Sink<ErasureOutcome> erasureOutcomes) {
            return new Outputs(
                    tierChanges,
                    liveNotifications,
                    deadLetters,
                    audienceDeltas,
                    pushOutcomes,
                    pushNotifications,
                    packageAudit,
                    erasureOutcomes);
        }

        /** The same outputs, with the audit of package definition changes. */
        public Outputs withPackageAudit(Sink<PackageAudit> packageAudit) {
            return new Outputs(
                    tierChanges,
                    liveNotifications,
                    deadLetters,
                    audienceDeltas,
                    pushOutcomes,
                    pushNotifications,
                    packageAudit,
                    erasureOutcomes);
        }
    }

    private static final TypeInformation<Tuple2<String, Integer>> BUCKET_KEY =
            Types.TUPLE(Types.STRING, Types.INT);

    private ProfileSet profiles;
    private final String interactionsTopic;
    private final String liveTopic;
    private String pushTopic = Topics.PUSHES;
    private final Duration outOfOrderness;
    private final Duration idleness;
    private final int notifyBuckets;
    private AudienceConfig audience;
    private Set<String> metricCreators = Set.of();
    private String erasureSalt = PairScoringOperator.DEFAULT_ERASURE_SALT;

    public FanScoringPipeline(
            ScoringProfile profile,
            String interactionsTopic,
            String liveTopic,
            Duration outOfOrderness,
            Duration idleness,
            int notifyBuckets) {
        this.profiles = ProfileSet.single(profile);
        this.interactionsTopic = interactionsTopic;
        this.liveTopic = liveTopic;
        this.outOfOrderness = outOfOrderness;
        this.idleness = idleness;
        this.notifyBuckets = notifyBuckets;
    }

    public static FanScoringPipeline of(JobConfig config) {
        return new FanScoringPipeline(
                        config.profile(),
                        config.interactionsTopic(),
                        config.liveTopic(),
                        config.outOfOrderness(),
                        config.idleness(),
                        config.notifyBuckets())
                .withProfiles(config.profiles())
                .withPushTopic(config.pushesTopic())
                .withMetricCreators(config.metricCreators())
                .withErasureSalt(config.erasureSalt());
    }

    /** The salt of the fan hash in erasure outcomes ({@code erasure.salt}). */
    public FanScoringPipeline withErasureSalt(String erasureSalt) {
        this.erasureSalt = erasureSalt;
        return this;
    }

    /**
     * Scores each creator under its profile of {@code profiles} (SPEC §11). Input limits, live id
     * memory and the notification caps stay the default profile's: they are not per creator.
     */
    public FanScoringPipeline withProfiles(ProfileSet profiles) {
        this.profiles = profiles;
        return this;
    }

    /** Creators whose fan-value metrics carry a creator label ({@code metrics.creators}). */
    public FanScoringPipeline withMetricCreators(Set<String> metricCreators) {
        this.metricCreators = Set.copyOf(metricCreators);
        return this;
    }

    /** The topic pushes are read from, named in their dead letters. */
    public FanScoringPipeline withPushTopic(String pushTopic) {
        this.pushTopic = pushTopic;
        return this;
    }

    /** Also computes audience packages (SPEC §8); null leaves them off. */
    public FanScoringPipeline withAudience(AudienceConfig audience) {
        this.audience = audience;
        return this;
    }

    public void build(StreamExecutionEnvironment env, Inputs inputs, Outputs outputs) {
        // What is not per creator (input limits, live id memory, notification caps) is the
        // default profile's.
        ScoringProfile profile = profiles.defaultProfile();
        long outOfOrdernessMillis = outOfOrderness.toMillis();

        SingleOutputStreamOperator<PositionedEvent> interactions =
                env.fromSource(
                                inputs.interactions(),
                                watermarks(inputs.interactions(), interactionTimes(profile)),
                                "interactions")
                        .uid("interactions-source")
                        .process(new InteractionIngest(profile.limits(), outOfOrdernessMillis))
                        .returns(ScorerInputs.positionedEventType())
                        .uid("interaction-ingest")
                        .name("decode, validate, late check: interactions");

        SingleOutputStreamOperator<SourceEnvelope<LiveEvent>> liveEvents =
                envelopes(
                        env,
                        inputs.liveEvents(),
                        liveTimes(profile),
                        new LiveIngest(profile.limits(), outOfOrdernessMillis),
                        new TypeHint<SourceEnvelope<LiveEvent>>() {}.getTypeInfo(),
                        "live events",
                        "live");

        // The scorer's broadcast input: the largest event time of each finished bounded input, and
        // the runtime controls (package changes, profile assignments, erasure requests).
        DataStream<
                        Either<
                                Long,
                                Either<
                                        PackageControl,
                                        Either<SourceEnvelope<ProfileAssignment>, ErasureRequest>>>>
                controls =
                        highWater(
                                        interactions,
                                        PositionedEvent::eventTime,
                                        "interactions",
                                        "interaction")
                                .union(
                                        highWater(
                                                liveEvents,
                                                e -> e.record.getEventTime().toEpochMilli(),
                                                "live events",
                                                "live"));
        // Runtime profile assignments hold the scorer's event time like any input, so each is in
        // force at its day start in every subtask whatever the arrival timing (SPEC §11).
        SingleOutputStreamOperator<SourceEnvelope<ProfileAssignment>> assignments = null;
        if (inputs.profileAssignments() != null) {
            assignments =
                    envelopes(
                            env,
                            inputs.profileAssignments(),
                            assignmentTimes(profiles),
                            new ProfileAssignmentIngest(
                                    profile.limits(), profiles, outOfOrdernessMillis),
                            new TypeHint<SourceEnvelope<ProfileAssignment>>() {}.getTypeInfo(),
                            "profile assignments",
                            "profiles");
            controls =
                    controls.union(
                            highWater(
                                    assignments,
                                    a -> a.record.getEventTime().toEpochMilli(),
                                    "profile assignments",
                                    "profiles"),
                            assignments
                                    .map(ScorerInputs::profileAssignment)
                                    .returns(ScorerInputs.controlType())
                                    .uid("profiles-to-scorer"));
        }
        // Erasure requests hold the scorer's event time like any input, so each is applied in
        // event-time order in every subtask alike.
        SingleOutputStreamOperator<SourceEnvelope<ErasureRequest>> erasures = null;
        if (inputs.erasures() != null) {
            erasures =
                    envelopes(
                            env,
                            inputs.erasures(),
                            erasureTimes(profile),
                            new ErasureIngest(profile.limits(), outOfOrdernessMillis),
                            new TypeHint<SourceEnvelope<ErasureRequest>>() {}.getTypeInfo(),
                            "erasure requests",
                            "erasures");
            controls =
                    controls.union(
                            highWater(
                                    erasures,
                                    e -> e.record.getEventTime().toEpochMilli(),
                                    "erasure requests",
                                    "erasures"),
                            erasures.map(ScorerInputs::erasure)
                                    .returns(ScorerInputs.controlType())
                                    .uid("erasures-to-scorer"));
        }
        SingleOutputStreamOperator<SourceEnvelope<CreatorPush>> pushes = null;
        if (inputs.pushes() != null) {
            pushes =
                    envelopes(
                            env,
                            inputs.pushes(),
                            pushTimes(profile),
                            new PushIngest(profile.limits(), outOfOrdernessMillis),
                            new TypeHint<SourceEnvelope<CreatorPush>>() {}.getTypeInfo(),
                            "pushes",
                            "pushes");
            controls =
                    controls.union(
                            highWater(
                                    pushes,
                                    p -> p.record.getEventTime().toEpochMilli(),
                                    "pushes",
                                    "pushes"));
        }
        AudiencePackages packages = audience == null ? null : new AudiencePackages(audience);
        AudiencePackages.Controls packageChanges =
                packages == null ? null : packages.controls(env, inputs.packageControl());
        if (packageChanges != null) {
            controls =
                    controls.union(
                            packageChanges
                                    .accepted()
                                    .map(ScorerInputs::packageControl)
                                    .returns(ScorerInputs.controlType())
                                    .uid("package-changes-to-scorer"));
        }

        SingleOutputStreamOperator<CreatorSignal> liveStarts =
                liveEvents
                        .keyBy(LiveStartSequencer::keyOf, Types.STRING)
                        .process(
                                new LiveStartSequencer(
                                        profile.notifications().liveIdMemoryMillis()))
                        .returns(LiveStartSequencer.signalType())
                        .uid("live-start-sequencer")
                        .name("live starts once per live_id");

        // Live starts go to every bucket of their creator's fans, where the standings are.
        int buckets = notifyBuckets;
        DataStream<Either<PositionedEvent, CreatorSignal>> startsPerBucket =
                liveStarts
                        .flatMap(new CreatorFanout(buckets))
                        .returns(ScorerInputs.inputType())
                        .uid("live-fanout")
                        .name("live start to every bucket of its creator");
        DataStream<Either<PositionedEvent, CreatorSignal>> scorerInput =
                interactions
                        .map(Either::<PositionedEvent, CreatorSignal>Left)
                        .returns(ScorerInputs.inputType())
                        .uid("interactions-to-buckets")
                        .name("interaction to its bucket")
                        .union(startsPerBucket);
        // Pushes: once per push_id, then to every bucket of the creator's fans as they are read,
        // like live starts; the buckets decide the creator caps and fan out (SPEC §12).
        SingleOutputStreamOperator<CreatorSignal> pushSignals = null;
        if (pushes != null) {
            pushSignals =
                    pushes.keyBy(PushSequencer::keyOf, Types.STRING)
                            .process(new PushSequencer(profile.pushes().pushIdMemoryMillis()))
                            .returns(PushSequencer.signalType())
                            .uid("push-sequencer")
                            .name("pushes once per push_id");
            scorerInput =
                    scorerInput.union(
                            pushSignals
                                    .flatMap(new CreatorFanout(buckets))
                                    .returns(ScorerInputs.inputType())
                                    .uid("push-fanout")
                                    .name("push to every bucket of its creator"));
        }

        SingleOutputStreamOperator<TierChange> tierChanges =
                scorerInput
                        .keyBy(input -> ScorerInputs.keyOf(input, buckets), BUCKET_KEY)
                        .connect(controls.broadcast())
                        .transform(
                                "score pairs, fan out live starts",
                                new AvroTypeInfo<>(TierChange.class),
                                new PairScoringOperator(
                                                profiles,
                                                interactionsTopic,
                                                liveTopic,
                                                buckets,
                                                audience == null ? null : audience.catalog())
                                        .withPushTopic(pushTopic)
                                        .withMetricCreators(metricCreators)
                                        .withErasureSalt(erasureSalt))
                        .uid("bucket-scoring");
        tierChanges.sinkTo(outputs.tierChanges()).uid("tier-changes-sink").name("tier changes");
        // Fans per tier for the dashboards; chained to the scorer, so no records cross the network.
        tierChanges
                .process(new TierPopulations())
                .returns(Types.VOID)
                .uid("tier-populations")
                .name("tier populations");

        SingleOutputStreamOperator<LiveNotification> notifications =
                tierChanges
                        .getSideOutput(PairScoringOperator.CANDIDATES)
                        .keyBy(
                                c -> NotificationCapsOperator.bucketOf(c.getFanId(), buckets),
                                Types.INT)
                        .transform(
                                "frequency caps",
                                new AvroTypeInfo<>(LiveNotification.class),
                                new NotificationCapsOperator(
                                        profile.notifications(), profile.clock()))
                        .uid("notification-caps");
        notifications
                .sinkTo(outputs.liveNotifications())
                .uid("live-notifications-sink")
                .name("live notifications");
        if (pushSignals != null) {
            tierChanges
                    .getSideOutput(PairScoringOperator.PUSH_OUTCOMES)
                    .sinkTo(outputs.pushOutcomes())
                    .uid("push-outcomes-sink")
                    .name("push outcomes");
            tierChanges
                    .getSideOutput(PairScoringOperator.PUSH_CANDIDATES)
                    .keyBy(c -> FanCapsOperator.bucketOf(c.getFanId(), buckets), Types.INT)
                    .transform(
                            "push caps per fan",
                            new AvroTypeInfo<>(PushNotification.class),
                            new PushCapsOperator(profile.pushes(), profile.clock()))
                    .uid("push-caps")
                    .sinkTo(outputs.pushNotifications())
                    .uid("push-notifications-sink")
                    .name("push notifications");
        }

        DataStream<DeadLetter> deadLetters =
                interactions
                        .getSideOutput(RecordIngest.DEAD_LETTERS)
                        .union(
                                liveEvents.getSideOutput(RecordIngest.DEAD_LETTERS),
                                tierChanges.getSideOutput(PairScoringOperator.LATE),
                                liveStarts.getSideOutput(LiveStartSequencer.LATE));
        if (assignments != null) {
            deadLetters = deadLetters.union(assignments.getSideOutput(RecordIngest.DEAD_LETTERS));
        }
        if (erasures != null) {
            deadLetters = deadLetters.union(erasures.getSideOutput(RecordIngest.DEAD_LETTERS));
            tierChanges
                    .getSideOutput(PairScoringOperator.ERASURE_SHARES)
                    .keyBy(share -> share.getRequestId(), Types.STRING)
                    .process(new ErasureOutcomes())
                    .returns(new AvroTypeInfo<>(ErasureOutcome.class))
                    .uid("erasure-outcomes")
                    .name("erasure outcome: the shares of every subtask")
                    .sinkTo(outputs.erasureOutcomes())
                    .uid("erasure-outcomes-sink")
                    .name("erasure outcomes");
        }
        if (pushes != null) {
            deadLetters =
                    deadLetters.union(
                            pushes.getSideOutput(RecordIngest.DEAD_LETTERS),
                            pushSignals.getSideOutput(PushSequencer.LATE));
        }
        if (packages != null) {
            packages.versions(tierChanges, packageChanges, outputs.audienceDeltas());
            if (outputs.packageAudit() != null) {
                packages.audit(packageChanges, outputs.packageAudit(), System.currentTimeMillis());
            }
            if (packageChanges.rejected() != null) {
                deadLetters = deadLetters.union(packageChanges.rejected());
            }
        }
        deadLetters.sinkTo(outputs.deadLetters()).uid("deadletter-sink").name("dead letters");
    }

    /**
     * A low-volume input, from its source (uid {@code <uid>-source}) through its ingest (uid {@code
     * <uid>-ingest}): valid, on-time records in their envelopes.
     */
    private <T extends org.apache.avro.specific.SpecificRecordBase>
            SingleOutputStreamOperator<SourceEnvelope<T>> envelopes(
                    StreamExecutionEnvironment env,
                    Source<SourceEnvelope<T>, ?, ?> source,
                    EventTimes<T> eventTimes,
                    RecordIngest<T, SourceEnvelope<T>> ingest,
                    TypeInformation<SourceEnvelope<T>> type,
                    String what,
                    String uid) {
        return env.fromSource(source, watermarks(source, eventTimes), what)
                .uid(uid + "-source")
                .process(ingest)
                .returns(type)
                .uid(uid + "-ingest")
                .name(
                        (ingest.refusesLate()
                                        ? "decode, validate, late check: "
                                        : "decode, validate: ")
                                + what);
    }

    /**
     * The largest event time of an input (uid {@code <uid>-high-water}), for the scorer's broadcast
     * input (uid {@code <uid>-high-water-to-scorer}): where a finished bounded input's event time
     * stops.
     */
    private static <T>
            DataStream<
                            Either<
                                    Long,
                                    Either<
                                            PackageControl,
                                            Either<
                                                    SourceEnvelope<ProfileAssignment>,
                                                    ErasureRequest>>>>
                    highWater(
                            DataStream<T> input,
                            EventTimeHighWater.EventTimeOf<T> eventTime,
                            String what,
                            String uid) {
        return input.transform(
                        "event-time high water: " + what,
                        Types.LONG,
                        new EventTimeHighWater<>(eventTime))
                .uid(uid + "-high-water")
                .map(ScorerInputs::endOfInput)
                .returns(ScorerInputs.controlType())
                .uid(uid + "-high-water-to-scorer");
    }

    /** The event time of interactions: valid ones only (SPEC §9). */
    public static EventTimes<InteractionEvent> interactionTimes(ScoringProfile profile) {
        return new EventTimes<>(new InteractionValidator(profile.limits())::check);
    }

    /** The event time of profile assignments: valid ones only (SPEC §9, §11). */
    public static EventTimes<ProfileAssignment> assignmentTimes(ProfileSet profiles) {
        return new EventTimes<>(
                new ProfileAssignmentValidator(profiles.defaultProfile().limits(), profiles)
                        ::check);
    }

    /** The event time of erasure requests: valid ones only (SPEC §9). */
    public static EventTimes<ErasureRequest> erasureTimes(ScoringProfile profile) {
        return new EventTimes<>(new ErasureValidator(profile.limits())::check);
    }

    /** The event time of pushes: valid ones only (SPEC §9, §12). */
    public static EventTimes<CreatorPush> pushTimes(ScoringProfile profile) {
        return new EventTimes<>(new CreatorPushValidator(profile.limits())::check);
    }

    /** The event time of live events: valid ones only (SPEC §9). */
    public static EventTimes<LiveEvent> liveTimes(ScoringProfile profile) {
        return new EventTimes<>(new LiveEventValidator(profile.limits())::check);
    }

    /**
     * A source that advances its partitions' event time itself ({@link EventTimeKafkaSource}) needs
     * only timestamps; any other gets Flink's bounded out-of-orderness with idleness.
     */
    private <T extends org.apache.avro.specific.SpecificRecordBase>
            WatermarkStrategy<SourceEnvelope<T>> watermarks(
                    Source<SourceEnvelope<T>, ?, ?> source, EventTimes<T> eventTimes) {
        if (source instanceof EventTimeKafkaSource) {
            return WatermarkStrategy.<SourceEnvelope<T>>noWatermarks()
                    .withTimestampAssigner(eventTimes);
        }
        return WatermarkStrategy.<SourceEnvelope<T>>forBoundedOutOfOrderness(outOfOrderness)
                .withIdleness(idleness)
                .withTimestampAssigner(eventTimes);
    }
}
