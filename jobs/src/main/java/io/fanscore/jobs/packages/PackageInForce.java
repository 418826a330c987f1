package io.fanscore.jobs.packages;

import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.DeltaOp;

import java.time.Instant;

/**
 * A sign, sent to the versioner of one package, that the package was in force at an event time
 * (SPEC §8 v2: a package in force gets versions from its first interval end, members or not). A
 * package without members has no deltas to start its versions; this starts them. Signs only ever
 * move a package's first cut-off earlier, so repeated or late ones change nothing.
 *
 * <p>A sign travels with the deltas, to the versioner only (never to the deltas topic), as a delta
 * without a member: member ids are never empty, so nothing else looks like one, and the versioner
 * keeps one input type.
 */
public final class PackageInForce {

    private static final String NO_MEMBER = "";

    private PackageInForce() {}

    /** The sign that {@code packageId} was in force at {@code since}. */
    public static AudienceDelta sign(String packageId, long since) {
        return AudienceDelta.newBuilder()
                .setDeltaId("in-force/" + packageId + "/" + since)
                .setPackageId(packageId)
                .setMemberId(NO_MEMBER)
                .setOp(DeltaOp.ADD)
                .setEventTime(Instant.ofEpochMilli(since))
                .build();
    }

    static boolean isSign(AudienceDelta delta) {
        return delta.getMemberId().isEmpty();
    }
}
