package io.fanscore.cli.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The newest completed checkpoint under checkpoint directories laid out as Flink lays them out
 * ({@code <root>/<job id>/chk-<n>/_metadata}): what a running job's state looks like now. A
 * checkpoint counts once its {@code _metadata} exists, which Flink writes last.
 */
public final class LatestCheckpoint {

    private LatestCheckpoint() {}

    public static Optional<Path> under(List<Path> roots) {
        return roots.stream()
                .filter(Files::isDirectory)
                .flatMap(LatestCheckpoint::metadataFiles)
                .max(Comparator.comparing(LatestCheckpoint::modified))
                .map(Path::getParent);
    }

    private static Stream<Path> metadataFiles(Path root) {
        try (Stream<Path> files = Files.find(root, 3, LatestCheckpoint::isCheckpointMetadata)) {
            return files.toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isCheckpointMetadata(Path file, Object attributes) {
        Path dir = file.getParent();
        return file.getFileName().toString().equals("_metadata")
                && dir != null
                && dir.getFileName().toString().startsWith("chk-");
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            // Removed since it was listed: a newer checkpoint subsumed it.
            return FileTime.fromMillis(Long.MIN_VALUE);
        }
    }
}
