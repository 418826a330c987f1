package io.fanscore.cli;

import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.cli.kafka.TopicSetup;
import io.fanscore.cli.simulate.SimulationFigures;
import io.fanscore.cli.simulate.SimulationReport;
import io.fanscore.cli.simulate.SimulationRun;
import io.fanscore.connectors.kafka.KafkaEndpoint;
import io.fanscore.jobs.JobConfig;
import io.fanscore.packageformat.FileTrees;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Replays recorded input under a baseline and a candidate profile, and compares the two. */
@Command(
        name = "simulate",
        description = {
            "Replay recorded input (JSON-lines files or topics) with every creator under --profile,"
                    + " and again under --baseline, on an embedded Flink cluster, and compare:"
                    + " fans per tier each day, transitions by cause, live notifications sent and"
                    + " suppressed, pushes, package sizes. A table on the terminal, an HTML report"
                    + " with charts in --report.",
            "The replays write to topics of their own, deleted afterwards: the live outputs are"
                    + " never touched. Needs a broker (./fanscore kafka start)."
        })
final class SimulateCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--profile",
            required = true,
            description = "The profile to try: a built-in name or a file.")
    String profile;

    @Option(
            names = "--baseline",
            defaultValue = "general",
            description = "The profile to compare with (default: ${DEFAULT-VALUE}).")
    String baseline;

    @Option(
            names = "--interactions",
            paramLabel = "FILE",
            description = "Interactions, JSON lines.")
    String interactionsFile;

    @Option(
            names = "--interactions-topic",
            paramLabel = "TOPIC",
            description = "Or a topic of recorded interactions, read from its start.")
    String interactionsTopic;

    @Option(names = "--live", paramLabel = "FILE", description = "Live events, JSON lines.")
    String liveFile;

    @Option(names = "--live-topic", paramLabel = "TOPIC", description = "Or a topic of them.")
    String liveTopic;

    @Option(names = "--pushes", paramLabel = "FILE", description = "Pushes, JSON lines.")
    String pushesFile;

    @Option(names = "--pushes-topic", paramLabel = "TOPIC", description = "Or a topic of them.")
    String pushesTopic;

    @Option(names = "--packages", paramLabel = "FILE", description = "Package definitions.")
    String packages;

    @Option(names = "--packages.salts", paramLabel = "FILE", description = "Their salts.")
    String salts;

    @Option(
            names = "--report",
            paramLabel = "FILE",
            description = "Where the HTML report goes (default: <data dir>/simulate/report.html).")
    String report;

    @Mixin KafkaOptions broker;

    private FanscoreHome home;
    private KafkaEndpoint kafka;
    private String runId;

    /** Topics this run created: the inputs sent from files, and every replay's outputs. */
    private final List<String> privateTopics = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if ((interactionsFile == null) == (interactionsTopic == null)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "give exactly one of --interactions, --interactions-topic");
        }
        home = FanscoreHome.fromSystemProperties();
        kafka = broker.endpoint(spec, System.getenv());
        runId = "fanscore-simulate-" + Long.toString(System.currentTimeMillis(), 36);
        Path workDir = home.dataDir().resolve("simulate").resolve(runId);
        try {
            SimulationRun.Input input =
                    new SimulationRun.Input(
                            topicOf(
                                    interactionsFile,
                                    interactionsTopic,
                                    RecordType.INTERACTION_EVENT,
                                    "interactions"),
                            topicOf(liveFile, liveTopic, RecordType.LIVE_EVENT, "live"),
                            pushesFile == null && pushesTopic == null
                                    ? null
                                    : topicOf(
                                            pushesFile,
                                            pushesTopic,
                                            RecordType.CREATOR_PUSH,
                                            "pushes"),
                            packages == null ? null : home.resolveUserPath(packages),
                            salts == null ? null : home.resolveUserPath(salts),
                            broker.kafkaConfig == null
                                    ? null
                                    : home.resolveUserPath(broker.kafkaConfig));
            SimulationFigures before = replay("baseline", baseline, input, workDir);
            SimulationFigures after = replay("candidate", profile, input, workDir);
            SimulationReport comparison = new SimulationReport(baseline, before, profile, after);
            Path html =
                    report != null
                            ? home.resolveUserPath(report)
                            : home.dataDir().resolve("simulate").resolve("report.html");
            Files.createDirectories(html.toAbsolutePath().getParent());
            Files.writeString(html, comparison.html(), StandardCharsets.UTF_8);
            spec.commandLine().getOut().print(comparison.table());
            spec.commandLine().getOut().printf("Report: %s%n", html);
            return 0;
        } catch (JobConfig.ConfigException e) {
            spec.commandLine().getErr().println("fanscore simulate: " + e.getMessage());
            return 2;
        } finally {
            try (TopicSetup topics = new TopicSetup(kafka)) {
                topics.delete(privateTopics);
            }
            FileTrees.deleteTree(workDir);
        }
    }

    private SimulationFigures replay(
            String label, String profileName, SimulationRun.Input input, Path workDir)
            throws Exception {
        SimulationRun run =
                new SimulationRun(
                        kafka, broker.bootstrap, workDir.resolve(label), runId + "-" + label);
        privateTopics.addAll(run.outputTopics());
        spec.commandLine().getErr().printf("Replaying under %s ...%n", profileName);
        return run.run(LocalJobArguments.userFileOrAsIs(profileName, home), input);
    }

    /**
     * The topic an input is read from: the recorded one, or a private one ({@code <run>.<role>})
     * the file is sent to (empty when neither is given).
     */
    private String topicOf(String file, String topic, RecordType type, String role)
            throws Exception {
        if (file != null && topic != null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "give a file or a topic for " + type + ", not both");
        }
        if (topic != null) {
            return topic;
        }
        String privateTopic = runId + "." + role;
        try (TopicSetup topics = new TopicSetup(kafka)) {
            topics.createMissing(List.of(privateTopic), TopicSetup.REPLAY_PARTITIONS);
        }
        privateTopics.add(privateTopic);
        if (file != null) {
            Path path = home.resolveUserPath(file);
            if (!Files.isRegularFile(path)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "No such file: " + path);
            }
            JsonLinesBatch batch;
            try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                batch = JsonLinesBatch.read(in, privateTopic, type);
            }
            // A bad line goes as its bytes, as produce sends it: the replays dead-letter it alike.
            RecordSender.send(kafka, privateTopic, batch.recordsWithBadLinesAsRaw());
        }
        return privateTopic;
    }
}
