package io.fanscore.bench;

import io.fanscore.cli.home.FanscoreHome;

import java.nio.file.Path;

/** Where a benchmark keeps its broker, checkpoints and files: a folder of its own. */
final class BenchHome {

    private BenchHome() {}

    /** {@code .fanscore/<name>} of this checkout, holding the benchmark's data and logs. */
    static FanscoreHome of(String name) {
        Path dataDir = FanscoreHome.fromSystemProperties().dataDir().resolve(name);
        return new FanscoreHome(
                dataDir, Path.of(System.getProperty("fanscore.repo", ".")), dataDir);
    }
}
