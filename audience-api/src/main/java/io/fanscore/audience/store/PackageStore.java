package io.fanscore.audience.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Reads the package versions the job writes under one root (docs/audience-package-files.md). It
 * never writes there. A version exists if and only if its manifest exists; files are served only
 * after they passed their check against the manifest.
 */
public final class PackageStore {

    /** A version directory: decimal, no padding, at most {@link Integer#MAX_VALUE}. */
    private static final Pattern VERSION_DIR = Pattern.compile("[1-9][0-9]{0,9}");

    private static final String MANIFEST = "manifest.json";

    /** A manifest is a few hundred bytes; anything this large is not one. */
    private static final int MAX_MANIFEST_BYTES = 1024 * 1024;

    private final Path root;
    private final VersionFileVerifier verifier = new VersionFileVerifier();

    public PackageStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public boolean isReadable() {
        return Files.isDirectory(root) && Files.isReadable(root);
    }

    /** The highest version that has a manifest, if any. */
    public OptionalInt latestVersion(PackageId packageId) throws IOException {
        Path versions = versionsDir(packageId);
        int latest = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(versions)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (VERSION_DIR.matcher(name).matches()) {
                    long version = Long.parseLong(name);
                    if (version <= Integer.MAX_VALUE
                            && version > latest
                            && Files.isRegularFile(entry.resolve(MANIFEST))) {
                        latest = (int) version;
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return OptionalInt.empty();
        }
        return latest == 0 ? OptionalInt.empty() : OptionalInt.of(latest);
    }

    /** The manifest of a version, empty when the version does not exist (yet). */
    public Optional<PackageManifest> manifest(PackageId packageId, int version)
            throws CorruptVersionException {
        Path file = versionDir(packageId, version).resolve(MANIFEST);
        byte[] json;
        try (InputStream in = Files.newInputStream(file)) {
            json = in.readNBytes(MAX_MANIFEST_BYTES + 1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CorruptVersionException(packageId, version, "manifest.json unreadable", e);
        }
        if (json.length > MAX_MANIFEST_BYTES) {
            throw new CorruptVersionException(packageId, version, "manifest.json is too large");
        }
        return Optional.of(PackageManifest.parse(json, packageId, version));
    }

    public Optional<PackageManifest> latest(PackageId packageId)
            throws IOException, CorruptVersionException {
        OptionalInt latest = latestVersion(packageId);
        return latest.isPresent() ? manifest(packageId, latest.getAsInt()) : Optional.empty();
    }

    /** The version's file, checked against the manifest (once per file and server). */
    public Path verifiedFile(PackageManifest manifest, FileRole role)
            throws CorruptVersionException {
        return verifier.verified(
                manifest, versionDir(manifest.packageId(), manifest.version()), role);
    }

    private Path versionsDir(PackageId packageId) {
        // A valid package id is one plain segment, so this stays under the root.
        return root.resolve(packageId.value()).resolve("versions");
    }

    private Path versionDir(PackageId packageId, int version) {
        return versionsDir(packageId).resolve(Integer.toString(version));
    }
}
