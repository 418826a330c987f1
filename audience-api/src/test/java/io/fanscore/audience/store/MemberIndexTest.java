package io.fanscore.audience.store;

import io.fanscore.audience.testutils.PackageTreeFixture;
import io.fanscore.packageformat.IdFileWriter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemberIndexTest {

    @TempDir Path dir;

    @Test
    void everyMemberIsFoundAndOtherIdsAreNot() throws IOException {
        List<String> members = PackageTreeFixture.sha256Ids("salt", 0, 5_000);
        MemberIndex index = MemberIndex.build(membersFile(members), members.size());
        assertThat(index.size()).isEqualTo(members.size());
        assertThat(members).allMatch(index::contains);
        assertThat(PackageTreeFixture.sha256Ids("salt", 5_000, 5_000)).noneMatch(index::contains);
        assertThat(PackageTreeFixture.sha256Ids("other-salt", 0, 100)).noneMatch(index::contains);
    }

    @Test
    void aWrongSizeHintOnlyCostsCopies() throws IOException {
        List<String> members = PackageTreeFixture.sha256Ids("salt", 0, 1_000);
        Path file = membersFile(members);
        for (long hint : new long[] {0, 1, 999, 1_000, 50_000}) {
            MemberIndex index = MemberIndex.build(file, hint);
            assertThat(index.size()).as("hint %d", hint).isEqualTo(1_000);
            assertThat(members).as("hint %d", hint).allMatch(index::contains);
        }
    }

    @Test
    void anEmptyFileHasNoMembers() throws IOException {
        MemberIndex index = MemberIndex.build(membersFile(List.of()));
        assertThat(index.size()).isZero();
        assertThat(index.contains("fan-1")).isFalse();
        assertThat(index.contains("")).isFalse();
    }

    @Test
    void onlyTheExactIdIsAMemberNotItsPrefixesOrExtensions() throws IOException {
        MemberIndex index =
                MemberIndex.build(membersFile(List.of("fan-1", "fan-100", "fan-1000", "fän-7")));
        assertThat(index.contains("fan-1")).isTrue();
        assertThat(index.contains("fan-100")).isTrue();
        assertThat(index.contains("fan-1000")).isTrue();
        assertThat(index.contains("fän-7")).isTrue();
        assertThat(index.contains("fan-")).isFalse();
        assertThat(index.contains("fan-10")).isFalse();
        assertThat(index.contains("fan-10000")).isFalse();
        assertThat(index.contains("fan-2")).isFalse();
        assertThat(index.contains("FAN-1")).isFalse();
        assertThat(index.contains("fan-1 ")).isFalse();
        assertThat(index.contains("fan-7")).isFalse();
    }

    @Test
    void aFingerprintIsTheFirstEightBytesOfTheSha256OfTheUtf8Id() {
        // SHA-256("abc") = ba7816bf8f01cfea 414140de5dae2223 b00361a396177a9c b410ff61f20015ad
        assertThat(MemberIndex.fingerprint("abc".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(0xba7816bf8f01cfeaL);
    }

    @Test
    void aFileThatIsNotGzipOfIdLinesIsAnError() throws IOException {
        Path notGzip = Files.writeString(dir.resolve("plain.txt"), "fan-1\nfan-2\n");
        assertThatThrownBy(() -> MemberIndex.build(notGzip)).isInstanceOf(IOException.class);
    }

    private Path membersFile(List<String> ids) throws IOException {
        Path file = Files.createTempFile(dir, "members", ".txt.gz");
        List<String> sorted = ids.stream().sorted(IdFileWriter.ID_ORDER).toList();
        try (IdFileWriter writer =
                new IdFileWriter(file.getFileName().toString(), Files.newOutputStream(file))) {
            for (String id : sorted) {
                writer.member(id);
            }
            writer.finish();
        }
        return file;
    }
}
