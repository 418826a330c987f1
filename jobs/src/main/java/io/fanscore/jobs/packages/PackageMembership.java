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

    /**
     * What membership looks at in a pair at one time: tier and level then, since when it has been
     * following without a break (null if not following), and the fan club.
     */
    public record Admission(Tier tier, int level, Long followingSince, boolean fanClub, long time) {

        /** No pair, or one expired by then. */
        public static final Admission NONE =
                new Admission(Tier.NONE, 0, null, false, Long.MIN_VALUE);

        /** The admission at {@code time} of a pair whose events up to then are applied. */
        public static Admission of(FanLedger ledger, PairState state, long time) {
            if (state == null) {
                return NONE;
            }
            FanLedger.Standing standing = ledger.standingAt(state, time);
            return new Admission(
                    standing.tier(),
                    standing.level(),
                    followingSince(state),
                    state.getFanClub(),
                    time);
        }

        /**
         * The start of the pair's current unbroken follow, null if not following; a follow kept
         * from before followed_since was recorded counts as long.
         */
        public static Long followingSince(PairState state) {
            if (!state.getFollowing()) {
                return null;
            }
            return state.getFollowedSince() != null ? state.getFollowedSince() : Long.MIN_VALUE;
        }

        boolean admittedTo(PackageDefinition definition) {
            return definition != null
                    && definition.admits(tier, level, followingSince, fanClub, time);
        }
    }

    /**
     * The first instant after {@code time} at which the pair joins one of {@code packages} by its
     * follow growing long enough (SPEC §13), or {@link Long#MAX_VALUE}: the pair's timer must stand
     * there, since no event comes at that instant.
     */
    public static long nextFollowEntry(
            List<PackageDefinition> packages, PairState state, long time) {
        if (state == null) {
            return Long.MAX_VALUE;
        }
        Long since = Admission.followingSince(state);
        long next = Long.MAX_VALUE;
        for (PackageDefinition definition : packages) {
            next = Math.min(next, definition.followEntryAfter(since, time));
        }
        return next;
    }

    private final PackageCatalog catalog;
    private final DeterministicId ids = new DeterministicId();

    public PackageMembership(PackageCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * The deltas, stamped {@code time}, of a pair whose admission moved from was to is. Compared
     * per package even when the standing did not move: a follow can grow long enough by time alone.
     */
    public void moved(
            List<PackageDefinition> packages,
            String fanId,
            Admission was,
            Admission is,
            long time,
            Consumer<AudienceDelta> out) {
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
