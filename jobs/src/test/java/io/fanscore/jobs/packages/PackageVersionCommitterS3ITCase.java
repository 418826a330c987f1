package io.fanscore.jobs.packages;

import io.fanscore.locals3.LocalS3Server;
import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.FormatException;
import io.fanscore.packageformat.IdFileCheck;
import io.fanscore.packageformat.IdFileWriter;
import io.fanscore.packageformat.IdFormat;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.PackageLayout;
import io.fanscore.packageformat.StoredFile;
import io.fanscore.packageformat.VersionManifest;
import io.fanscore.packageformat.VersionStatus;
import io.fanscore.state.PackageVersionReady;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishing package versions to a real S3-protocol server (s3proxy on loopback) through Flink's S3
 * file system, the process dying at every step of the publish in turn: before each create, rename,
 * delete and mkdirs the committer makes. At no step does a reader find a version that is not whole
 * (every manifest it finds names files that pass their check), and the commit Flink repeats after
 * the restart finishes the version, byte for byte what an undisturbed publish writes.
 */
class PackageVersionCommitterS3ITCase {

    private static final String BUCKET = "fanscore-packages";
    private static final int KEEP_VERSIONS = 1; // so that the publish also retires a version

    @TempDir static java.nio.file.Path workDir;

    private static LocalS3Server s3;
    private static Path root;

    @BeforeAll
    static void startStore() throws Exception {
        s3 = LocalS3Server.start(LocalS3Server.libDirOfBuild(), workDir, BUCKET);
        Configuration settings = new Configuration();
        settings.setString("s3.endpoint", s3.endpoint());
        settings.setString("s3.path.style.access", "true");
        settings.setString("s3.access-key", LocalS3Server.ACCESS_KEY);
        settings.setString("s3.secret-key", LocalS3Server.SECRET_KEY);
        FileSystem.initialize(settings, null);
        root = new Path("s3://" + BUCKET + "/packages");
    }

    @AfterAll
    static void stopStore() throws Exception {
        FileSystem.initialize(new Configuration(), null);
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void killedAtAnyStepOfAPublishAReaderSeesWholeVersionsAndTheRetriedCommitFinishes()
            throws Exception {
        FileSystem fs = root.getFileSystem();
        PackageId reference = new PackageId("undisturbed");
        publishTwoVersions(reference, fs);

        int steps = 0;
        for (int killAt = 0; ; killAt++) {
            PackageId id = new PackageId("killed-at-" + killAt);
            PackageVersionCommitter.publish(stage(id, 1, members(0, 40), List.of()), KEEP_VERSIONS);
            PackageVersionReady second = stage(id, 2, members(10, 45), members(0, 40));
            DyingFileSystem dying = new DyingFileSystem(fs, killAt);
            try {
                PackageVersionCommitter.publish(second, KEEP_VERSIONS, dying);
                steps = dying.steps();
                assertThat(readableVersions(id, fs)).containsExactly(2);
                break; // the publish has fewer steps than killAt: every step was tried
            } catch (DyingFileSystem.Died died) {
                assertThat(readableVersions(id, fs))
                        .as("after dying at step " + killAt)
                        .isNotEmpty();
            }
            // Flink restores the committable from the checkpoint and commits it again.
            PackageVersionCommitter.publish(second, KEEP_VERSIONS);
            assertThat(readableVersions(id, fs))
                    .as("retried after step " + killAt)
                    .containsExactly(2);
            assertThat(fs.exists(new Path(second.getStagingDir()))).isFalse();
            assertThat(filesOf(id, 2, fs)).isEqualTo(filesOf(reference, 2, fs));
        }
        assertThat(steps).as("a publish takes several steps").isGreaterThanOrEqualTo(5);
    }

    private static void publishTwoVersions(PackageId id, FileSystem fs) throws Exception {
        PackageVersionCommitter.publish(stage(id, 1, members(0, 40), List.of()), KEEP_VERSIONS);
        PackageVersionCommitter.publish(
                stage(id, 2, members(10, 45), members(0, 40)), KEEP_VERSIONS);
        assertThat(readableVersions(id, fs)).containsExactly(2);
    }

    /**
     * The versions a reader finds (a manifest present), each checked whole: the manifest parses and
     * both files it names pass their check. A manifest naming a missing or partial file fails here.
     */
    private static List<Integer> readableVersions(PackageId id, FileSystem fs) throws Exception {
        List<Integer> versions = new ArrayList<>();
        Path versionsDir = new Path(root, PackageLayout.versionsOf(id));
        FileStatus[] entries = fs.exists(versionsDir) ? fs.listStatus(versionsDir) : null;
        for (FileStatus entry : entries == null ? new FileStatus[0] : entries) {
            OptionalInt version = PackageLayout.versionNamed(entry.getPath().getName());
            Path manifestPath = new Path(entry.getPath(), PackageLayout.MANIFEST);
            if (version.isEmpty() || !fs.exists(manifestPath)) {
                continue;
            }
            VersionManifest manifest;
            try (InputStream in = fs.open(manifestPath)) {
                manifest = VersionManifest.parse(in.readAllBytes(), id, version.getAsInt());
            }
            for (FileRole role : FileRole.values()) {
                try (InputStream in =
                        fs.open(new Path(entry.getPath(), manifest.file(role).name()))) {
                    IdFileCheck.verify(in, manifest, role);
                } catch (FormatException | IOException e) {
                    throw new AssertionError("version " + version + " is not whole: " + e, e);
                }
            }
            versions.add(version.getAsInt());
        }
        versions.sort(null);
        return versions;
    }

    /**
     * The SHA-256 of each of a version's files, by name; the manifest's with the package id left
     * out, so that versions of two packages compare.
     */
    private static Map<String, String> filesOf(PackageId id, int version, FileSystem fs)
            throws Exception {
        Map<String, String> files = new TreeMap<>();
        Path dir = new Path(root, PackageLayout.versionOf(id, version));
        for (FileStatus file : fs.listStatus(dir)) {
            byte[] bytes;
            try (InputStream in = fs.open(file.getPath())) {
                bytes = in.readAllBytes();
            }
            if (file.getPath().getName().equals(PackageLayout.MANIFEST)) {
                bytes =
                        new String(bytes, StandardCharsets.UTF_8)
                                .replace("\"" + id.value() + "\"", "\"ID\"")
                                .getBytes(StandardCharsets.UTF_8);
            }
            files.put(
                    file.getPath().getName(),
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        }
        return files;
    }

    /** Version {@code v}'s files in staging as the versioner writes them, and its committable. */
    private static PackageVersionReady stage(
            PackageId id, int version, List<String> members, List<String> before) throws Exception {
        Path staging = new Path(root, PackageLayout.stagingOf(id, version));
        Path target = new Path(root, PackageLayout.versionOf(id, version));
        StoredFile membersFile =
                StagedIdFile.write(
                        staging,
                        FileRole.MEMBERS,
                        sink -> {
                            for (String member : members) {
                                sink.line(true, member);
                            }
                        });
        TreeMap<String, Boolean> changes = new TreeMap<>(IdFileWriter.ID_ORDER);
        members.stream().filter(m -> !before.contains(m)).forEach(m -> changes.put(m, true));
        before.stream().filter(m -> !members.contains(m)).forEach(m -> changes.put(m, false));
        StoredFile changesFile =
                StagedIdFile.write(
                        staging,
                        FileRole.CHANGES,
                        sink -> {
                            for (Map.Entry<String, Boolean> change : changes.entrySet()) {
                                sink.line(change.getValue(), change.getKey());
                            }
                        });
        long added = changes.values().stream().filter(joined -> joined).count();
        String manifest =
                VersionManifest.of(
                                id,
                                version,
                                "c",
                                1767225600000L + version * 3_600_000L,
                                VersionStatus.PUBLISHED,
                                IdFormat.SHA256,
                                members.size(),
                                added,
                                changes.size() - added,
                                1,
                                membersFile,
                                changesFile)
                        .toJson();
        return new PackageVersionReady(
                id.value(), version, staging.toString(), target.toString(), manifest);
    }

    /** Hashed member ids of fans {@code from} until {@code to}, in the files' order. */
    private static List<String> members(int from, int to) {
        TreeSet<String> ids = new TreeSet<>(IdFileWriter.ID_ORDER);
        for (int fan = from; fan < to; fan++) {
            ids.add(IdFormat.SHA256.memberId("salt", "fan-" + fan));
        }
        return new ArrayList<>(ids);
    }
}
