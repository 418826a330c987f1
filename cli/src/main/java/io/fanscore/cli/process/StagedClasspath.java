package io.fanscore.cli.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A copy of a classpath directory next to a server's data, so that a rebuild of the project (which
 * rewrites {@code target/lib}) never swaps the jars under a running server.
 */
public final class StagedClasspath {

    private StagedClasspath() {}

    /** Replaces {@code staged} by a copy of the jars in {@code built}. */
    public static void copy(Path built, Path staged) throws IOException {
        if (Files.isDirectory(staged)) {
            try (Stream<Path> old = Files.list(staged)) {
                for (Path jar : old.toList()) {
                    Files.delete(jar);
                }
            }
        }
        Files.createDirectories(staged);
        try (Stream<Path> jars = Files.list(built)) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, staged.resolve(jar.getFileName()));
            }
        }
    }

    /** Whether {@code dir} holds a jar whose name starts with {@code prefix}. */
    public static boolean contains(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> jars = Files.list(dir)) {
            return jars.anyMatch(jar -> jar.getFileName().toString().startsWith(prefix));
        }
    }
}
