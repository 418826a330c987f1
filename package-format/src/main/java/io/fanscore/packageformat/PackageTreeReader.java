package io.fanscore.packageformat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A package tree as its readers see it, wherever it is stored: a local directory ({@link
 * LocalPackageTree}) or an object store. Implementations list and read; the rules of the layout
 * (which versions exist, what a manifest must be, which package is latest) live here once.
 */
public interface PackageTreeReader {

    /** Where the tree is, for messages: a directory or a URI. */
    String location();

    /** Whether the tree can be read at all right now (for health checks). */
    boolean isReadable();

    /** The names directly under the root, ascending; packages, and whatever else is there. */
    List<String> rootNames() throws IOException;

    /** The versions that have a manifest, ascending. */
    List<Integer> versions(PackageId packageId) throws IOException;

    /**
     * The bytes of a version's manifest, at most {@code limit} of them; empty when the version has
     * no manifest (yet, or any more).
     */
    Optional<byte[]> manifestBytes(PackageId packageId, int version, int limit) throws IOException;

    /** The stored file of {@code role}; check it with {@link IdFileCheck} before serving it. */
    StoredObject object(VersionManifest manifest, FileRole role);

    /** The highest version that has a manifest, if any. */
    default OptionalInt latestVersion(PackageId packageId) throws IOException {
        List<Integer> versions = versions(packageId);
        return versions.isEmpty()
                ? OptionalInt.empty()
                : OptionalInt.of(versions.get(versions.size() - 1));
    }

    /**
     * The manifest of a version, empty when the version does not exist (yet).
     *
     * @throws FormatException if the manifest is there but is not one
     */
    default Optional<VersionManifest> manifest(PackageId packageId, int version)
            throws FormatException {
        Optional<byte[]> json;
        try {
            json = manifestBytes(packageId, version, PackageLayout.MAX_MANIFEST_BYTES + 1);
        } catch (IOException e) {
            throw new FormatException(PackageLayout.MANIFEST + " unreadable", e);
        }
        if (json.isEmpty()) {
            return Optional.empty();
        }
        if (json.get().length > PackageLayout.MAX_MANIFEST_BYTES) {
            throw new FormatException(PackageLayout.MANIFEST + " is too large");
        }
        return Optional.of(VersionManifest.parse(json.get(), packageId, version));
    }

    /**
     * The latest readable version of every package in the tree, by package id; a package whose
     * latest manifest cannot be read right now (being retired, damaged) is left out.
     */
    default List<VersionManifest> latestVersions() throws IOException {
        List<VersionManifest> latest = new ArrayList<>();
        for (String name : rootNames()) {
            PackageId id;
            try {
                id = new PackageId(name);
            } catch (IllegalArgumentException e) {
                continue; // not a package (a staging or hidden entry)
            }
            OptionalInt version = latestVersion(id);
            if (version.isEmpty()) {
                continue;
            }
            try {
                manifest(id, version.getAsInt()).ifPresent(latest::add);
            } catch (FormatException e) {
                // the next look tells
            }
        }
        return latest;
    }
}
