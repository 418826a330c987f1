package io.fanscore.packageformat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * Writes whole versions into a local package tree the way the job publishes them: members, then the
 * changes from the version before (a merge of the two member files), then the manifest, written
 * aside and renamed, so that the version exists from that moment on. For fixtures, benchmarks and
 * tools; the job itself writes through Flink's file systems with a staging area.
 */
public final class LocalPackageTreeWriter {

    private final LocalPackageTree tree;

    public LocalPackageTreeWriter(Path root) {
        this.tree = new LocalPackageTree(root);
    }

    public LocalPackageTree tree() {
        return tree;
    }

    /**
     * Writes version {@code version} with these members (any order, duplicates ignored), withheld
     * below {@code minSize}; version {@code version - 1}, if any, must be in the tree.
     */
    public VersionManifest write(
            PackageId packageId,
            int version,
            String creatorId,
            long cutoff,
            Collection<String> members,
            int minSize,
            IdFormat idFormat)
            throws IOException, FormatException {
        TreeSet<String> sorted = new TreeSet<>(IdFileWriter.ID_ORDER);
        sorted.addAll(members);
        VersionStatus status =
                sorted.size() < minSize ? VersionStatus.BELOW_MIN_SIZE : VersionStatus.PUBLISHED;
        Path dir = Files.createDirectories(tree.versionDir(packageId, version));
        Path membersPath = dir.resolve(FileRole.MEMBERS.fileName());
        StoredFile membersFile;
        try (IdFileWriter out =
                new IdFileWriter(FileRole.MEMBERS.fileName(), Files.newOutputStream(membersPath))) {
            if (status == VersionStatus.PUBLISHED) {
                for (String id : sorted) {
                    out.member(id);
                }
            }
            membersFile = out.finish();
        }
        Optional<VersionManifest> before =
                version > 1 ? tree.manifest(packageId, version - 1) : Optional.empty();
        long[] counts = new long[2]; // added, removed
        StoredFile changesFile;
        try (InputStream from = membersOf(before);
                InputStream to = unzipped(membersPath);
                IdFileWriter out =
                        new IdFileWriter(
                                FileRole.CHANGES.fileName(),
                                Files.newOutputStream(dir.resolve(FileRole.CHANGES.fileName())))) {
            MemberDiff.between(
                    from,
                    to,
                    (joined, id) -> {
                        counts[joined ? 0 : 1]++;
                        out.change(joined, new String(id, StandardCharsets.UTF_8));
                    });
            changesFile = out.finish();
        }
        VersionManifest manifest =
                VersionManifest.of(
                        packageId,
                        version,
                        creatorId,
                        cutoff,
                        status,
                        idFormat,
                        sorted.size(),
                        counts[0],
                        counts[1],
                        minSize,
                        membersFile,
                        changesFile);
        Path partial = dir.resolve(PackageLayout.PARTIAL_MANIFEST);
        try (OutputStream out = Files.newOutputStream(partial)) {
            out.write(manifest.toJson().getBytes(StandardCharsets.UTF_8));
        }
        Files.move(partial, dir.resolve(PackageLayout.MANIFEST), StandardCopyOption.ATOMIC_MOVE);
        return manifest;
    }

    private InputStream membersOf(Optional<VersionManifest> version) throws IOException {
        return version.isPresent()
                ? unzipped(tree.file(version.get(), FileRole.MEMBERS))
                : InputStream.nullInputStream();
    }

    private static InputStream unzipped(Path file) throws IOException {
        return new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    }
}
