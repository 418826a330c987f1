package io.fanscore.jobs.scoring;

import io.fanscore.jobs.packages.AudiencePackages;
import io.fanscore.jobs.packages.InForceSigns;
import io.fanscore.jobs.packages.PackageBook;
import io.fanscore.jobs.packages.PackageInForce;
import io.fanscore.jobs.packages.PackageMembership;
import io.fanscore.jobs.packages.PackageMembership.Admission;
import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.rules.packages.PackageDefinition;
import io.fanscore.rules.packages.VersionSchedule;
import io.fanscore.rules.scoring.DayClock;
import io.fanscore.rules.scoring.FanLedger;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.PackageControl;
import io.fanscore.state.PairState;

import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The scorer's audience-package side (SPEC §8): which packages a creator has, the signs that
 * packages are in force ({@link InForceSigns}), the membership deltas of a step ({@link
 * PackageMembership}), and runtime package controls with their back-fill. Membership is computed
 * where the standings live, so there is no second copy of a standing to keep in step.
 */
final class ScorerPackages {

    /** Where the scorer's package records go: side outputs, stamped with their event time. */
    interface Emitter {
        void delta(AudienceDelta delta);

        void inForce(AudienceDelta sign, long time);
    }

    /** A control that was applied, and the event time its back-fill is stamped with. */
    record Control(PackageBook.Applied applied, long reached) {}

    private final PackageCatalog catalog;
    private final PackageBook book;
    private final PackageMembership membership;
    private final InForceSigns inForce;
    private final BroadcastState<String, PackageControl> controls;
    private final ListState<Long> latestStep;

    private ScorerPackages(
            PackageCatalog catalog,
            BroadcastState<String, PackageControl> controls,
            ListState<Long> latestStep) {
        this.book = new PackageBook(catalog);
        this.membership = new PackageMembership(catalog);
        this.catalog = catalog;
        this.inForce = new InForceSigns(new VersionSchedule(catalog.finestVersionInterval()));
        this.controls = controls;
        this.latestStep = latestStep;
    }

    /** The package side with the controls and the latest step the operator state holds. */
    static ScorerPackages restore(PackageCatalog catalog, OperatorStateStore store)
            throws Exception {
        ScorerPackages packages =
                new ScorerPackages(
                        catalog,
                        store.getBroadcastState(AudiencePackages.PACKAGE_CONTROLS),
                        // Kept across restores (the watermark is not), so a back-fill right after a
                        // restore is not stamped in the past; union state: after rescaling every
                        // subtask takes the max.
                        store.getUnionListState(
                                new ListStateDescriptor<>("latest-step", Types.LONG)));
        packages.book.restore(packages.controls.immutableEntries());
        for (PackageDefinition definition : packages.book.inForceNow()) {
            packages.inForce.atLeastEvery(catalog.scheduleOf(definition));
        }
        for (Long restored : packages.latestStep.get()) {
            packages.inForce.restoreLatest(restored);
        }
        return packages;
    }

    void snapshot() throws Exception {
        latestStep.update(List.of(inForce.latest()));
    }

    /**
     * The packages of the creator stepping at {@code time}; first signs every package in force if
     * this step starts an earlier version interval.
     */
    List<PackageDefinition> of(String creator, long time, Emitter emit) {
        if (inForce.steppedAt(time)) {
            for (PackageDefinition definition : book.inForceNow()) {
                emit.inForce(PackageInForce.sign(definition.packageId(), time), time);
            }
        }
        return book.of(creator);
    }

    /** Emits the deltas of a pair whose admission moved from {@code was} to {@code now}. */
    void moved(
            List<PackageDefinition> ofCreator,
            String fan,
            Admission was,
            Admission now,
            long time,
            Emitter emit) {
        membership.moved(ofCreator, fan, was, now, time, emit::delta);
    }

    /**
     * A runtime package control: empty if refused; otherwise applied, kept in broadcast state, and
     * a package new here signed in force at the event time reached. The caller back-fills.
     */
    Optional<Control> apply(PackageControl control, long watermark, Emitter emit) throws Exception {
        PackageBook.Applied applied = book.apply(control).orElse(null);
        if (applied == null) {
            return Optional.empty();
        }
        controls.put(control.getPackageId(), control);
        if (applied.after() != null) {
            inForce.atLeastEvery(catalog.scheduleOf(applied.after()));
        }
        long reached = inForce.reached(watermark);
        if (applied.after() != null && applied.before() == null && reached != Long.MIN_VALUE) {
            // In force from here on; a subtask without event time yet signs at its first step.
            emit.inForce(PackageInForce.sign(applied.after().packageId(), reached), reached);
        }
        return Optional.of(new Control(applied, reached));
    }

    /**
     * Back-fills every bucket of the package's creator (and of its former creator) after {@code
     * control}: every pair's admission under the old and the new definition, stamped with the event
     * time reached and no earlier than the pair's own day; a pair whose timer must now also follow
     * its level is rearmed.
     */
    void backfill(
            KeyedStateBackend<?> pairsByBucket,
            Control control,
            Function<String, FanLedger> ledgers,
            DayClock clock,
            PairWakes wakes,
            Emitter emit)
            throws Exception {
        CreatorPairs.visit(
                pairsByBucket,
                creator ->
                        ofCreator(control.applied().before(), creator) != null
                                || ofCreator(control.applied().after(), creator) != null,
                (creator, fan, state) ->
                        backfill(
                                fan,
                                state,
                                ofCreator(control.applied().before(), creator),
                                ofCreator(control.applied().after(), creator),
                                control.reached(),
                                ledgers.apply(creator),
                                clock,
                                wakes,
                                emit));
    }

    /** One pair after a control; true if its timer moved (its state changed). */
    private boolean backfill(
            String fan,
            PairState state,
            PackageDefinition before,
            PackageDefinition after,
            long reached,
            FanLedger ledger,
            DayClock clock,
            PairWakes wakes,
            Emitter emit)
            throws Exception {
        long now = Math.max(reached, clock.startOf(state.getDay()));
        membership.redefined(
                before, after, fan, Admission.of(ledger, state, now), now, emit::delta);
        if (after == null) {
            return false;
        }
        boolean forLevels = wakes.wakeForLevels(ledger, fan, state, now);
        boolean forEntry =
                wakes.armBy(
                        fan, state, PackageMembership.nextFollowEntry(List.of(after), state, now));
        return forLevels || forEntry;
    }

    private static PackageDefinition ofCreator(PackageDefinition definition, String creator) {
        return definition != null && definition.creatorId().equals(creator) ? definition : null;
    }
}
