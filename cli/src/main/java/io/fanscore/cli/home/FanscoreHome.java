package io.fanscore.cli.home;

import java.nio.file.Path;

/**
 * Where the CLI keeps its data (broker, logs, checkpoints) and how it reads paths given by the
 * user. The {@code ./fanscore} script runs from the repository, so file arguments are resolved
 * against the caller's directory, which the script passes along.
 */
public final class FanscoreHome {

    private final Path dataDir;
    private final Path repository;
    private final Path callerDir;

    public FanscoreHome(Path dataDir, Path repository, Path callerDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.repository = repository.toAbsolutePath().normalize();
        this.callerDir = callerDir.toAbsolutePath().normalize();
    }

    /** From {@code -Dfanscore.home}, {@code -Dfanscore.repo} and {@code -Dfanscore.cwd}. */
    public static FanscoreHome fromSystemProperties() {
        Path workingDir = Path.of(System.getProperty("user.dir"));
        Path repository = Path.of(System.getProperty("fanscore.repo", workingDir.toString()));
        Path dataDir =
                Path.of(
                        System.getProperty(
                                "fanscore.home", repository.resolve(".fanscore").toString()));
        Path callerDir = Path.of(System.getProperty("fanscore.cwd", workingDir.toString()));
        return new FanscoreHome(dataDir, repository, callerDir);
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logsDir() {
        return dataDir.resolve("logs");
    }

    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    /** The broker's classpath, copied there by the build of the local-kafka module. */
    public Path brokerLibDir() {
        return repository.resolve("local-kafka").resolve("target").resolve("lib");
    }

    /** The local Flink cluster: configuration, logs, pid files, checkpoints and savepoints. */
    public Path clusterDir() {
        return dataDir.resolve("cluster");
    }

    /** The Flink cluster's classpath, copied there by the build of the local-flink module. */
    public Path flinkLibDir() {
        return repository.resolve("local-flink").resolve("target").resolve("lib");
    }

    /** The production cluster configuration, which the local cluster's is derived from. */
    public Path flinkConfDir() {
        return repository.resolve("flink-conf");
    }

    /** The job jar a cluster runs, built by the jobs module. */
    public Path jobJar() {
        return repository.resolve("jobs").resolve("target").resolve("fanscore-job.jar");
    }

    public String checkpointsUri() {
        return dataDir.resolve("checkpoints").toUri().toString();
    }

    public String savepointsUri() {
        return dataDir.resolve("savepoints").toUri().toString();
    }

    /** A file of the repository's flink-conf/ directory. */
    public Path confFile(String name) {
        return repository.resolve("flink-conf").resolve(name);
    }

    /** A path as the user meant it: relative to the directory they ran the command from. */
    public Path resolveUserPath(String path) {
        return callerDir.resolve(path).normalize();
    }
}
