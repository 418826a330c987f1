package io.fanscore.packageformat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Versions written by the tree writer read back through the tree and pass the file check. */
class LocalPackageTreeTest {

    private static final PackageId P = new PackageId("fans");

    @TempDir Path root;

    @Test
    void versionsReadBackWithTheirMembersAndTheChangesBetweenThem() throws Exception {
        LocalPackageTreeWriter writer = new LocalPackageTreeWriter(root);
        writer.write(P, 1, "c", 10L, List.of("b", "a", "c", "a"), 1, IdFormat.RAW);
        VersionManifest second =
                writer.write(P, 2, "c", 20L, List.of("é", "c", "z"), 1, IdFormat.RAW);
        LocalPackageTree tree = writer.tree();

        assertThat(tree.versions(P)).containsExactly(1, 2);
        assertThat(tree.latestVersion(P)).hasValue(2);
        assertThat(tree.manifest(P, 2)).contains(second);
        assertThat(tree.lines(second, FileRole.MEMBERS)).containsExactly("c", "z", "é");
        assertThat(tree.lines(second, FileRole.CHANGES)).containsExactly("-a", "-b", "+z", "+é");
        assertThat(second.addedCount()).isEqualTo(2);
        assertThat(second.removedCount()).isEqualTo(2);
        assertThat(tree.manifest(P, 3)).isEmpty();
        assertThat(tree.latestVersion(new PackageId("other"))).isEqualTo(OptionalInt.empty());
    }

    @Test
    void aVersionBelowItsMinimumIsWithheldAndItsChangesUndoThePublishedSet() throws Exception {
        LocalPackageTreeWriter writer = new LocalPackageTreeWriter(root);
        writer.write(P, 1, "c", 10L, List.of("a", "b"), 2, IdFormat.RAW);
        VersionManifest withheld = writer.write(P, 2, "c", 20L, List.of("a"), 2, IdFormat.RAW);
        assertThat(withheld.status()).isEqualTo(VersionStatus.BELOW_MIN_SIZE);
        assertThat(writer.tree().lines(withheld, FileRole.MEMBERS)).isEmpty();
        assertThat(writer.tree().lines(withheld, FileRole.CHANGES)).containsExactly("-a", "-b");
    }

    @Test
    void onlyDirectoriesWithAManifestAndAPlainVersionNameAreVersions() throws Exception {
        new LocalPackageTreeWriter(root).write(P, 1, "c", 10L, List.of("a"), 1, IdFormat.RAW);
        Files.createDirectories(root.resolve("fans/versions/2")); // no manifest yet
        Files.createDirectories(root.resolve("fans/versions/007"));
        Files.writeString(root.resolve("fans/versions/007/manifest.json"), "{}");
        Files.createDirectories(root.resolve("fans/versions/99999999999"));
        Files.writeString(root.resolve("fans/versions/99999999999/manifest.json"), "{}");
        assertThat(new LocalPackageTree(root).versions(P)).containsExactly(1);
    }

    @Test
    void theCheckNamesWhatIsWrongWithAStoredFile() throws Exception {
        VersionManifest manifest =
                new LocalPackageTreeWriter(root)
                        .write(P, 1, "c", 10L, List.of("a", "b", "c"), 1, IdFormat.RAW);
        byte[] good =
                Files.readAllBytes(new LocalPackageTree(root).file(manifest, FileRole.MEMBERS));

        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 1;
        assertThatThrownBy(() -> check(flipped, manifest, FileRole.MEMBERS))
                .hasMessageContaining("sha256");
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 4);
        assertThatThrownBy(() -> check(truncated, manifest, FileRole.MEMBERS))
                .hasMessageContaining("bytes, the manifest says");

        byte[] unsorted = gzip("b\na\nc\n");
        assertThatThrownBy(() -> check(unsorted, withFile(manifest, unsorted), FileRole.MEMBERS))
                .hasMessageContaining("not strictly sorted");
        byte[] notChanges = gzip("a\n");
        assertThatThrownBy(
                        () -> check(notChanges, withFile(manifest, notChanges), FileRole.CHANGES))
                .hasMessageContaining("not +id or -id");
        byte[] fewer = gzip("a\nb\n");
        assertThatThrownBy(() -> check(fewer, withFile(manifest, fewer), FileRole.MEMBERS))
                .hasMessageContaining("other line counts");
        byte[] noNewline = gzip("a\nb\nc");
        assertThatThrownBy(() -> check(noNewline, withFile(manifest, noNewline), FileRole.MEMBERS))
                .hasMessageContaining("not complete gzip of id lines");

        check(good, manifest, FileRole.MEMBERS);
    }

    @Test
    void theWriterRefusesIdsOutOfOrder() throws Exception {
        try (IdFileWriter writer = new IdFileWriter("x", OutputStream.nullOutputStream())) {
            writer.member("b");
            assertThatThrownBy(() -> writer.member("a"))
                    .isInstanceOf(IdFileWriter.OutOfOrderException.class);
            assertThatThrownBy(() -> writer.member("b"))
                    .isInstanceOf(IdFileWriter.OutOfOrderException.class);
        }
    }

    private static void check(byte[] stored, VersionManifest manifest, FileRole role)
            throws FormatException {
        try (InputStream in = new java.io.ByteArrayInputStream(stored)) {
            IdFileCheck.verify(in, manifest, role);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The manifest, with both files said to be exactly {@code stored}. */
    private static VersionManifest withFile(VersionManifest manifest, byte[] stored) {
        StoredFile file =
                new StoredFile(
                        "f.gz", stored.length, java.util.HexFormat.of().formatHex(sha256(stored)));
        return VersionManifest.of(
                manifest.packageId(),
                manifest.version(),
                manifest.creatorId(),
                manifest.cutoff(),
                manifest.status(),
                manifest.idFormat(),
                manifest.memberCount(),
                manifest.addedCount(),
                manifest.removedCount(),
                manifest.minSize(),
                file,
                file);
    }

    private static byte[] gzip(String text) throws java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
