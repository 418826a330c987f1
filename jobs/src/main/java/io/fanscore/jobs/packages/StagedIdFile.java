package io.fanscore.jobs.packages;

import io.fanscore.packageformat.FileRole;
import io.fanscore.packageformat.IdFileWriter;
import io.fanscore.packageformat.StoredFile;

import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes one id file of a version into its staging directory, through Flink's file systems. Lines
 * are streamed in the order state gives them (sorted for hashed ids); if that order is not the
 * files' order, the lines are sorted in memory and written again.
 */
final class StagedIdFile {

    /** Something that writes a file's lines: {@code (joined, id)}, a members line joined. */
    interface Lines {
        void writeTo(LineSink sink) throws Exception;
    }

    interface LineSink {
        void line(boolean joined, String id) throws IOException;
    }

    private StagedIdFile() {}

    /**
     * Streams the lines of one file; if the state gave them out of order, sorts them and writes
     * again. A members line is {@code (true, id)}.
     */
    static StoredFile write(Path directory, FileRole role, Lines lines) throws Exception {
        try (IdFileWriter file = open(directory, role)) {
            lines.writeTo(line(file, role));
            return file.finish();
        } catch (IdFileWriter.OutOfOrderException outOfOrder) {
            Map<String, Boolean> sorted = new TreeMap<>(IdFileWriter.ID_ORDER);
            lines.writeTo((joined, id) -> sorted.put(id, joined));
            try (IdFileWriter file = open(directory, role)) {
                LineSink sink = line(file, role);
                for (Map.Entry<String, Boolean> line : sorted.entrySet()) {
                    sink.line(line.getValue(), line.getKey());
                }
                return file.finish();
            }
        }
    }

    /** Through Flink's file systems, so that {@code s3://} and {@code hdfs://} work like local. */
    private static IdFileWriter open(Path directory, FileRole role) throws IOException {
        Path path = new Path(directory, role.fileName());
        return new IdFileWriter(
                role.fileName(), path.getFileSystem().create(path, FileSystem.WriteMode.OVERWRITE));
    }

    private static LineSink line(IdFileWriter file, FileRole role) {
        return role == FileRole.MEMBERS ? (joined, id) -> file.member(id) : file::change;
    }
}
