package io.fanscore.packageformat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionManifestTest {

    private static final PackageId P = new PackageId("p");
    private static final StoredFile MEMBERS = new StoredFile("members.txt.gz", 42, "ab".repeat(32));
    private static final StoredFile CHANGES = new StoredFile("changes.txt.gz", 40, "cd".repeat(32));

    @TempDir Path root;

    @Test
    void whatIsWrittenParsesBackToTheSameFields() throws Exception {
        VersionManifest written =
                VersionManifest.of(
                        P,
                        2,
                        "c1",
                        3_600_000L,
                        VersionStatus.PUBLISHED,
                        IdFormat.MD5,
                        3,
                        1,
                        0,
                        1,
                        MEMBERS,
                        CHANGES);
        VersionManifest parsed = VersionManifest.parse(written.toJson(), P, 2);
        assertThat(parsed).isEqualTo(written);
        assertThat(parsed.document().path("cutoff_utc").asText()).isEqualTo("1970-01-01T01:00:00Z");
        assertThat(parsed.document().path("format").asText()).isEqualTo(VersionManifest.FORMAT);
        assertThat(parsed.file(FileRole.CHANGES)).isEqualTo(CHANGES);
    }

    @Test
    void aWithheldVersionShowsNoMembersWhateverItsAudience() throws Exception {
        VersionManifest withheld =
                VersionManifest.of(
                        P,
                        1,
                        "c1",
                        0L,
                        VersionStatus.BELOW_MIN_SIZE,
                        IdFormat.SHA256,
                        7,
                        0,
                        0,
                        100,
                        MEMBERS,
                        CHANGES);
        assertThat(withheld.memberCount()).isZero();
        assertThat(VersionManifest.parse(withheld.toJson(), P, 1).memberCount()).isZero();
    }

    @Test
    void aManifestFromAnotherDirectoryOrWithBadFieldsBreaksTheFormat() throws Exception {
        new LocalPackageTreeWriter(root)
                .write(P, 1, "c1", 0L, List.of("a", "b", "c"), 1, IdFormat.MD5);
        byte[] json = Files.readAllBytes(root.resolve("p/versions/1/manifest.json"));
        assertThatThrownBy(() -> VersionManifest.parse(json, new PackageId("q"), 1))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("package_id");
        assertThatThrownBy(() -> VersionManifest.parse(json, P, 2)).hasMessageContaining("version");
        String text = new String(json, StandardCharsets.UTF_8);
        for (String broken :
                List.of(
                        text.replace("\"md5\"", "\"crc32\""),
                        text.replace("\"PUBLISHED\"", "\"MAYBE\""),
                        text.replace("members.txt.gz", "../members.txt.gz"),
                        text.replace("\"member_count\" : 3", "\"member_count\" : -3"),
                        text.replace("\"member_count\" : 3", "\"member_count\" : 3.5"),
                        text.replace(
                                "\"status\" : \"PUBLISHED\"", "\"status\" : \"BELOW_MIN_SIZE\""),
                        "[]",
                        "not json")) {
            assertThatThrownBy(() -> VersionManifest.parse(broken, P, 1))
                    .as(broken)
                    .isInstanceOf(FormatException.class);
        }
    }
}
