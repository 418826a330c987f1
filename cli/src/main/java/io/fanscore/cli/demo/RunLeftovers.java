package io.fanscore.cli.demo;

import io.fanscore.packageformat.FileTrees;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What a finished demo run leaves in the data directory that no later run can use. */
final class RunLeftovers {

    private RunLeftovers() {}

    /** The drain's savepoint: the next run starts from empty topics, never from it. */
    static void deleteSavepoint(String savepoint) throws IOException {
        FileTrees.deleteTree(pathOf(savepoint));
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
        FileTrees.deleteTree(dir);
    }

    private static Path pathOf(String pathOrUri) {
        return pathOrUri.startsWith("file:") ? Path.of(URI.create(pathOrUri)) : Path.of(pathOrUri);
    }
}
