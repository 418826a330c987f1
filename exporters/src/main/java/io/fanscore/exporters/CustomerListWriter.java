package io.fanscore.exporters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A customer list file (Google Customer Match, Meta Custom Audiences, TikTok custom audiences):
 * UTF-8 CSV, a header row naming the id column as the platform documents it, one normalised (and
 * where required SHA-256 hashed) id per line. FULL: {@code members.csv}; DELTA: {@code add.csv} and
 * {@code remove.csv}. Ids that are not valid ids of the destination's type are not sent; they are
 * listed in {@code unusable.txt} beside the export, which no platform is given.
 */
final class CustomerListWriter implements AudienceFileWriter {

    private final Path dir;
    private final IdNormaliser normaliser;
    private final String header;
    private final ListFile members;
    private final ListFile added;
    private final ListFile removed;
    private BufferedWriter unusable;
    private long unusableCount;

    CustomerListWriter(Path dir, ExportKind kind, CustomerListDialect dialect, IdType idType)
            throws IOException {
        this.dir = dir;
        this.normaliser = new IdNormaliser(dialect, idType);
        this.header = dialect.column(idType).header();
        boolean full = kind == ExportKind.FULL;
        this.members = full ? new ListFile("members.csv") : null;
        this.added = full ? null : new ListFile("add.csv");
        this.removed = full ? null : new ListFile("remove.csv");
    }

    @Override
    public void member(String id) throws IOException {
        write(members, id);
    }

    @Override
    public void added(String id) throws IOException {
        write(added, id);
    }

    @Override
    public void removed(String id) throws IOException {
        write(removed, id);
    }

    private void write(ListFile file, String id) throws IOException {
        Optional<String> value = normaliser.valueOf(id);
        if (value.isPresent()) {
            file.line(value.get());
            return;
        }
        if (unusable == null) {
            unusable = Files.newBufferedWriter(dir.resolve("unusable.txt"), StandardCharsets.UTF_8);
        }
        unusable.write(id);
        unusable.write('\n');
        unusableCount++;
    }

    @Override
    public List<ExportRecord.WrittenFile> finish() throws IOException {
        List<ExportRecord.WrittenFile> files = new ArrayList<>();
        for (ListFile file : new ListFile[] {members, added, removed}) {
            if (file != null) {
                files.add(file.finish());
            }
        }
        if (unusable != null) {
            unusable.close();
            files.add(WrittenFiles.describe(dir.resolve("unusable.txt"), unusableCount));
        }
        return files;
    }

    /** One CSV file of the list. */
    private final class ListFile {
        private final Path file;
        private final BufferedWriter writer;
        private long lines;

        ListFile(String name) throws IOException {
            this.file = dir.resolve(name);
            this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            writer.write(header);
            writer.write('\n');
        }

        void line(String value) throws IOException {
            // Hex digests and lowercase ids hold no comma, quote or line break: no quoting needed.
            writer.write(value);
            writer.write('\n');
            lines++;
        }

        ExportRecord.WrittenFile finish() throws IOException {
            writer.close();
            return WrittenFiles.describe(file, lines);
        }
    }
}
