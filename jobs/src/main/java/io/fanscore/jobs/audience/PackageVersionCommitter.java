package io.fanscore.jobs.audience;

import io.fanscore.state.PackageVersionReady;

import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * Moves a version's files from staging into {@code <package>/versions/<v>/} and writes its manifest
 * last: readers take a version to exist only once its manifest does, so they see it whole or not at
 * all. Idempotent, because Flink repeats commits after a restore: a version whose manifest exists
 * is done.
 */
final class PackageVersionCommitter implements Committer<PackageVersionReady> {

    private static final Logger LOG = LoggerFactory.getLogger(PackageVersionCommitter.class);
    static final String MANIFEST = "manifest.json";
    private static final List<String> DATA_FILES = List.of("members.txt.gz", "changes.txt.gz");

    @Override
    public void commit(Collection<CommitRequest<PackageVersionReady>> requests) {
        for (CommitRequest<PackageVersionReady> request : requests) {
            try {
                if (publish(request.getCommittable())) {
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
    static boolean publish(PackageVersionReady version) throws IOException {
        Path staging = new Path(version.getStagingDir());
        Path target = new Path(version.getVersionDir());
        FileSystem fs = target.getFileSystem();
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
            return false;
        }
        if (version.getVersion() > 1
                && !fs.exists(
                        new Path(
                                new Path(
                                        target.getParent(),
                                        Integer.toString(version.getVersion() - 1)),
                                MANIFEST))) {
            // Versions appear in order: readers apply changes from the one before.
            throw new IOException(
                    "version " + (version.getVersion() - 1) + " is not published yet");
        }
        fs.mkdirs(target);
        for (String name : DATA_FILES) {
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
        Path partial = new Path(target, "." + MANIFEST + ".partial");
        try (FSDataOutputStream out = fs.create(partial, FileSystem.WriteMode.OVERWRITE)) {
            out.write(version.getManifestJson().getBytes(StandardCharsets.UTF_8));
        }
        if (!fs.rename(partial, manifest)) {
            throw new IOException("cannot move " + partial + " to " + manifest);
        }
        fs.delete(staging, true);
        return true;
    }

    private static String read(FileSystem fs, Path file) throws IOException {
        try (var in = fs.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {}
}
