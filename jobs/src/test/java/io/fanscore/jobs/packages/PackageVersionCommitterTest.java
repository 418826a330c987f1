package io.fanscore.jobs.packages;

import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.PackageId;
import io.fanscore.packageformat.PackageLayout;
import io.fanscore.state.PackageVersionReady;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Publishing on the local file system: order, idempotence and how many versions are kept. */
class PackageVersionCommitterTest {

    private static final PackageId PACKAGE = new PackageId("p");

    @TempDir Path root;

    @Test
    void publishingAVersionRetiresTheOneKeepVersionsBeforeIt() throws Exception {
        for (int v = 1; v <= 5; v++) {
            assertThat(PackageVersionCommitter.publish(staged(v), 3)).isTrue();
        }
        assertThat(published()).containsExactly(3, 4, 5);
        assertThat(Files.exists(root.resolve(PackageLayout.stagingOf(PACKAGE, 5)))).isFalse();
    }

    @Test
    void aCommitRepeatedAfterARestoreIsANoOpAlsoOnceItsVersionIsRetired() throws Exception {
        for (int v = 1; v <= 5; v++) {
            PackageVersionCommitter.publish(staged(v), 2);
        }
        assertThat(PackageVersionCommitter.publish(staged(5), 2)).isFalse();
        // Versions 2 and 3 were published and retired long ago: not published again.
        assertThat(PackageVersionCommitter.publish(staged(2), 2)).isFalse();
        assertThat(PackageVersionCommitter.publish(staged(3), 2)).isFalse();
        assertThat(published()).containsExactly(4, 5);
    }

    @Test
    void aVersionWaitsForTheOneBeforeIt() throws Exception {
        PackageVersionCommitter.publish(staged(1), 2);
        assertThatThrownBy(() -> PackageVersionCommitter.publish(staged(3), 2))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 2 is not published yet");
        assertThat(PackageVersionCommitter.publish(staged(2), 2)).isTrue();
        assertThat(PackageVersionCommitter.publish(staged(3), 2)).isTrue();
        assertThat(published()).containsExactly(2, 3);
    }

    /** Version {@code v}'s files in staging, as the versioner leaves them. */
    private PackageVersionReady staged(int v) throws IOException {
        Path staging = root.resolve(PackageLayout.stagingOf(PACKAGE, v));
        Files.createDirectories(staging);
        Files.write(staging.resolve(FileRole.MEMBERS.fileName()), new byte[] {1});
        Files.write(staging.resolve(FileRole.CHANGES.fileName()), new byte[] {2});
        Path target = root.resolve(PackageLayout.versionOf(PACKAGE, v));
        return new PackageVersionReady(
                PACKAGE.value(),
                v,
                staging.toUri().toString(),
                target.toUri().toString(),
                "{\"version\": " + v + "}");
    }

    private List<Integer> published() throws IOException {
        try (Stream<Path> dirs = Files.list(root.resolve(PackageLayout.versionsOf(PACKAGE)))) {
            return dirs.map(d -> Integer.parseInt(d.getFileName().toString())).sorted().toList();
        }
    }
}
