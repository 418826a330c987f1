package io.fanscore.exporters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A zip archive holding one text file, written line by line. */
final class ZipTextFile {

    private final Path file;
    private final ZipOutputStream zip;
    private long textBytes;
    private long ids;

    ZipTextFile(Path file, String entryName) throws IOException {
        this.file = file;
        this.zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file)));
        ZipEntry entry = new ZipEntry(entryName);
        // A fixed time, so that the same export writes the same bytes.
        entry.setTime(0);
        zip.putNextEntry(entry);
    }

    void writeLine(byte[] line, int idsInLine) throws IOException {
        zip.write(line);
        textBytes += line.length;
        ids += idsInLine;
    }

    long textBytes() {
        return textBytes;
    }

    ExportRecord.WrittenFile finish() throws IOException {
        zip.closeEntry();
        zip.close();
        return WrittenFiles.describe(file, ids);
    }
}
