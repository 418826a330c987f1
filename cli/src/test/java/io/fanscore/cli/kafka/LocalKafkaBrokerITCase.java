package io.fanscore.cli.kafka;

import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.connectors.Topics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker in its own JVM, from the classpath the local-kafka module builds. */
class LocalKafkaBrokerITCase {

    /** Tests run in the cli module; the repository is its parent. */
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @TempDir Path dataDir;

    @Test
    void startsOnceStopsOnceAndKeepsItsLogInTheDataDirectory() throws Exception {
        FanscoreHome home = new FanscoreHome(dataDir, REPOSITORY, REPOSITORY);
        // The reactor packages local-kafka before cli; run the tests through it.
        assertThat(home.brokerLibDir()).as("build local-kafka first").isDirectory();
        LocalKafkaBroker broker = new LocalKafkaBroker(home);
        int port = freePort();
        int controllerPort = freePort();

        LocalKafkaBroker.Running started = broker.start(port, controllerPort);
        try {
            assertThat(started.reused()).isFalse();
            LocalKafkaBroker.Running again = broker.start(port, controllerPort);
            assertThat(again.reused()).isTrue();
            assertThat(again.pid()).isEqualTo(started.pid());

            try (TopicSetup topics = new TopicSetup(started.bootstrap())) {
                assertThat(topics.createMissing(Topics.ALL, 2)).isEqualTo(Topics.ALL);
                assertThat(topics.createMissing(Topics.ALL, 2)).isEmpty();
                topics.recreate(Topics.ALL, 2);
                assertThat(topics.exists(Topics.INTERACTIONS)).isTrue();
            }
            assertThat(broker.logFile()).isNotEmptyFile();
        } finally {
            OptionalLong stopped = broker.stop();
            assertThat(stopped).hasValue(started.pid());
        }
        assertThat(ProcessHandle.of(started.pid()).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(broker.stop()).isEmpty();
        assertThat(broker.running()).isEmpty();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
