package io.fanscore.cli.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** What a finished demo run leaves in the data directory that no later run can use. */
final class RunLeftovers {

    private RunLeftovers() {}

    /** The drain's savepoint: the next run starts from empty topics, never from it. */
    static void deleteSavepoint(String savepoint) throws IOException {
        deleteTree(pathOf(savepoint));
    }

    /**
     * The job's checkpoint directory, which Flink empties but keeps when a job ends. Left alone if
     * anything is still in it.
     */
    static void deleteEmptyCheckpointDir(String checkpointsUri, String jobId) throws IOException {
        Path dir = pathOf(checkpointsUri).resolve(jobId);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            if (files.anyMatch(Files::isRegularFile)) {
                return;
            }
        }
        deleteTree(dir);
    }

    private static Path pathOf(String pathOrUri) {
        return pathOrUri.startsWith("file:") ? Path.of(URI.create(pathOrUri)) : Path.of(pathOrUri);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> deepestFirst;
        try (Stream<Path> files = Files.walk(root)) {
            deepestFirst = files.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path file : deepestFirst) {
            Files.delete(file);
        }
    }
}
