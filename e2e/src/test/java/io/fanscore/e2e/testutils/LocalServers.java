package io.fanscore.e2e.testutils;

import io.fanscore.cli.cluster.ClusterPorts;
import io.fanscore.cli.cluster.FlinkRest;
import io.fanscore.cli.cluster.LocalFlinkCluster;
import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.cli.kafka.LocalKafkaBroker;
import io.fanscore.cli.process.LoopbackPorts;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Kafka broker and a Flink cluster, each of its processes a JVM of its own, started by the same
 * code as {@code ./fanscore kafka start} and {@code ./fanscore cluster start}, on free loopback
 * ports, for the tests of one class. Their data and logs stay under {@code target/e2e/<class>} for
 * a look after a failure.
 */
public final class LocalServers implements BeforeAllCallback, AfterAllCallback {

    /** Tests run in the e2e module; the repository is its parent. */
    public static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    private FanscoreHome home;
    private LocalKafkaBroker broker;
    private LocalFlinkCluster cluster;
    private int brokerPort;
    private int controllerPort;
    private LocalFlinkCluster.Running running;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path dataDir =
                REPOSITORY
                        .resolve("e2e/target/e2e")
                        .resolve(context.getRequiredTestClass().getSimpleName());
        deleteRecursively(dataDir);
        home = new FanscoreHome(dataDir, REPOSITORY, REPOSITORY);
        broker = new LocalKafkaBroker(home);
        brokerPort = LoopbackPorts.free();
        controllerPort = LoopbackPorts.free();
        broker.start(brokerPort, controllerPort);
        cluster = new LocalFlinkCluster(home);
        running = cluster.start(ClusterPorts.free(LocalFlinkCluster.TASK_MANAGERS));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (cluster != null) {
            cluster.stop();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    public String bootstrap() {
        return "127.0.0.1:" + brokerPort;
    }

    public LocalFlinkCluster cluster() {
        return cluster;
    }

    public LocalFlinkCluster.Running running() {
        return running;
    }

    public FlinkRest rest() {
        return running.rest();
    }

    public Path jobJar() {
        return home.jobJar();
    }

    public Path dataDir() {
        return home.dataDir();
    }

    /**
     * Stops the broker (SIGTERM, a clean shutdown) and starts it again on the same ports and log
     * directory; returns how long it was away.
     */
    public Duration restartBroker() throws Exception {
        long start = System.nanoTime();
        broker.stop();
        broker.start(brokerPort, controllerPort);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void deleteRecursively(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
