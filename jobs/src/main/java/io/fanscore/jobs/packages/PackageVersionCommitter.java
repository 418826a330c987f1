package io.fanscore.jobs.packages;

import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.PackageLayout;
import io.fanscore.state.PackageVersionReady;

import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.OptionalInt;

/**
 * Moves a version's files from staging into {@code <package>/versions/<v>/} and writes its manifest
 * last: readers take a version to exist only once its manifest does, so they see it whole or not at
 * all. Idempotent, because Flink repeats commits after a restore: a version whose manifest exists
 * is done.
 *
 * <p>The same steps hold on object stores (S3 through Flink's S3 file system), where a rename is a
 * copy and a delete: an object appears whole or not at all, and so does the manifest, stored last,
 * once every file it names is in place (docs/audience-package-files.md, "Object storage").
 *
 * <p>Publishing version v retires version v − keep_versions (manifest first, so readers see it
 * gone, never half gone): each package keeps a bounded number of versions however long it is in
 * force, members or not. A commit repeated after that (a restore from far back) finds a later
 * version published and is done too.
 */
final class PackageVersionCommitter implements Committer<PackageVersionReady> {

    private static final Logger LOG = LoggerFactory.getLogger(PackageVersionCommitter.class);
    private static final String MANIFEST = PackageLayout.MANIFEST;

    private final int keepVersions;

    PackageVersionCommitter(int keepVersions) {
        this.keepVersions = keepVersions;
    }

    @Override
    public void commit(Collection<CommitRequest<PackageVersionReady>> requests) {
        for (CommitRequest<PackageVersionReady> request : requests) {
            try {
                if (publish(request.getCommittable(), keepVersions)) {
                    LOG.info(
                            "Published package {} version {}",
                            request.getCommittable().getPackageId(),
                            request.getCommittable().getVersion());
                } else {
                    request.signalAlreadyCommitted();
                }
            } catch (IOException e) {
                LOG.warn(
                        "Publishing package {} version {} failed; retrying",
                        request.getCommittable().getPackageId(),
                        request.getCommittable().getVersion(),
                        e);
                request.retryLater();
            }
        }
    }

    /** Returns false if the version was already published. */
    static boolean publish(PackageVersionReady version, int keepVersions) throws IOException {
        return publish(version, keepVersions, new Path(version.getVersionDir()).getFileSystem());
    }

    /** As {@link #publish(PackageVersionReady, int)}, through {@code fs}. */
    static boolean publish(PackageVersionReady version, int keepVersions, FileSystem fs)
            throws IOException {
        Path staging = new Path(version.getStagingDir());
        Path target = new Path(version.getVersionDir());
        Path manifest = new Path(target, MANIFEST);
        if (fs.exists(manifest)) {
            if (!version.getManifestJson().equals(read(fs, manifest))) {
                LOG.error(
                        "Package {} version {} is already published with other content (a restore"
                                + " from an older state?); the published one stays",
                        version.getPackageId(),
                        version.getVersion());
            }
            fs.delete(staging, true);
            // A publish that died after its manifest may not have retired the old version yet.
            retire(fs, target.getParent(), version.getVersion() - keepVersions);
            return false;
        }
        Path versions = target.getParent();
        if (version.getVersion() > 1
                && !fs.exists(manifestOf(versions, version.getVersion() - 1))) {
            if (laterPublished(fs, versions, version.getVersion())) {
                LOG.warn(
                        "Package {} version {}: later versions are published and older ones"
                                + " retired; not published again",
                        version.getPackageId(),
                        version.getVersion());
                fs.delete(staging, true);
                return false;
            }
            // Versions appear in order: readers apply changes from the one before.
            throw new IOException(
                    "version " + (version.getVersion() - 1) + " is not published yet");
        }
        fs.mkdirs(target);
        for (FileRole role : FileRole.values()) {
            String name = role.fileName();
            Path from = new Path(staging, name);
            Path to = new Path(target, name);
            if (fs.exists(from)) {
                if (fs.exists(to)) {
                    fs.delete(to, false);
                }
                if (!fs.rename(from, to)) {
                    throw new IOException("cannot move " + from + " to " + to);
                }
            } else if (!fs.exists(to)) {
                throw new IOException("neither " + from + " nor " + to + " exists");
            }
        }
        // Written aside and renamed, so a reader never sees half a manifest.
        Path partial = new Path(target, PackageLayout.PARTIAL_MANIFEST);
        try (FSDataOutputStream out = fs.create(partial, FileSystem.WriteMode.OVERWRITE)) {
            out.write(version.getManifestJson().getBytes(StandardCharsets.UTF_8));
        }
        if (!fs.rename(partial, manifest)) {
            throw new IOException("cannot move " + partial + " to " + manifest);
        }
        fs.delete(staging, true);
        retire(fs, versions, version.getVersion() - keepVersions);
        return true;
    }

    /** Deletes an expired version, its manifest first: readers take it to exist while that does. */
    private static void retire(FileSystem fs, Path versions, int expired) throws IOException {
        if (expired < 1) {
            return;
        }
        Path dir = new Path(versions, Integer.toString(expired));
        fs.delete(new Path(dir, MANIFEST), false);
        fs.delete(dir, true);
    }

    private static boolean laterPublished(FileSystem fs, Path versions, int version)
            throws IOException {
        FileStatus[] entries = fs.listStatus(versions);
        if (entries == null) {
            return false;
        }
        for (FileStatus entry : entries) {
            OptionalInt named = PackageLayout.versionNamed(entry.getPath().getName());
            if (named.isPresent()
                    && named.getAsInt() > version
                    && fs.exists(new Path(entry.getPath(), MANIFEST))) {
                return true;
            }
        }
        return false;
    }

    private static Path manifestOf(Path versions, int version) {
        return new Path(new Path(versions, Integer.toString(version)), MANIFEST);
    }

    private static String read(FileSystem fs, Path file) throws IOException {
        try (var in = fs.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {}
}
