package io.fanscore.cli.kafka;

import io.fanscore.cli.FanscoreHome;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

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
        stageClasspath();
        Files.createDirectories(logsDir);
        new BrokerConfig(port, controllerPort, dataDir()).write(serverProperties());
        Files.write(logConfig(), logConfigLines());
        formatStorageOnce();

        Process broker = launch(MAIN_CLASS, serverProperties().toString());
        Files.writeString(pidFile(), Long.toString(broker.pid()));
        Running started = new Running(broker.pid(), port, false);
        awaitReady(started.bootstrap(), broker);
        return started;
    }

    /** The broker of the pid file, if that process is alive and is a Kafka broker. */
    public Optional<Running> running() throws IOException {
        OptionalLong pid = readPid();
        if (pid.isEmpty() || brokerProcess(pid.getAsLong()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new Running(pid.getAsLong(), BrokerConfig.portOf(serverProperties()), true));
    }

    /**
     * Stops the broker: SIGTERM for a clean shutdown, SIGKILL if it has not exited in time. Returns
     * the pid stopped, or empty if none was running.
     */
    public OptionalLong stop() throws IOException, InterruptedException {
        OptionalLong pid = readPid();
        Optional<ProcessHandle> broker =
                pid.isPresent() ? brokerProcess(pid.getAsLong()) : Optional.empty();
        if (broker.isPresent()) {
            broker.get().destroy();
            try {
                broker.get().onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                broker.get().destroyForcibly();
                awaitExit(broker.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
        Files.deleteIfExists(pidFile());
        return broker.isPresent() ? pid : OptionalLong.empty();
    }

    private static void awaitExit(ProcessHandle process) throws InterruptedException {
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaSetupException("broker pid " + process.pid() + " did not exit", e);
        }
    }

    private void formatStorageOnce() throws IOException, InterruptedException {
        if (Files.exists(dataDir().resolve("meta.properties"))) {
            return;
        }
        Process format =
                launch(
                        STORAGE_TOOL,
                        "format",
                        "--ignore-formatted",
                        "-t",
                        Uuid.randomUuid().toString(),
                        "-c",
                        serverProperties().toString());
        if (!format.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            format.destroyForcibly();
            throw new KafkaSetupException("formatting the broker storage timed out", null);
        }
        if (format.exitValue() != 0) {
            throw new KafkaSetupException(
                    "formatting the broker storage failed:\n"
                            + LogTail.of(logsDir.resolve("kafka.out"), LOG_TAIL_LINES),
                    null);
        }
    }

    /**
     * Runs a Kafka main class detached: in its own session (so Ctrl-C in the terminal that started
     * it does not reach it), output to {@code kafka.out}, logging to {@code kafka.log}.
     */
    private Process launch(String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        setsid().ifPresent(setsid -> command.add(setsid.toString()));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(
                List.of(
                        "-Xms256m",
                        "-Xmx512m",
                        "-Djava.awt.headless=true",
                        "-Dlog4j2.configurationFile=" + logConfig(),
                        "-cp",
                        dir.resolve("lib").resolve("*").toString(),
                        mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(logsDir.resolve("kafka.out").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
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

    /**
     * Copies the broker's classpath next to its data, so that a rebuild of the project (which
     * rewrites local-kafka/target/lib) never swaps the jars under a running broker.
     */
    private void stageClasspath() throws IOException {
        Path staged = dir.resolve("lib");
        if (Files.isDirectory(staged)) {
            try (Stream<Path> old = Files.list(staged)) {
                for (Path jar : old.toList()) {
                    Files.delete(jar);
                }
            }
        }
        Files.createDirectories(staged);
        try (Stream<Path> jars = Files.list(libDir)) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, staged.resolve(jar.getFileName()));
            }
        }
    }

    private void requireBrokerClasspath() throws IOException {
        boolean present;
        try (Stream<Path> jars = Files.isDirectory(libDir) ? Files.list(libDir) : Stream.empty()) {
            present = jars.anyMatch(jar -> jar.getFileName().toString().startsWith("kafka_2.13"));
        }
        if (!present) {
            throw new KafkaSetupException(
                    "no Kafka broker classpath in "
                            + libDir
                            + "; build it with: mvn -o install -DskipTests -pl local-kafka",
                    null);
        }
    }

    private static void requireFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new KafkaSetupException(
                    "port " + port + " on 127.0.0.1 is in use by another process", e);
        }
    }

    private static Optional<ProcessHandle> brokerProcess(long pid) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                // A recycled pid must not get us to stop someone else's process.
                .filter(p -> p.info().commandLine().map(c -> c.contains(MAIN_CLASS)).orElse(true));
    }

    private static Optional<Path> setsid() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry, "setsid"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private OptionalLong readPid() throws IOException {
        if (!Files.isRegularFile(pidFile())) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(pidFile()).trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private List<String> logConfigLines() {
        String log = logFile().toString();
        return List.of(
                "status = error",
                "appender.file.type = RollingFile",
                "appender.file.name = file",
                "appender.file.fileName = " + log,
                "appender.file.filePattern = " + log + ".%i",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = [%d] %p %m (%c)%n",
                "appender.file.policies.type = Policies",
                "appender.file.policies.size.type = SizeBasedTriggeringPolicy",
                "appender.file.policies.size.size = 50MB",
                "appender.file.strategy.type = DefaultRolloverStrategy",
                "appender.file.strategy.max = 2",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = file");
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

    private Path pidFile() {
        return dir.resolve("broker.pid");
    }
}
