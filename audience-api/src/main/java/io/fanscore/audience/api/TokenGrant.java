package io.fanscore.audience.api;

import io.fanscore.packageformat.PackageId;

import java.util.Set;
import java.util.SortedSet;

/**
 * One configured bearer token: its name (for logs), the SHA-256 of the token (the token itself is
 * never stored), the packages it may read, and the subset of those whose raw fan ids it may read.
 */
public record TokenGrant(
        String name,
        byte[] tokenSha256,
        SortedSet<PackageId> packages,
        Set<PackageId> rawIdPackages) {

    public boolean mayRead(PackageId packageId) {
        return packages.contains(packageId);
    }

    /** Raw fan ids leave only for a package listed under the token's raw_id_packages. */
    public boolean mayReadRawIds(PackageId packageId) {
        return rawIdPackages.contains(packageId);
    }
}
