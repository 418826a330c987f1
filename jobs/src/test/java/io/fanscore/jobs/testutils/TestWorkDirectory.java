package io.fanscore.jobs.testutils;

import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh directory per test under {@code target/it-work}, for what a running job writes
 * (checkpoints, package versions). Not a {@code @TempDir}: the cluster may still delete subsumed
 * checkpoints after a job has ended, and a directory changing under JUnit's clean-up fails a test
 * that passed. Emptied when the test starts again instead; {@code mvn clean} removes it.
 */
public final class TestWorkDirectory {

    private static final Path ROOT = Path.of("target", "it-work");

    private TestWorkDirectory() {}

    public static Path freshFor(TestInfo test) throws IOException {
        String method = test.getTestMethod().map(m -> m.getName()).orElse("class");
        String owner = test.getTestClass().map(Class::getSimpleName).orElse("unknown");
        Path directory = ROOT.resolve(owner).resolve(method).toAbsolutePath();
        deleteTree(directory);
        return Files.createDirectories(directory);
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
