package io.fanscore.cli;

import io.fanscore.cli.kafka.LocalKafkaBroker;
import io.fanscore.cli.kafka.TopicSetup;
import io.fanscore.connectors.Topics;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** Starts (or reuses) the local broker and creates the project topics. */
@Command(
        name = "start",
        description = {
            "Start the local Kafka broker, or reuse the one running, and create the project"
                    + " topics that are missing.",
            "Prints the bootstrap address on stdout. Data and logs live under the fanscore data"
                    + " directory (.fanscore/)."
        })
final class KafkaStartCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--port",
            defaultValue = "" + LocalKafkaBroker.DEFAULT_PORT,
            description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--controller-port",
            description = "KRaft controller port (default: the client port + 1).")
    Integer controllerPort;

    @Option(
            names = "--partitions",
            defaultValue = "" + TopicSetup.REPLAY_PARTITIONS,
            description = "Partitions of topics created now (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        LocalKafkaBroker broker = new LocalKafkaBroker(FanscoreHome.fromSystemProperties());
        LocalKafkaBroker.Running running =
                broker.start(port, controllerPort == null ? port + 1 : controllerPort);
        err.printf(
                "Kafka broker %s (pid %d); log: %s%n",
                running.reused() ? "already running" : "started", running.pid(), broker.logFile());
        try (TopicSetup topics = new TopicSetup(running.bootstrap())) {
            List<String> created = topics.createMissing(Topics.ALL, partitions);
            if (!created.isEmpty()) {
                err.printf(
                        "Created topics (%d partitions): %s%n",
                        partitions, String.join(", ", created));
            }
        }
        err.flush();
        spec.commandLine().getOut().println(running.bootstrap());
        return 0;
    }
}
