package io.fanscore.cli;

import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.cli.kafka.TopicSetup;
import io.fanscore.connectors.kafka.KafkaEndpoint;

import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Sends JSON lines to a topic as Avro single-object records. */
@Command(
        name = "produce",
        description = {
            "Send JSON lines (SPEC field names) to a topic as Avro single-object encoded records,"
                    + " keyed by creator_id.",
            "All lines are parsed first. A line that is not a record of the type is sent as its"
                    + " raw bytes, in its place, so the job dead-letters it as UNDECODABLE (the"
                    + " way a buggy producer's record arrives); --strict sends nothing instead,"
                    + " --skip-bad sends only the good lines."
        })
final class ProduceCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin TopicOptions target;

    @Option(
            names = "--partitions",
            defaultValue = "" + TopicSetup.REPLAY_PARTITIONS,
            description = "Partitions if the topic has to be created (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--skip-bad", description = "Send only the good lines and report the bad ones.")
    boolean skipBad;

    @Option(names = "--strict", description = "Send nothing if a line is bad.")
    boolean strict;

    @Parameters(paramLabel = "FILE", description = "JSON lines file, or - for stdin.")
    String file;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RecordType recordType = RecordTypeOption.resolve(spec, target.topic, target.type);
        KafkaEndpoint endpoint = target.endpoint(spec, System.getenv());

        JsonLinesBatch batch;
        try (BufferedReader in = open()) {
            batch = JsonLinesBatch.read(in, target.topic, recordType);
        }
        for (JsonLinesBatch.BadLine bad : batch.badLines()) {
            err.printf("%s:%d: %s%n", file, bad.number(), bad.problem());
        }
        if (!batch.badLines().isEmpty() && strict) {
            err.printf("Nothing sent: %d bad line(s) and --strict%n", batch.badLines().size());
            return 1;
        }
        List<ProducerRecord<byte[], byte[]>> toSend =
                skipBad ? batch.records() : batch.recordsWithBadLinesAsRaw();

        try (TopicSetup topics = new TopicSetup(endpoint)) {
            if (!topics.createMissing(List.of(target.topic), partitions).isEmpty()) {
                err.printf("Created topic %s (%d partitions)%n", target.topic, partitions);
            }
        }
        RecordSender.send(endpoint, target.topic, toSend);
        out.printf(
                "Sent %d %s record(s) to %s%s%n",
                batch.records().size(),
                recordType,
                target.topic,
                batch.badLines().isEmpty()
                        ? ""
                        : (skipBad ? ", skipped " : ", and as raw bytes ")
                                + batch.badLines().size()
                                + " bad line(s)");
        return 0;
    }

    private BufferedReader open() throws IOException {
        if (file.equals("-")) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        Path path = FanscoreHome.fromSystemProperties().resolveUserPath(file);
        if (!Files.isRegularFile(path)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "No such file: " + path);
        }
        return Files.newBufferedReader(path, StandardCharsets.UTF_8);
    }
}
