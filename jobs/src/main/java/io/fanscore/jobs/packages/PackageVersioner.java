package io.fanscore.jobs.packages;

import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.IdFileWriter;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.PackageLayout;
import io.fanscore.packageformat.StoredFile;
import io.fanscore.packageformat.VersionManifest;
import io.fanscore.packageformat.VersionStatus;
import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.rules.packages.PackageControlPolicy;
import io.fanscore.rules.packages.PackageControls;
import io.fanscore.rules.packages.PackageDefinition;
import io.fanscore.rules.packages.VersionSchedule;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.DeltaOp;
import io.fanscore.schema.PackageControl;
import io.fanscore.state.PackageVersionCursor;
import io.fanscore.state.PackageVersionReady;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cuts a version of each package every {@code version_interval} of event time (SPEC §8), keyed by
 * package id: the members after every delta stamped before the cut-off, and the net change from the
 * version before. Files go to a staging directory with a name that depends only on package and
 * version, so a replay after a failure rewrites the same files; the sink publishes them when the
 * checkpoint that covers the cut completes.
 *
 * <p>A package's first cut-off is the first interval end after the earliest event time it is known
 * to have been in force at: its earliest delta, or the earliest sign ({@link PackageInForce})
 * membership sent for it, so a package without members gets versions too (SPEC §8 v2). Until the
 * first cut both may still arrive out of order, and the first cut-off only moves earlier; from then
 * on every interval gets a version, members or not, until the package is removed. One timer per
 * package stands at its open cut-off. Deltas stamped at or after the open cut-off wait until it is
 * cut. The deltas of one member come from one upstream subtask, in event-time order, so applying
 * them in arrival order is exact.
 */
public final class PackageVersioner
        extends KeyedBroadcastProcessFunction<
                String, AudienceDelta, PackageControl, PackageVersionReady> {

    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(PackageVersioner.class);

    private final PackageCatalog catalog;
    private final String root;

    private transient ValueState<PackageVersionCursor> cursor;
    private transient MapState<String, Boolean> members;
    private transient MapState<String, Boolean> changes;
    private transient ListState<AudienceDelta> waiting;
    private transient PackageGauges gauges;
    private transient org.apache.flink.metrics.Counter ignoredDeltas;

    /** Each package's schedule, from its definition in force; dropped on every control. */
    private transient Map<String, VersionSchedule> schedules;

    /**
     * @param root the packages directory, any Flink file system URI
     */
    public PackageVersioner(PackageCatalog catalog, String root) {
        this.catalog = catalog;
        this.root = root;
    }

    @Override
    public void open(OpenContext openContext) {
        cursor =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "cursor", new AvroTypeInfo<>(PackageVersionCursor.class)));
        members =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>("members", Types.STRING, Types.BOOLEAN));
        // true: joined since the last version; false: left since then.
        changes =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>("changes", Types.STRING, Types.BOOLEAN));
        waiting =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "waiting-deltas", new AvroTypeInfo<>(AudienceDelta.class)));
        gauges = new PackageGauges(getRuntimeContext().getMetricGroup());
        schedules = new HashMap<>();
        ignoredDeltas =
                getRuntimeContext()
                        .getMetricGroup()
                        .addGroup("fanscore")
                        .counter("audience_deltas_ignored");
    }

    @Override
    public void processElement(
            AudienceDelta delta, ReadOnlyContext ctx, Collector<PackageVersionReady> out)
            throws Exception {
        long time = delta.getEventTime().toEpochMilli();
        PackageVersionCursor current = cursor.value();
        if (PackageInForce.isSign(delta)) {
            if (current == null || current.getVersion() == 0) {
                cursor.update(startBy(time, current, ctx));
            }
            return;
        }
        if (current == null || current.getVersion() == 0) {
            // Until the first cut, whatever the order deltas arrive in: everything waits.
            current = startBy(time, current, ctx);
            waiting.add(delta);
        } else if (time < current.getNextCutoff()) {
            apply(delta, current);
        } else {
            waiting.add(delta);
        }
        cursor.update(current);
    }

    /**
     * The package was in force at {@code time}, before its first cut: versions start at the first
     * interval end after the earliest such time seen, so the first cut-off only moves earlier.
     */
    private PackageVersionCursor startBy(
            long time, PackageVersionCursor current, ReadOnlyContext ctx) throws Exception {
        long first = scheduleOf(ctx.getCurrentKey(), ctx).firstCutoff(time);
        if (current == null) {
            ctx.timerService().registerEventTimeTimer(first);
            return new PackageVersionCursor(first, 0, false, 0L);
        }
        if (first < current.getNextCutoff()) {
            ctx.timerService().deleteEventTimeTimer(current.getNextCutoff());
            ctx.timerService().registerEventTimeTimer(first);
            current.setNextCutoff(first);
        }
        return current;
    }

    @Override
    public void onTimer(long cutoff, OnTimerContext ctx, Collector<PackageVersionReady> out)
            throws Exception {
        PackageDefinition definition =
                PackageControls.effective(
                                catalog,
                                ctx.getBroadcastState(AudiencePackages.PACKAGE_CONTROLS)
                                        .immutableEntries())
                        .get(ctx.getCurrentKey());
        if (definition == null) {
            clearPackage(); // removed at runtime: no more versions
            return;
        }
        PackageVersionCursor current = cursor.value();
        drainWaiting(current);
        long start = System.nanoTime();
        out.collect(cut(definition, current, cutoff));
        LOG.info(
                "Cut package {} version {}: {} members in {} ms",
                definition.packageId(),
                current.getVersion(),
                current.getMemberCount(),
                (System.nanoTime() - start) / 1_000_000);
        gauges.update(definition.packageId(), current.getVersion(), current.getMemberCount());
        // Aligned to the interval in force now, which a control may have changed since the last.
        current.setNextCutoff(catalog.scheduleOf(definition).firstCutoff(cutoff));
        cursor.update(current);
        ctx.timerService().registerEventTimeTimer(current.getNextCutoff());
    }

    @Override
    public void processBroadcastElement(
            PackageControl change, Context ctx, Collector<PackageVersionReady> out)
            throws Exception {
        var changes = ctx.getBroadcastState(AudiencePackages.PACKAGE_CONTROLS);
        PackageDefinition current =
                PackageControls.effective(catalog, changes.immutableEntries())
                        .get(change.getPackageId());
        if (PackageControlPolicy.acceptable(change, current, changes.get(change.getPackageId()))) {
            changes.put(change.getPackageId(), change);
            schedules.clear();
        }
    }

    /** The schedule of the package in force under {@code packageId}, else the catalog's. */
    private VersionSchedule scheduleOf(String packageId, ReadOnlyContext ctx) throws Exception {
        VersionSchedule known = schedules.get(packageId);
        if (known == null) {
            PackageDefinition definition =
                    PackageControls.effective(
                                    catalog,
                                    ctx.getBroadcastState(AudiencePackages.PACKAGE_CONTROLS)
                                            .immutableEntries())
                            .get(packageId);
            known =
                    definition != null
                            ? catalog.scheduleOf(definition)
                            : new VersionSchedule(catalog.versionInterval());
            schedules.put(packageId, known);
        }
        return known;
    }

    private void apply(AudienceDelta delta, PackageVersionCursor current) throws Exception {
        String member = delta.getMemberId();
        boolean join = delta.getOp() == DeltaOp.ADD;
        if (members.contains(member) == join) {
            // Already so: the membership operator should never send this; count it, stay exact.
            ignoredDeltas.inc();
            LOG.warn(
                    "Package {}: ignored {} of {}, already so",
                    delta.getPackageId(),
                    delta.getOp(),
                    member);
            return;
        }
        if (join) {
            members.put(member, true);
        } else {
            members.remove(member);
        }
        current.setMemberCount(current.getMemberCount() + (join ? 1 : -1));
        Boolean pending = changes.get(member);
        if (pending != null && pending != join) {
            changes.remove(member); // back to what the last version had
        } else {
            changes.put(member, join);
        }
    }

    /** Applies the waiting deltas before the open cut-off, in the order they arrived. */
    private void drainWaiting(PackageVersionCursor current) throws Exception {
        List<AudienceDelta> later = new ArrayList<>();
        for (AudienceDelta delta : waiting.get()) {
            if (delta.getEventTime().toEpochMilli() < current.getNextCutoff()) {
                apply(delta, current);
            } else {
                later.add(delta);
            }
        }
        waiting.update(later);
    }

    /** Writes version n+1's files to staging; SPEC §8's invariant holds between published sets. */
    private PackageVersionReady cut(
            PackageDefinition definition, PackageVersionCursor current, long cutoff)
            throws Exception {
        int version = current.getVersion() + 1;
        boolean published = current.getMemberCount() >= definition.minSize();
        boolean wasPublished = current.getLastPublished();
        PackageId packageId = new PackageId(definition.packageId());
        Path staging = new Path(root, PackageLayout.stagingOf(packageId, version));
        Path target = new Path(root, PackageLayout.versionOf(packageId, version));
        StoredFile membersFile =
                StagedIdFile.write(
                        staging,
                        FileRole.MEMBERS,
                        sink -> {
                            if (published) {
                                for (String member : members.keys()) {
                                    sink.line(true, member);
                                }
                            }
                        });
        long[] counts = new long[2]; // added, removed
        StoredFile changesFile =
                StagedIdFile.write(
                        staging,
                        FileRole.CHANGES,
                        sink -> {
                            counts[0] = 0;
                            counts[1] = 0;
                            for (Map.Entry<String, Boolean> line :
                                    publishedChanges(published, wasPublished)) {
                                counts[line.getValue() ? 0 : 1]++;
                                sink.line(line.getValue(), line.getKey());
                            }
                        });
        String manifest =
                VersionManifest.of(
                                packageId,
                                version,
                                definition.creatorId(),
                                cutoff,
                                published ? VersionStatus.PUBLISHED : VersionStatus.BELOW_MIN_SIZE,
                                definition.idFormat(),
                                current.getMemberCount(),
                                counts[0],
                                counts[1],
                                definition.minSize(),
                                membersFile,
                                changesFile)
                        .toJson();
        changes.clear();
        current.setVersion(version);
        current.setLastPublished(published);
        return new PackageVersionReady(
                definition.packageId(), version, staging.toString(), target.toString(), manifest);
    }

    /**
     * The change between the published sets of the last version and this one: the net changes while
     * the package stays published, everyone when it starts or stops being published.
     */
    private Iterable<Map.Entry<String, Boolean>> publishedChanges(
            boolean published, boolean wasPublished) throws Exception {
        if (published && wasPublished) {
            return changes.entries();
        }
        if (published) {
            // Everyone joins: the members, streamed in state order (sorted for hashed ids).
            Iterable<String> everyone = members.keys();
            return () ->
                    java.util.stream.StreamSupport.stream(everyone.spliterator(), false)
                            .map(id -> Map.entry(id, true))
                            .iterator();
        }
        Map<String, Boolean> all = new TreeMap<>(IdFileWriter.ID_ORDER);
        if (wasPublished) {
            // The last version's members: today's, undoing the changes since.
            for (String member : members.keys()) {
                if (!Boolean.TRUE.equals(changes.get(member))) {
                    all.put(member, false);
                }
            }
            for (Map.Entry<String, Boolean> change : changes.entries()) {
                if (!change.getValue()) {
                    all.put(change.getKey(), false);
                }
            }
        }
        return all.entrySet();
    }

    private void clearPackage() {
        cursor.clear();
        members.clear();
        changes.clear();
        waiting.clear();
    }
}
