package io.fanscore.jobs.packages;

import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.PackageLayout;
import io.fanscore.state.PackageVersionReady;

import org.apache.flink.api.connector.sink2.Committer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the committer tells Flink about each commit request: nothing when it published, already
 * committed when the version was there, retry later when it cannot publish yet.
 */
class PackageVersionCommitterCommitTest {

    private static final PackageId PACKAGE = new PackageId("p");

    @TempDir Path root;

    private final PackageVersionCommitter committer = new PackageVersionCommitter(5);

    @Test
    void aStagedVersionIsPublishedWithoutASignal() throws Exception {
        Request first = new Request(staged(1, "one"));

        commit(first);

        assertThat(first.signals).isEmpty();
        assertThat(manifest(1)).isEqualTo("one");
        assertThat(Files.exists(versionDir(1).resolve(FileRole.MEMBERS.fileName()))).isTrue();
        assertThat(Files.exists(root.resolve(PackageLayout.stagingOf(PACKAGE, 1)))).isFalse();
    }

    @Test
    void aRepeatedCommitSignalsAlreadyCommittedAndThePublishedVersionStays() throws Exception {
        commit(new Request(staged(1, "one")));
        Request repeated = new Request(staged(1, "one"));
        // A restore from older state may stage other content: the published version stays.
        Request other = new Request(staged(1, "other"));

        commit(repeated, other);

        assertThat(repeated.signals).containsExactly("already committed");
        assertThat(other.signals).containsExactly("already committed");
        assertThat(manifest(1)).isEqualTo("one");
        assertThat(Files.exists(root.resolve(PackageLayout.stagingOf(PACKAGE, 1)))).isFalse();
    }

    @Test
    void aVersionWhosePredecessorIsMissingIsRetriedLater() throws Exception {
        Request second = new Request(staged(2, "two"));
        Request first = new Request(staged(1, "one"));

        commit(second, first);

        assertThat(second.signals).containsExactly("retry later");
        assertThat(first.signals).isEmpty();
        assertThat(Files.exists(versionDir(2).resolve(PackageLayout.MANIFEST))).isFalse();
        assertThat(Files.exists(root.resolve(PackageLayout.stagingOf(PACKAGE, 2)))).isTrue();

        // Flink hands the request back; now its predecessor is there.
        commit(second);

        assertThat(second.signals).containsExactly("retry later");
        assertThat(manifest(2)).isEqualTo("two");
    }

    private void commit(Request... requests) {
        List<Committer.CommitRequest<PackageVersionReady>> all = new ArrayList<>();
        for (Request request : requests) {
            all.add(request);
        }
        committer.commit(all);
    }

    /** Version {@code v}'s files in staging, as the versioner leaves them. */
    private PackageVersionReady staged(int v, String manifest) throws IOException {
        Path staging = root.resolve(PackageLayout.stagingOf(PACKAGE, v));
        Files.createDirectories(staging);
        Files.write(staging.resolve(FileRole.MEMBERS.fileName()), new byte[] {1});
        Files.write(staging.resolve(FileRole.CHANGES.fileName()), new byte[] {2});
        return new PackageVersionReady(
                PACKAGE.value(),
                v,
                staging.toUri().toString(),
                versionDir(v).toUri().toString(),
                manifest);
    }

    private Path versionDir(int v) {
        return root.resolve(PackageLayout.versionOf(PACKAGE, v));
    }

    private String manifest(int v) throws IOException {
        Path manifest = versionDir(v).resolve(PackageLayout.MANIFEST);
        return Files.readString(manifest, StandardCharsets.UTF_8);
    }

    /** A commit request that records what the committer signals about it. */
    private static final class Request implements Committer.CommitRequest<PackageVersionReady> {
        final PackageVersionReady committable;
        final List<String> signals = new ArrayList<>();

        Request(PackageVersionReady committable) {
            this.committable = committable;
        }

        @Override
        public PackageVersionReady getCommittable() {
            return committable;
        }

        @Override
        public int getNumberOfRetries() {
            return (int) signals.stream().filter("retry later"::equals).count();
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            signals.add("failed: " + t);
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            signals.add("failed: " + t);
        }

        @Override
        public void retryLater() {
            signals.add("retry later");
        }

        @Override
        public void updateAndRetryLater(PackageVersionReady committable) {
            signals.add("update and retry later");
        }

        @Override
        public void signalAlreadyCommitted() {
            signals.add("already committed");
        }
    }
}
