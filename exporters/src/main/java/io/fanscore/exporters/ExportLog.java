package io.fanscore.exporters;

import io.fanscore.packageformat.FileTrees;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What was exported of one package to one destination: the export directories under {@code
 * <out>/<package>/<destination>/}, each {@code <sequence>-<kind>-v<version>/} with its files and
 * {@code export.json}. An export is staged in a directory starting with "." and renamed into place
 * whole, so the directories are the record: a crash before the rename leaves a staging directory
 * that the next run deletes and writes again; after it, the export counts. A rerun thus neither
 * skips nor repeats a version.
 */
public final class ExportLog {

    public static final String RECORD = "export.json";
    private static final Pattern EXPORT_DIR = Pattern.compile("(\\d{6})-(FULL|DELTA)-v(\\d+)");

    private final Path dir;
    private final List<ExportRecord> exports = new ArrayList<>();

    private ExportLog(Path dir) {
        this.dir = dir;
    }

    /** The log in {@code dir}, created if missing; staging left by a crash is deleted. */
    public static ExportLog open(Path dir) throws IOException {
        Files.createDirectories(dir);
        ExportLog log = new ExportLog(dir);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    FileTrees.deleteTree(entry);
                } else if (EXPORT_DIR.matcher(name).matches()
                        && Files.isRegularFile(entry.resolve(RECORD))) {
                    log.exports.add(ExportRecord.parse(Files.readString(entry.resolve(RECORD))));
                }
            }
        }
        log.exports.sort(Comparator.comparingInt(ExportRecord::sequence));
        return log;
    }

    public List<ExportRecord> exports() {
        return List.copyOf(exports);
    }

    public Optional<ExportRecord> last() {
        return exports.isEmpty() ? Optional.empty() : Optional.of(exports.get(exports.size() - 1));
    }

    public Optional<ExportRecord> lastFull() {
        for (int i = exports.size() - 1; i >= 0; i--) {
            if (exports.get(i).kind() == ExportKind.FULL) {
                return Optional.of(exports.get(i));
            }
        }
        return Optional.empty();
    }

    public int nextSequence() {
        return last().map(r -> r.sequence() + 1).orElse(1);
    }

    /** A fresh staging directory for the export {@code name}. */
    public Path stage(String name) throws IOException {
        Path staging = dir.resolve("." + name + ".partial");
        FileTrees.deleteTree(staging);
        return Files.createDirectories(staging);
    }

    /** The directory name of an export. */
    public static String nameOf(int sequence, ExportKind kind, int version) {
        return String.format("%06d-%s-v%d", sequence, kind.name(), version);
    }

    /** Writes the record into the staged export and moves it into place: the export counts. */
    public Path commit(Path staging, ExportRecord record) throws IOException {
        Files.writeString(staging.resolve(RECORD), record.toJson());
        Path target = dir.resolve(nameOf(record.sequence(), record.kind(), record.version()));
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the export directory must allow atomic renames: " + dir, e);
        }
        exports.add(record);
        return target;
    }
}
