package io.fanscore.audience.store;

import io.fanscore.packageformat.PackageId;

/**
 * A package version whose manifest exists but whose files cannot be trusted: bad manifest JSON, a
 * missing file, a size or checksum that differs from the manifest, truncated gzip, unsorted lines.
 * The message names the package, version and file; it is for the log, not for clients.
 */
public final class CorruptVersionException extends Exception {

    private final PackageId packageId;
    private final int version;

    public CorruptVersionException(PackageId packageId, int version, String detail) {
        this(packageId, version, detail, null);
    }

    public CorruptVersionException(
            PackageId packageId, int version, String detail, Throwable cause) {
        super("version " + version + " of package '" + packageId + "': " + detail, cause);
        this.packageId = packageId;
        this.version = version;
    }

    public PackageId packageId() {
        return packageId;
    }

    public int version() {
        return version;
    }
}
