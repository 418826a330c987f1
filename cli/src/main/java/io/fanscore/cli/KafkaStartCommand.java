package io.fanscore.cli;

import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.cli.kafka.LocalKafkaBroker;
import io.fanscore.cli.kafka.TopicSetup;
import io.fanscore.connectors.Topics;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Starts (or reuses) the local broker and creates the project topics. */
@Command(
        name = "start",
        description = {
            "Start the local Kafka broker, or reuse the one running, and create the project"
                    + " topics that are missing. Reports the project topics it found with data,"
                    + " which a replay would read too; --fresh deletes them and starts empty."
                    + " The demo's topics (demo.*) are its own and left alone.",
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

    @Option(
            names = "--fresh",
            description =
                    "Delete the project topics and create them empty, with --partitions each.")
    boolean fresh;

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
            if (fresh) {
                topics.recreate(Topics.ALL, partitions);
                err.printf(
                        "Topics recreated empty (%d partition%s): %s%n",
                        partitions, partitions == 1 ? "" : "s", String.join(", ", Topics.ALL));
            } else {
                reportFound(topics.contents(Topics.ALL), err);
                List<String> created = topics.createMissing(Topics.ALL, partitions);
                if (!created.isEmpty()) {
                    err.printf(
                            "Created topics (%d partitions): %s%n",
                            partitions, String.join(", ", created));
                }
            }
        }
        err.flush();
        spec.commandLine().getOut().println(running.bootstrap());
        return 0;
    }

    /** Earlier data and partition counts a replay would meet, and how to start clean. */
    private void reportFound(List<TopicSetup.Contents> found, PrintWriter err) {
        List<TopicSetup.Contents> withData =
                found.stream().filter(topic -> topic.records() > 0).toList();
        boolean otherPartitions = found.stream().anyMatch(t -> t.partitions() != partitions);
        if (withData.isEmpty() && !otherPartitions) {
            return;
        }
        err.println("Found existing topics:");
        for (TopicSetup.Contents topic : found) {
            err.printf(
                    Locale.ROOT,
                    "  %-24s %d partition%s, %,d record%s%n",
                    topic.topic(),
                    topic.partitions(),
                    topic.partitions() == 1 ? "" : "s",
                    topic.records(),
                    topic.records() == 1 ? "" : "s");
        }
        if (!withData.isEmpty()) {
            err.println(
                    "A replay reads what is there too: events older than those are LATE, and"
                            + " the outputs hold earlier results.");
        }
        if (otherPartitions) {
            err.printf(
                    "Some have other than %d partition%s: lateness is judged per partition, so a"
                            + " replay may not follow file order.%n",
                    partitions, partitions == 1 ? "" : "s");
        }
        err.println("Start clean with: ./fanscore kafka start --fresh");
    }
}
