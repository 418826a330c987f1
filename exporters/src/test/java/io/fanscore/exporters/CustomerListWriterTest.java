package io.fanscore.exporters;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Customer list files are read back by Python's csv module, and their hashes recomputed by Python's
 * hashlib from the normalised ids the platforms document.
 */
class CustomerListWriterTest {

    /**
     * Prints each CSV's header, then for every row the SHA-256 (hashlib) of {@code expected}'s line
     * at the same position and the row's value, tab-separated.
     */
    private static final String CHECK =
            """
            import csv, hashlib, sys
            rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
            expected = open(sys.argv[2], encoding='utf-8').read().split('\\n')[:-1]
            print(rows[0][0])
            for row, plain in zip(rows[1:], expected):
                digest = hashlib.sha256(plain.encode('utf-8')).hexdigest() if sys.argv[3] == 'hash' else plain
                print(digest + '\\t' + row[0] + '\\t' + str(len(row)))
            print(len(rows) - 1)
            """;

    @TempDir Path dir;

    @Test
    void googleTakesHashedNormalisedEmailsUnderItsEnglishHeader() throws Exception {
        CustomerListWriter writer =
                new CustomerListWriter(
                        dir, ExportKind.FULL, CustomerListDialect.GOOGLE, IdType.EMAIL);
        writer.member(" Fan.One@Example.COM ");
        writer.member("not-an-email");
        writer.member("two+promo@example.com");
        List<ExportRecord.WrittenFile> files = writer.finish();

        assertThat(files)
                .extracting(ExportRecord.WrittenFile::name, ExportRecord.WrittenFile::ids)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("members.csv", 2L),
                        org.assertj.core.groups.Tuple.tuple("unusable.txt", 1L));
        assertReadsBack(
                "members.csv",
                "Email",
                List.of("fan.one@example.com", "two+promo@example.com"),
                true);
        assertThat(Files.readString(dir.resolve("unusable.txt"))).isEqualTo("not-an-email\n");
    }

    @Test
    void tiktokDropsTheTagAndThePlusOfPhonesAndMetaKeepsMobileIdsUnhashed() throws Exception {
        CustomerListWriter tiktok =
                new CustomerListWriter(
                        dir, ExportKind.DELTA, CustomerListDialect.TIKTOK, IdType.EMAIL);
        tiktok.added("two+promo@example.com");
        tiktok.removed("old@example.com");
        tiktok.finish();
        assertReadsBack("add.csv", "Email_SHA256", List.of("two@example.com"), true);
        assertReadsBack("remove.csv", "Email_SHA256", List.of("old@example.com"), true);

        Path phones = Files.createDirectories(dir.resolve("phones"));
        CustomerListWriter meta =
                new CustomerListWriter(
                        phones, ExportKind.FULL, CustomerListDialect.META, IdType.PHONE);
        meta.member("+1 (650) 253-1234");
        meta.finish();
        assertReadsBack(phones.resolve("members.csv"), "phone", List.of("16502531234"), true);

        Path maids = Files.createDirectories(dir.resolve("maids"));
        CustomerListWriter madid =
                new CustomerListWriter(
                        maids, ExportKind.FULL, CustomerListDialect.META, IdType.MAID);
        madid.member("AECE52E7-03EE-455A-B3C4-E57283966239");
        madid.finish();
        assertReadsBack(
                maids.resolve("members.csv"),
                "madid",
                List.of("aece52e7-03ee-455a-b3c4-e57283966239"),
                false);
    }

    private void assertReadsBack(String file, String header, List<String> plain, boolean hashed)
            throws Exception {
        assertReadsBack(dir.resolve(file), header, plain, hashed);
    }

    private void assertReadsBack(Path file, String header, List<String> plain, boolean hashed)
            throws Exception {
        Path script = dir.resolve("check.py");
        Files.writeString(script, CHECK);
        Path expected = Files.createTempFile(dir, "expected", ".txt");
        Files.writeString(expected, String.join("\n", plain) + "\n", StandardCharsets.UTF_8);
        String output =
                ExternalTool.run(
                        List.of(
                                "python3",
                                script.toString(),
                                file.toString(),
                                expected.toString(),
                                hashed ? "hash" : "plain"),
                        new byte[0],
                        dir);
        List<String> lines = output.lines().toList();
        assertThat(lines.get(0)).isEqualTo(header);
        assertThat(lines.get(lines.size() - 1)).isEqualTo(Integer.toString(plain.size()));
        for (String row : lines.subList(1, lines.size() - 1)) {
            String[] parts = row.split("\t");
            assertThat(parts[1]).as("value in %s", file).isEqualTo(parts[0]);
            assertThat(parts[2]).as("one column").isEqualTo("1");
        }
        assertThat(lines).hasSize(plain.size() + 2);
    }
}
