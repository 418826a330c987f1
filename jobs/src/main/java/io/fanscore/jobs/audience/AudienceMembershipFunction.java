package io.fanscore.jobs.audience;

import io.fanscore.audience.PackageCatalog;
import io.fanscore.audience.PackageControls;
import io.fanscore.audience.PackageDefinition;
import io.fanscore.audience.VersionSchedule;
import io.fanscore.connectors.ids.DeterministicId;
import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.DeltaOp;
import io.fanscore.schema.PackageAction;
import io.fanscore.schema.PackageControl;
import io.fanscore.scoring.FanLedger;
import io.fanscore.scoring.ScoringProfile;
import io.fanscore.state.FanIndexEntry;
import io.fanscore.state.FanIndexUpdate;
import io.fanscore.state.MemberStanding;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Who is in which audience package (SPEC §8), per (creator, fan): emits an ADD or REMOVE the moment
 * a pair's standing starts or stops matching a package, stamped with that event time.
 *
 * <p>Fed by the scorer's standing of every pair (tier, intimacy, flags, as of the update's time),
 * it keeps the latest one; between updates it projects decay itself (the same rules the scorer
 * uses) and wakes with a timer at the next day start that changes a tier or a level, so a fan who
 * drifts out of a {@code min_level} package leaves it on the right day without any event. Package
 * definitions arrive on the broadcast side: one added or changed at runtime is back-filled from
 * every stored standing of its creator, stamped with the event time the subtask has reached.
 *
 * <p>It also tells each package's versioner when the package was first in force in event time
 * ({@link #IN_FORCE}), members or not: every package in force at this subtask's earliest standing
 * (again whenever a standing starts an earlier version interval), and a package added at runtime at
 * the event time the subtask has reached. The earliest standing over all subtasks is the earliest
 * interaction the job applied, the same in every replay of the same input.
 */
public final class AudienceMembershipFunction
        extends KeyedBroadcastProcessFunction<
                Tuple2<String, String>, FanIndexUpdate, PackageControl, AudienceDelta>
        implements CheckpointedFunction {

    /** Runtime package changes, by package id; the catalog the job started with comes first. */
    public static final MapStateDescriptor<String, PackageControl> PACKAGE_CHANGES =
            new MapStateDescriptor<>(
                    "package-changes", Types.STRING, new AvroTypeInfo<>(PackageControl.class));

    /** When packages were in force, for the versioner of each (SPEC §8 v2). */
    public static final OutputTag<AudienceDelta> IN_FORCE =
            new OutputTag<>("packages-in-force", new AvroTypeInfo<>(AudienceDelta.class)) {};

    /** How far ahead the next-change search looks before it re-arms and looks again. */
    private static final int LOOKAHEAD_DAYS = 3_650;

    private final ScoringProfile profile;
    private final PackageCatalog catalog;

    private transient FanLedger ledger;
    private transient DeterministicId ids;
    private transient FanscoreMetrics metrics;
    private transient ValueState<MemberStanding> standing;
    private transient Map<String, List<PackageDefinition>> packagesByCreator;
    private transient List<PackageDefinition> packagesInForce;
    private transient VersionSchedule schedule;

    /**
     * The earliest standing time this subtask has seen since it started. Not kept across restores:
     * the signs sent again after one carry real standing times, which can never start versions
     * earlier than the earliest standing did.
     */
    private transient long earliestStanding;

    /** The latest standing time this subtask has seen: event time it has reached in its state. */
    private transient long latestStanding;

    private transient ListState<Long> latestStandingState;

    public AudienceMembershipFunction(ScoringProfile profile, PackageCatalog catalog) {
        this.profile = profile;
        this.catalog = catalog;
    }

    static ValueStateDescriptor<MemberStanding> standingDescriptor() {
        return new ValueStateDescriptor<>("standing", new AvroTypeInfo<>(MemberStanding.class));
    }

    @Override
    public void open(OpenContext openContext) {
        ledger = new FanLedger(profile);
        ids = new DeterministicId();
        metrics = new FanscoreMetrics(getRuntimeContext().getMetricGroup());
        standing = getRuntimeContext().getState(standingDescriptor());
        schedule = new VersionSchedule(catalog.versionInterval());
        earliestStanding = Long.MAX_VALUE;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        // Kept across restores (the watermark is not), so a back-fill right after a restore is
        // not stamped in the past; union state: after rescaling every subtask takes the max.
        latestStandingState =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>("latest-standing", Types.LONG));
        latestStanding = Long.MIN_VALUE;
        for (Long restored : latestStandingState.get()) {
            latestStanding = Math.max(latestStanding, restored);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        latestStandingState.update(List.of(latestStanding));
    }

    @Override
    public void processElement(
            FanIndexUpdate update, ReadOnlyContext ctx, Collector<AudienceDelta> out)
            throws Exception {
        long time = update.getTime();
        latestStanding = Math.max(latestStanding, time);
        if (earliestStanding == Long.MAX_VALUE
                || schedule.startsEarlier(time, schedule.firstCutoff(earliestStanding))) {
            // Only a new earliest interval can move a first cut-off: at most one sign per package
            // and interval, not one per standing.
            for (PackageDefinition definition : packagesInForce(ctx)) {
                ctx.output(IN_FORCE, PackageInForce.sign(definition.packageId(), time));
            }
        }
        earliestStanding = Math.min(earliestStanding, time);
        MemberStanding stored = standing.value();
        FanIndexEntry before = stored == null ? null : stored.getEntry();
        Long armed = stored == null ? null : stored.getWakeAt();
        FanIndexEntry after = update.getEntry();
        List<PackageDefinition> packages = packagesOf(update.getCreatorId(), ctx);
        // Standings run ahead of this operator's watermark: day starts whose timer has not fired
        // yet, before `time`, come first, stamped with their own time.
        for (Long pending = armed; pending != null && pending < time; ) {
            emitDayStart(packages, before, update.getFanId(), pending, out);
            pending = nextWake(before, pending);
        }
        // Just before `time` the old standing held, day starts up to then included.
        emitChanges(packages, update.getFanId(), before, time - 1, after, time, out);
        if (after == null) {
            standing.clear();
            if (armed != null) {
                ctx.timerService().deleteEventTimeTimer(armed);
            }
            return;
        }
        standing.update(new MemberStanding(after, moveWake(armed, nextWake(after, time), ctx)));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AudienceDelta> out)
            throws Exception {
        MemberStanding stored = standing.value();
        if (stored == null) {
            return;
        }
        FanIndexEntry entry = stored.getEntry();
        Tuple2<String, String> pair = ctx.getCurrentKey();
        emitDayStart(packagesOf(pair.f0, ctx), entry, pair.f1, timestamp, out);
        stored.setWakeAt(moveWake(null, nextWake(entry, timestamp), ctx));
        standing.update(stored);
    }

    /** What the day start at {@code time} changed for a pair last seen as {@code entry}. */
    private void emitDayStart(
            List<PackageDefinition> packages,
            FanIndexEntry entry,
            String fanId,
            long time,
            Collector<AudienceDelta> out) {
        emitChanges(packages, fanId, entry, time - 1, entry, time, out);
    }

    /**
     * The deltas, stamped {@code time}, between the standing {@code from} projected to {@code
     * fromTime} and {@code to} projected to {@code time}; each standing is projected once, for all
     * the creator's packages.
     */
    private void emitChanges(
            List<PackageDefinition> packages,
            String fanId,
            FanIndexEntry from,
            long fromTime,
            FanIndexEntry to,
            long time,
            Collector<AudienceDelta> out) {
        if (packages.isEmpty()) {
            return;
        }
        FanLedger.Standing was = from == null ? null : ledger.standingAt(from, fromTime);
        FanLedger.Standing is = to == null ? null : ledger.standingAt(to, time);
        for (PackageDefinition definition : packages) {
            emitIfChanged(
                    definition,
                    fanId,
                    admits(definition, was, from),
                    admits(definition, is, to),
                    time,
                    out);
        }
    }

    @Override
    public void processBroadcastElement(
            PackageControl change, Context ctx, Collector<AudienceDelta> out) throws Exception {
        Map<String, PackageDefinition> current = effective(ctx.getBroadcastState(PACKAGE_CHANGES));
        PackageDefinition old = current.get(change.getPackageId());
        if (!PackageChanges.acceptable(change, old, ctx.getBroadcastState(PACKAGE_CHANGES))) {
            metrics.packageChangeRefused();
            return;
        }
        ctx.getBroadcastState(PACKAGE_CHANGES).put(change.getPackageId(), change);
        packagesByCreator = null;
        packagesInForce = null;
        if (change.getAction() == PackageAction.REMOVE) {
            return; // a removed package stops; its members are not withdrawn one by one
        }
        PackageDefinition definition = PackageControls.definitionOf(change);
        // Standings can be ahead of the watermark (they arrive before it), so the back-fill is
        // stamped no earlier than the newest of them; after a restore, no earlier than each one's
        // day.
        long reached = Math.max(ctx.currentWatermark(), latestStanding);
        if (old == null && reached != Long.MIN_VALUE) {
            // In force from here on; a subtask without event time yet signs at its first standing.
            ctx.output(IN_FORCE, PackageInForce.sign(definition.packageId(), reached));
        }
        ctx.applyToKeyedState(
                standingDescriptor(),
                (pair, state) -> {
                    boolean ofCreator =
                            definition.creatorId().equals(pair.f0)
                                    || (old != null && old.creatorId().equals(pair.f0));
                    MemberStanding stored = ofCreator ? state.value() : null;
                    if (stored == null) {
                        return;
                    }
                    FanIndexEntry entry = stored.getEntry();
                    long now = Math.max(reached, profile.clock().startOf(entry.getDay()));
                    FanLedger.Standing at = ledger.standingAt(entry, now);
                    boolean was =
                            old != null
                                    && old.creatorId().equals(pair.f0)
                                    && admits(old, at, entry);
                    boolean is =
                            definition.creatorId().equals(pair.f0) && admits(definition, at, entry);
                    emitIfChanged(definition, pair.f1, was, is, now, out);
                });
    }

    private static boolean admits(
            PackageDefinition definition, FanLedger.Standing at, FanIndexEntry entry) {
        return at != null && definition.admits(at.tier(), at.level(), entry.getFollowing());
    }

    private void emitIfChanged(
            PackageDefinition definition,
            String fanId,
            boolean was,
            boolean is,
            long time,
            Collector<AudienceDelta> out) {
        if (was == is) {
            return;
        }
        DeltaOp op = is ? DeltaOp.ADD : DeltaOp.REMOVE;
        String member = catalog.memberId(definition, fanId);
        metrics.audienceDelta(op.name());
        out.collect(
                AudienceDelta.newBuilder()
                        // A member changes direction at most once per package and instant.
                        .setDeltaId(
                                ids.of(
                                        definition.packageId(),
                                        member,
                                        op.name(),
                                        Long.toString(time)))
                        .setPackageId(definition.packageId())
                        .setMemberId(member)
                        .setOp(op)
                        .setEventTime(Instant.ofEpochMilli(time))
                        .build());
    }

    /** The next day start after {@code time} that changes the pair's tier or level, if any. */
    private Long nextWake(FanIndexEntry entry, long time) {
        OptionalInt day =
                ledger.nextStandingChange(entry, profile.clock().dayOf(time), LOOKAHEAD_DAYS);
        return day.isPresent() ? profile.clock().startOf(day.getAsInt()) : null;
    }

    /** Moves the pair's one timer from {@code armed} to {@code next}; returns {@code next}. */
    private static Long moveWake(Long armed, Long next, ReadOnlyContext ctx) {
        if (!java.util.Objects.equals(next, armed)) {
            if (armed != null) {
                ctx.timerService().deleteEventTimeTimer(armed);
            }
            if (next != null) {
                ctx.timerService().registerEventTimeTimer(next);
            }
        }
        return next;
    }

    private List<PackageDefinition> packagesOf(String creatorId, ReadOnlyContext ctx)
            throws Exception {
        if (packagesByCreator == null) {
            packagesByCreator = new HashMap<>();
            for (PackageDefinition definition :
                    effective(ctx.getBroadcastState(PACKAGE_CHANGES)).values()) {
                packagesByCreator
                        .computeIfAbsent(definition.creatorId(), c -> new ArrayList<>())
                        .add(definition);
            }
        }
        return packagesByCreator.getOrDefault(creatorId, List.of());
    }

    private List<PackageDefinition> packagesInForce(ReadOnlyContext ctx) throws Exception {
        if (packagesInForce == null) {
            packagesInForce =
                    new ArrayList<>(effective(ctx.getBroadcastState(PACKAGE_CHANGES)).values());
        }
        return packagesInForce;
    }

    private Map<String, PackageDefinition> effective(
            ReadOnlyBroadcastState<String, PackageControl> changes) throws Exception {
        return PackageControls.effective(catalog, changes.immutableEntries());
    }
}
