package io.fanscore.exporters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The Ocean Engine DMP upload format: text lines, each the base64 of one serialized {@code
 * toutiao.dmp.DmpData} (proto2: {@code repeated IdItem idList = 1}; {@code IdItem}: {@code dataType
 * = 2} (enum), {@code id = 3} (string, lowercase)), at most 10 000 ids a line, in zip archives of
 * at most 50 MB. A FULL export is {@code full-NNNN.zip}; a DELTA is {@code add-NNNN.zip} and {@code
 * remove-NNNN.zip}, for a data source update that appends and one that deletes. The protobuf
 * encoding is written here directly (two fields, no library needed); the tests decode it with
 * {@code protoc --decode} against the published message definitions.
 */
final class DmpFileWriter implements AudienceFileWriter {

    /** {@code IdItem.DataType.UID}. */
    static final int UID = 2;

    static final int MAX_IDS_PER_LINE = 10_000;

    /** Below the platform's 50 MB, counted before compression, so the zip never exceeds it. */
    static final long MAX_ARCHIVE_BYTES = 48L * 1024 * 1024;

    private final int dataType;
    private final ZipSeries members;
    private final ZipSeries added;
    private final ZipSeries removed;
    private final long maxArchiveBytes;

    DmpFileWriter(Path dir, ExportKind kind, int dataType) {
        this(dir, kind, dataType, MAX_ARCHIVE_BYTES, MAX_IDS_PER_LINE);
    }

    DmpFileWriter(Path dir, ExportKind kind, int dataType, long maxArchiveBytes, int idsPerLine) {
        this.dataType = dataType;
        this.maxArchiveBytes = maxArchiveBytes;
        boolean full = kind == ExportKind.FULL;
        this.members = full ? new ZipSeries(dir, "full", idsPerLine) : null;
        this.added = full ? null : new ZipSeries(dir, "add", idsPerLine);
        this.removed = full ? null : new ZipSeries(dir, "remove", idsPerLine);
    }

    static int dataTypeOf(IdType idType) {
        if (idType != IdType.UID) {
            throw new IllegalArgumentException("the DMP writer takes uid ids, not " + idType);
        }
        return UID;
    }

    @Override
    public void member(String id) throws IOException {
        members.add(id);
    }

    @Override
    public void added(String id) throws IOException {
        added.add(id);
    }

    @Override
    public void removed(String id) throws IOException {
        removed.add(id);
    }

    @Override
    public List<ExportRecord.WrittenFile> finish() throws IOException {
        List<ExportRecord.WrittenFile> files = new ArrayList<>();
        for (ZipSeries series : new ZipSeries[] {members, added, removed}) {
            if (series != null) {
                files.addAll(series.finish());
            }
        }
        return files;
    }

    /** Lines of up to {@code idsPerLine} ids, in numbered archives of bounded size. */
    private final class ZipSeries {

        private final Path dir;
        private final String prefix;
        private final int idsPerLine;
        private final List<byte[]> line = new ArrayList<>();
        private final List<ExportRecord.WrittenFile> done = new ArrayList<>();
        private ZipTextFile archive;
        private int archives;

        ZipSeries(Path dir, String prefix, int idsPerLine) {
            this.dir = dir;
            this.prefix = prefix;
            this.idsPerLine = idsPerLine;
        }

        void add(String id) throws IOException {
            line.add(item(id.toLowerCase(Locale.ROOT)));
            if (line.size() == idsPerLine) {
                flushLine();
            }
        }

        List<ExportRecord.WrittenFile> finish() throws IOException {
            flushLine();
            if (archive == null) {
                // An empty list is still a file, so that every export names what it sent.
                archive = newArchive();
            }
            done.add(archive.finish());
            return done;
        }

        private void flushLine() throws IOException {
            if (line.isEmpty()) {
                return;
            }
            byte[] encoded = encodeLine(line);
            if (archive != null && archive.textBytes() + encoded.length > maxArchiveBytes) {
                done.add(archive.finish());
                archive = null;
            }
            if (archive == null) {
                archive = newArchive();
            }
            archive.writeLine(encoded, line.size());
            line.clear();
        }

        private ZipTextFile newArchive() throws IOException {
            archives++;
            String name = String.format("%s-%04d", prefix, archives);
            return new ZipTextFile(dir.resolve(name + ".zip"), name + ".txt");
        }
    }

    /** One {@code IdItem}: field 2 (varint data type) and field 3 (the id). */
    private byte[] item(String id) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        ProtoBytes item = new ProtoBytes();
        item.tag(2, 0).varint(dataType);
        item.tag(3, 2).varint(idBytes.length).bytes(idBytes);
        return item.toByteArray();
    }

    /** A {@code DmpData} of {@code items} (field 1, repeated), base64, then a newline. */
    private static byte[] encodeLine(List<byte[]> items) {
        ProtoBytes data = new ProtoBytes();
        for (byte[] item : items) {
            data.tag(1, 2).varint(item.length).bytes(item);
        }
        byte[] base64 = Base64.getEncoder().encode(data.toByteArray());
        byte[] line = new byte[base64.length + 1];
        System.arraycopy(base64, 0, line, 0, base64.length);
        line[base64.length] = '\n';
        return line;
    }

    /** Protocol buffers wire format, the two constructs these messages need. */
    private static final class ProtoBytes {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        ProtoBytes tag(int field, int wireType) {
            return varint((field << 3) | wireType);
        }

        ProtoBytes varint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
            return this;
        }

        ProtoBytes bytes(byte[] bytes) {
            out.write(bytes, 0, bytes.length);
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
