package io.fanscore.cli.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The {@code server.properties} of the local broker: one KRaft node that is broker and controller
 * at once, on loopback, with every internal topic at replication factor 1 (there is no second
 * replica to wait for).
 */
record BrokerConfig(int port, int controllerPort, Path logDir) {

    List<String> lines() {
        String plain = "PLAINTEXT://127.0.0.1:" + port;
        String controller = "CONTROLLER://127.0.0.1:" + controllerPort;
        return List.of(
                "# Written by ./fanscore kafka start; rewritten on every start.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=" + plain + "," + controller,
                "advertised.listeners=" + plain,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + logDir,
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=8",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=8",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                // Records carry their event time as timestamp; time-based retention would delete
                // a replay of data older than 7 days as soon as it is written.
                "log.retention.ms=-1",
                // The jobs' transaction timeout (10 min) must fit under the broker's cap.
                "transaction.max.timeout.ms=900000");
    }

    void write(Path file) throws IOException {
        Files.write(file, lines());
    }

    /** The client port of a {@code server.properties} written by {@link #write}. */
    static int portOf(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        String listener = properties.getProperty("advertised.listeners", "");
        int colon = listener.lastIndexOf(':');
        if (colon < 0) {
            throw new IOException("no advertised listener in " + file);
        }
        return Integer.parseInt(listener.substring(colon + 1).trim());
    }
}
