package io.fanscore.audience.store;

import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.FormatException;
import io.fanscore.packageformat.LocalPackageTree;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.PackageTreeReader;
import io.fanscore.packageformat.VersionManifest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads the package versions the job writes under one root (docs/audience-package-files.md), a
 * local directory or an object store. It never writes there. A version exists if and only if its
 * manifest exists; files are served only after they passed their check against the manifest.
 */
public final class PackageStore {

    private final PackageTreeReader tree;
    private final VersionFileVerifier verifier = new VersionFileVerifier();

    public PackageStore(PackageTreeReader tree) {
        this.tree = tree;
    }

    public PackageStore(Path root) {
        this(new LocalPackageTree(root));
    }

    /** Where the packages are: a directory or a URI. */
    public String location() {
        return tree.location();
    }

    public boolean isReadable() {
        return tree.isReadable();
    }

    /** The highest version that has a manifest, if any. */
    public OptionalInt latestVersion(PackageId packageId) throws IOException {
        return tree.latestVersion(packageId);
    }

    /** The manifest of a version, empty when the version does not exist (yet). */
    public Optional<VersionManifest> manifest(PackageId packageId, int version)
            throws CorruptVersionException {
        try {
            return tree.manifest(packageId, version);
        } catch (FormatException e) {
            throw new CorruptVersionException(packageId, version, e.getMessage(), e.getCause());
        }
    }

    public Optional<VersionManifest> latest(PackageId packageId)
            throws IOException, CorruptVersionException {
        OptionalInt latest = latestVersion(packageId);
        return latest.isPresent() ? manifest(packageId, latest.getAsInt()) : Optional.empty();
    }

    /** The version's file, checked against the manifest (once per file and server). */
    public VerifiedFile verifiedFile(VersionManifest manifest, FileRole role)
            throws CorruptVersionException {
        return verifier.verified(manifest, tree.object(manifest, role), role);
    }
}
