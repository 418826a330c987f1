package io.fanscore.jobs.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Prometheus server and promtool as processes (Debian's {@code prometheus} package, which CI
 * installs in {@code .ci/run}). A missing binary is an error, never a reason to skip.
 */
public final class PrometheusBinaries {

    /** What a finished promtool run printed and returned. */
    public record Run(int exitCode, String output) {}

    private PrometheusBinaries() {}

    /** Runs {@code promtool args...} in {@code dir} and waits for it. */
    public static Run promtool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("promtool did not finish: " + output);
        }
        return new Run(process.exitValue(), output);
    }

    /** Starts a Prometheus server on 127.0.0.1:{@code port}; its output goes to {@code log}. */
    public static Process startServer(Path config, Path dataDir, int port, Path log)
            throws IOException {
        return new ProcessBuilder(
                        "prometheus",
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dataDir,
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
