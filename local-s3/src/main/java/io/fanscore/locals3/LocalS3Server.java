package io.fanscore.locals3;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-protocol server for tests and benchmarks: s3proxy over a local directory (each bucket a
 * directory under it), in its own JVM on 127.0.0.1, with AWS signature checks on. Buckets named at
 * start exist from the start. The classpath is the one this module copies to {@code target/lib}.
 */
public final class LocalS3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "local-access-key";
    public static final String SECRET_KEY = "local-secret-key";
    public static final String REGION = "us-east-1";

    private static final String MAIN_CLASS = "org.gaul.s3proxy.Main";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private final Path dataDir;
    private final Path log;

    private LocalS3Server(Process process, int port, Path dataDir, Path log) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
        this.log = log;
    }

    /**
     * Starts the server with its data, configuration and log under {@code workDir}.
     *
     * @param libDir s3proxy's classpath ({@link #libDirOfBuild()} in this repository)
     */
    public static LocalS3Server start(Path libDir, Path workDir, String... buckets)
            throws IOException, InterruptedException {
        if (!Files.isDirectory(libDir)) {
            throw new IOException(
                    "no s3proxy classpath in "
                            + libDir
                            + "; build it with: mvn -o package -DskipTests -pl local-s3");
        }
        Path dataDir = Files.createDirectories(workDir.resolve("data"));
        for (String bucket : buckets) {
            Files.createDirectories(dataDir.resolve(bucket));
        }
        int port = freeLoopbackPort();
        Path properties = workDir.resolve("s3proxy.properties");
        Files.write(
                properties,
                List.of(
                        "s3proxy.endpoint=http://127.0.0.1:" + port,
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=" + ACCESS_KEY,
                        "s3proxy.credential=" + SECRET_KEY,
                        "jclouds.provider=filesystem",
                        "jclouds.filesystem.basedir=" + dataDir));
        Path logConfig = workDir.resolve("logback.xml");
        Files.writeString(
                logConfig,
                "<configuration><appender name=\"out\" class=\"ch.qos.logback.core.ConsoleAppender\">"
                        + "<encoder><pattern>%d %-5level %logger{36} - %msg%n</pattern></encoder>"
                        + "</appender><root level=\"WARN\"><appender-ref ref=\"out\"/></root>"
                        + "</configuration>");
        Path log = workDir.resolve("s3proxy.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-Dlogback.configurationFile=" + logConfig);
        command.add("-cp");
        command.add(libDir.toAbsolutePath() + File.separator + "*");
        command.add(MAIN_CLASS);
        command.add("--properties");
        command.add(properties.toString());
        Process process =
                new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
        LocalS3Server server = new LocalS3Server(process, port, dataDir, log);
        try {
            server.awaitAnswer();
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** {@code local-s3/target/lib} of the repository the working directory is in. */
    public static Path libDirOfBuild() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path at = dir; at != null; at = at.getParent()) {
            Path lib = at.resolve("local-s3").resolve("target").resolve("lib");
            if (Files.isDirectory(lib)) {
                return lib;
            }
        }
        return dir.resolve("local-s3").resolve("target").resolve("lib");
    }

    /** {@code http://127.0.0.1:port}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Where a bucket's objects are on disk, a key's slashes as directories (for tests). */
    public Path bucketDir(String bucket) {
        return dataDir.resolve(bucket);
    }

    public Path log() {
        return log;
    }

    /** Any HTTP answer means it listens (anonymous requests get 403). */
    private void awaitAnswer() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException(
                        "s3proxy exited with code " + process.exitValue() + "; see " + log);
            }
            try {
                HttpURLConnection connection =
                        (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
                connection.setConnectTimeout(1_000);
                connection.setReadTimeout(2_000);
                connection.getResponseCode();
                connection.disconnect();
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(
                            "s3proxy did not answer within "
                                    + START_TIMEOUT.toSeconds()
                                    + " s; see "
                                    + log,
                            notYet);
                }
                Thread.sleep(200);
            }
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
