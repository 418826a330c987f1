package io.fanscore.cli.kafka;

import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.cli.process.JavaCommand;
import io.fanscore.cli.process.LogTail;
import io.fanscore.cli.process.LoopbackPorts;
import io.fanscore.cli.process.PidFile;
import io.fanscore.cli.process.RollingLogConfig;
import io.fanscore.cli.process.StagedClasspath;
import io.fanscore.connectors.kafka.KafkaClients;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;

/**
 * A real Kafka broker (KRaft, broker and controller in one node) in its own JVM, on 127.0.0.1, with
 * its data and log under the fanscore data directory. It outlives the command that started it; its
 * pid file lets later commands reuse or stop it.
 */
public final class LocalKafkaBroker {

    public static final int DEFAULT_PORT = 9092;

    private static final String MAIN_CLASS = "kafka.Kafka";
    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 30;

    /** A broker process of ours and where it listens. */
    public record Running(long pid, int port, boolean reused) {
        public String bootstrap() {
            return "127.0.0.1:" + port;
        }
    }

    private final Path dir;
    private final Path logsDir;
    private final Path libDir;

    public LocalKafkaBroker(FanscoreHome home) {
        this.dir = home.kafkaDir();
        this.logsDir = home.logsDir();
        this.libDir = home.brokerLibDir();
    }

    public Path logFile() {
        return logsDir.resolve("kafka.log");
    }

    /** Starts the broker, or returns the one already running on {@code port}. */
    public Running start(int port, int controllerPort) throws IOException, InterruptedException {
        Optional<Running> running = running();
        if (running.isPresent()) {
            if (running.get().port() != port) {
                throw new KafkaSetupException(
                        "a local broker is already running on port "
                                + running.get().port()
                                + "; stop it first with ./fanscore kafka stop",
                        null);
            }
            awaitReady(running.get().bootstrap(), null);
            return running.get();
        }
        requireBrokerClasspath();
        requireFree(port);
        requireFree(controllerPort);
        Files.createDirectories(dir);
        // A rebuild must not swap the jars under the running broker.
        StagedClasspath.copy(libDir, dir.resolve("lib"));
        Files.createDirectories(logsDir);
        new BrokerConfig(port, controllerPort, dataDir()).write(serverProperties());
        Files.write(logConfig(), RollingLogConfig.lines(logFile().toString()));
        formatStorageOnce();

        Process broker =
                java(MAIN_CLASS, serverProperties().toString())
                        .startDetached(dir, logsDir.resolve("kafka.out"));
        pidFile().write(broker.pid());
        Running started = new Running(broker.pid(), port, false);
        awaitReady(started.bootstrap(), broker);
        return started;
    }

    /** The broker of the pid file, if that process is alive and is a Kafka broker. */
    public Optional<Running> running() throws IOException {
        Optional<ProcessHandle> broker = pidFile().process();
        if (broker.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new Running(broker.get().pid(), BrokerConfig.portOf(serverProperties()), true));
    }

    /**
     * Stops the broker: SIGTERM for a clean shutdown, SIGKILL if it has not exited in time. Returns
     * the pid stopped, or empty if none was running.
     */
    public OptionalLong stop() throws IOException, InterruptedException {
        return pidFile().stop(STOP_TIMEOUT);
    }

    private void formatStorageOnce() throws IOException, InterruptedException {
        if (Files.exists(dataDir().resolve("meta.properties"))) {
            return;
        }
        JavaCommand.Result format =
                java(
                                STORAGE_TOOL,
                                "format",
                                "--ignore-formatted",
                                "-t",
                                Uuid.randomUuid().toString(),
                                "-c",
                                serverProperties().toString())
                        .run(dir, START_TIMEOUT);
        if (format.exitCode() != 0) {
            throw new KafkaSetupException(
                    "formatting the broker storage failed:\n" + format.output(), null);
        }
    }

    /** A Kafka main class on the staged broker classpath, logging to {@code kafka.log}. */
    private JavaCommand java(String mainClass, String... args) {
        return new JavaCommand(
                List.of(
                        "-Xms256m",
                        "-Xmx512m",
                        "-Djava.awt.headless=true",
                        "-Dlog4j2.configurationFile=" + logConfig()),
                dir.resolve("lib"),
                mainClass,
                args);
    }

    private void awaitReady(String bootstrap, Process broker) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (Admin admin = KafkaClients.admin(bootstrap)) {
            while (true) {
                if (broker != null && !broker.isAlive()) {
                    throw new KafkaSetupException(
                            "the broker exited with code " + broker.exitValue() + ":\n" + logTail(),
                            null);
                }
                try {
                    if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
                            .nodes()
                            .get()
                            .isEmpty()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    // Not listening yet.
                }
                if (System.nanoTime() > deadline) {
                    throw new KafkaSetupException(
                            "the broker at "
                                    + bootstrap
                                    + " did not answer within "
                                    + START_TIMEOUT.toSeconds()
                                    + " s:\n"
                                    + logTail(),
                            null);
                }
                Thread.sleep(250);
            }
        }
    }

    private String logTail() {
        return LogTail.of(logFile(), LOG_TAIL_LINES)
                + "\n(see "
                + logFile()
                + " and "
                + logsDir.resolve("kafka.out")
                + ")";
    }

    private void requireBrokerClasspath() throws IOException {
        if (!StagedClasspath.contains(libDir, "kafka_2.13")) {
            throw new KafkaSetupException(
                    "no Kafka broker classpath in "
                            + libDir
                            + "; build it with: mvn -o install -DskipTests -pl local-kafka",
                    null);
        }
    }

    private static void requireFree(int port) {
        if (!LoopbackPorts.isFree(port)) {
            throw new KafkaSetupException(
                    "port " + port + " on 127.0.0.1 is in use by another process", null);
        }
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    private Path serverProperties() {
        return dir.resolve("server.properties");
    }

    private Path logConfig() {
        return dir.resolve("log4j2.properties");
    }

    private PidFile pidFile() {
        return new PidFile(dir.resolve("broker.pid"), MAIN_CLASS);
    }
}
