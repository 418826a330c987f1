package io.fanscore.jobs.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program the test did not write (kcat, node), run to completion with files for its standard
 * input and output. A missing program fails the test: these tests prove something only when they
 * run.
 */
final class ExternalTool {

    private static final long TIMEOUT_SECONDS = 60;

    private ExternalTool() {}

    /** Fails unless {@code command} runs and exits 0, naming what to install. */
    static void require(String installHint, String... command) {
        try {
            run(List.of(command), null, Files.createTempFile("tool-check", ".out"));
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(
                    "'" + command[0] + "' is needed for this test: " + installHint + " (" + e + ")",
                    e);
        }
    }

    /** Runs {@code command}; stdin from {@code in} (or nothing), stdout to {@code out}. */
    static void run(List<String> command, Path in, Path out) throws IOException {
        Path err = Files.createTempFile("tool", ".err");
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
        builder.redirectInput(
                in == null
                        ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                        : ProcessBuilder.Redirect.from(in.toFile()));
        Process process = builder.start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    String.join(" ", command)
                            + " exited "
                            + process.exitValue()
                            + ": "
                            + Files.readString(err, StandardCharsets.UTF_8));
        }
    }
}
