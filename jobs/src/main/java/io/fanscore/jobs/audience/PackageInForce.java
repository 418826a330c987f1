package io.fanscore.jobs.audience;

import java.util.Objects;

/**
 * A sign, sent to the versioner of one package, that the package was in force at event time {@code
 * since} (SPEC §8 v2: a package in force gets versions from its first interval end, members or
 * not). A package without members has no deltas to start its versions; this starts them. Signs only
 * ever move a package's first cut-off earlier, so repeated or late ones change nothing.
 *
 * <p>A Flink POJO (public fields, no-argument constructor), so it never falls back to Kryo.
 */
public final class PackageInForce {

    public String packageId;
    public long since;

    public PackageInForce() {}

    public PackageInForce(String packageId, long since) {
        this.packageId = packageId;
        this.since = since;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PackageInForce that
                && since == that.since
                && Objects.equals(packageId, that.packageId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(packageId, since);
    }

    @Override
    public String toString() {
        return "PackageInForce{" + packageId + " since " + since + "}";
    }
}
