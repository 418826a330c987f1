package io.fanscore.exporters;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DMP lines, unzipped and base64-decoded, are decoded by {@code protoc --decode} against the
 * published message definitions: every id comes back, lowercase, as a UID, at most the allowed ids
 * per line, in archives of bounded size.
 */
class DmpFileWriterTest {

    private static final Pattern ID = Pattern.compile("id: \"([^\"]*)\"");

    @TempDir Path dir;

    @Test
    void aFullExportIsProtobufDmpDataLinesThatProtocDecodes() throws Exception {
        Path proto = Path.of("src/test/resources/toutiao_dmp.proto").toAbsolutePath();
        DmpFileWriter writer =
                new DmpFileWriter(dir, ExportKind.FULL, DmpFileWriter.UID, 1 << 20, 3);
        List<String> ids = List.of("1001", "1002", "ABC3", "1004", "1005", "1006", "1007");
        for (String id : ids) {
            writer.member(id);
        }
        List<ExportRecord.WrittenFile> files = writer.finish();

        assertThat(files)
                .extracting(ExportRecord.WrittenFile::name)
                .containsExactly("full-0001.zip");
        assertThat(files.get(0).ids()).isEqualTo(7);
        List<String> lines = linesOf(dir.resolve("full-0001.zip"));
        assertThat(lines).hasSize(3); // 3 + 3 + 1 ids
        List<String> decoded = new ArrayList<>();
        for (String line : lines) {
            String text =
                    ExternalTool.run(
                            List.of(
                                    "protoc",
                                    "--proto_path=" + proto.getParent(),
                                    "--decode=toutiao.dmp.DmpData",
                                    proto.getFileName().toString()),
                            Base64.getDecoder().decode(line),
                            dir);
            assertThat(text).contains("dataType: UID").doesNotContain("timestamp");
            Matcher matcher = ID.matcher(text);
            int inLine = 0;
            while (matcher.find()) {
                decoded.add(matcher.group(1));
                inLine++;
            }
            assertThat(inLine).isBetween(1, 3);
        }
        assertThat(decoded).containsExactly("1001", "1002", "abc3", "1004", "1005", "1006", "1007");
    }

    @Test
    void aDeltaWritesAddsAndRemovesApartAndSplitsArchivesBySize() throws Exception {
        DmpFileWriter writer = new DmpFileWriter(dir, ExportKind.DELTA, DmpFileWriter.UID, 40, 1);
        writer.added("1");
        writer.removed("2");
        writer.added("3");
        writer.added("4");
        List<ExportRecord.WrittenFile> files = writer.finish();

        // One id a line is 12 bytes of base64 and a newline: three lines fit in 40 bytes.
        assertThat(files)
                .extracting(ExportRecord.WrittenFile::name, ExportRecord.WrittenFile::ids)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("add-0001.zip", 3L),
                        org.assertj.core.groups.Tuple.tuple("remove-0001.zip", 1L));
        assertThat(linesOf(dir.resolve("add-0001.zip"))).hasSize(3);

        DmpFileWriter small = new DmpFileWriter(dir.resolve("small"), ExportKind.DELTA, 2, 20, 1);
        Files.createDirectories(dir.resolve("small"));
        small.added("1");
        small.added("3");
        small.added("4");
        assertThat(small.finish())
                .extracting(ExportRecord.WrittenFile::name)
                .containsExactly("add-0001.zip", "add-0002.zip", "add-0003.zip", "remove-0001.zip");
    }

    private static List<String> linesOf(Path zip) throws Exception {
        List<String> lines = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry = in.getNextEntry();
            assertThat(entry.getName()).endsWith(".txt");
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }
}
