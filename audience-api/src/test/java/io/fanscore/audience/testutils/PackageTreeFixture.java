package io.fanscore.audience.testutils;

import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.FormatException;
import io.fanscore.packageformat.IdFormat;
import io.fanscore.packageformat.LocalPackageTreeWriter;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.PackageLayout;
import io.fanscore.packageformat.StoredFile;
import io.fanscore.packageformat.VersionManifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Package versions for the API's tests, written by the shared format's tree writer (as the job
 * writes them), with cut-offs an hour apart from 2026-01-01.
 */
public final class PackageTreeFixture {

    public static final long FIRST_CUTOFF = 1767225600000L; // 2026-01-01T00:00:00Z
    public static final long VERSION_INTERVAL_MS = 3_600_000L;

    private final LocalPackageTreeWriter writer;

    public PackageTreeFixture(Path root) {
        this.writer = new LocalPackageTreeWriter(root);
    }

    public Path root() {
        return writer.tree().root();
    }

    /** The next version of a package with these members, below {@code minSize} withheld. */
    public WrittenVersion write(
            String packageId,
            int version,
            Collection<String> members,
            int minSize,
            String idFormat) {
        PackageId id = new PackageId(packageId);
        try {
            VersionManifest manifest =
                    writer.write(
                            id,
                            version,
                            "creator-of-" + packageId,
                            FIRST_CUTOFF + (version - 1) * VERSION_INTERVAL_MS,
                            members,
                            minSize,
                            IdFormat.named(idFormat).orElseThrow());
            return new WrittenVersion(
                    versionDir(packageId, version),
                    manifest.file(FileRole.MEMBERS),
                    manifest.file(FileRole.CHANGES),
                    manifest.memberCount());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FormatException e) {
            throw new IllegalStateException("the fixture's own tree is unreadable", e);
        }
    }

    public Path versionDir(String packageId, int version) {
        return writer.tree().versionDir(new PackageId(packageId), version);
    }

    /** {@code count} distinct ids as the job writes them for id_format sha256. */
    public static List<String> sha256Ids(String salt, int from, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            ids.add(IdFormat.SHA256.memberId(salt, "fan-" + i));
        }
        return ids;
    }

    /** What one {@link #write} produced. */
    public record WrittenVersion(
            Path dir, StoredFile members, StoredFile changes, long memberCount) {
        public Path membersFile() {
            return dir.resolve(members.name());
        }

        public Path changesFile() {
            return dir.resolve(changes.name());
        }

        public Path manifestFile() {
            return dir.resolve(PackageLayout.MANIFEST);
        }
    }
}
