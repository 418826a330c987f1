package io.fanscore.jobs.packages;

import io.fanscore.connectors.ids.DeterministicId;
import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.rules.packages.PackageDefinition;
import io.fanscore.rules.scoring.FanLedger;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.DeltaOp;
import io.fanscore.schema.Tier;
import io.fanscore.state.PairState;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Who joins and who leaves audience packages when a pair's standing moves (SPEC §8): an ADD or a
 * REMOVE the moment the standing starts or stops matching a package, stamped with that event time.
 * Plain Java; the scorer asks it before and after every step of a pair of a creator with packages.
 */
public final class PackageMembership {

    /** What membership looks at in a pair at one time: tier and level then, and the follow. */
    public record Admission(Tier tier, int level, boolean following) {

        /** No pair, or one expired by then. */
        public static final Admission NONE = new Admission(Tier.NONE, 0, false);

        /** The admission at {@code time} of a pair whose events up to then are applied. */
        public static Admission of(FanLedger ledger, PairState state, long time) {
            if (state == null) {
                return NONE;
            }
            FanLedger.Standing standing = ledger.standingAt(state, time);
            return new Admission(standing.tier(), standing.level(), state.getFollowing());
        }

        boolean admittedTo(PackageDefinition definition) {
            return definition != null && definition.admits(tier, level, following);
        }
    }

    private final PackageCatalog catalog;
    private final DeterministicId ids = new DeterministicId();

    public PackageMembership(PackageCatalog catalog) {
        this.catalog = catalog;
    }

    /** The deltas, stamped {@code time}, of a pair whose admission moved from was to is. */
    public void moved(
            List<PackageDefinition> packages,
            String fanId,
            Admission was,
            Admission is,
            long time,
            Consumer<AudienceDelta> out) {
        if (was.equals(is)) {
            return;
        }
        for (PackageDefinition definition : packages) {
            deltaIf(
                    definition,
                    fanId,
                    was.admittedTo(definition),
                    is.admittedTo(definition),
                    time,
                    out);
        }
    }

    /**
     * The delta, stamped {@code time}, of one pair when its package is redefined at runtime from
     * {@code before} to {@code after} (either null: not this pair's creator's, or none).
     */
    public void redefined(
            PackageDefinition before,
            PackageDefinition after,
            String fanId,
            Admission at,
            long time,
            Consumer<AudienceDelta> out) {
        PackageDefinition named = after != null ? after : before;
        deltaIf(named, fanId, at.admittedTo(before), at.admittedTo(after), time, out);
    }

    private void deltaIf(
            PackageDefinition definition,
            String fanId,
            boolean was,
            boolean is,
            long time,
            Consumer<AudienceDelta> out) {
        if (was == is) {
            return;
        }
        DeltaOp op = is ? DeltaOp.ADD : DeltaOp.REMOVE;
        String member = catalog.memberId(definition, fanId);
        out.accept(
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
}
