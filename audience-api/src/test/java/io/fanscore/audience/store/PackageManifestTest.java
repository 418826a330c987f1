package io.fanscore.audience.store;

import io.fanscore.audience.testutils.PackageTreeFixture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PackageManifestTest {

    @TempDir Path root;

    @Test
    void readsWhatTheFixtureWritesAsTheDocSaysTheJobDoes() throws Exception {
        Path manifest = writeOne("p", 2).manifestFile();
        PackageManifest parsed =
                PackageManifest.parse(Files.readAllBytes(manifest), new PackageId("p"), 2);
        assertThat(parsed.status()).isEqualTo(VersionStatus.PUBLISHED);
        assertThat(parsed.idFormat()).isEqualTo(IdFormat.MD5);
        assertThat(parsed.memberCount()).isEqualTo(3);
        assertThat(parsed.members().name()).isEqualTo("members.txt.gz");
        assertThat(parsed.summary().has("files")).isFalse();
        assertThat(parsed.summary().path("cutoff_utc").asText()).isEqualTo("2026-01-01T01:00:00Z");
    }

    @Test
    void aManifestFromAnotherDirectoryOrWithBadFieldsIsCorrupt() throws Exception {
        byte[] json = Files.readAllBytes(writeOne("p", 1).manifestFile());
        assertThatThrownBy(() -> PackageManifest.parse(json, new PackageId("q"), 1))
                .isInstanceOf(CorruptVersionException.class)
                .hasMessageContaining("package_id");
        assertThatThrownBy(() -> PackageManifest.parse(json, new PackageId("p"), 2))
                .hasMessageContaining("version");
        String text = new String(json, StandardCharsets.UTF_8);
        for (String broken :
                List.of(
                        text.replace("\"md5\"", "\"crc32\""),
                        text.replace("\"PUBLISHED\"", "\"MAYBE\""),
                        text.replace("members.txt.gz", "../members.txt.gz"),
                        text.replace("\"member_count\" : 3", "\"member_count\" : -3"),
                        "[]",
                        "not json")) {
            assertThatThrownBy(
                            () ->
                                    PackageManifest.parse(
                                            broken.getBytes(StandardCharsets.UTF_8),
                                            new PackageId("p"),
                                            1))
                    .as(broken)
                    .isInstanceOf(CorruptVersionException.class);
        }
    }

    private PackageTreeFixture.WrittenVersion writeOne(String id, int version) {
        PackageTreeFixture fixture = new PackageTreeFixture(root);
        PackageTreeFixture.WrittenVersion written = null;
        for (int v = 1; v <= version; v++) {
            written = fixture.write(id, v, List.of("a", "b", "c"), 1, "md5");
        }
        return written;
    }
}
