package io.fanscore.cli;

import io.fanscore.connectors.json.JsonRecords;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.testutils.KafkaTestBroker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fanscore produce} then {@code fanscore consume} against a real broker. */
class ProduceConsumeITCase {

    @RegisterExtension static final KafkaTestBroker KAFKA = new KafkaTestBroker();

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> INTERACTIONS =
            List.of(
                    "{\"event_id\":\"e1\",\"creator_id\":\"c1\",\"fan_id\":\"f1\",\"type\":\"LIKE\","
                            + "\"event_time\":\"2025-03-01T10:00:00Z\"}",
                    "{\"event_id\":\"e2\",\"creator_id\":\"c2\",\"fan_id\":\"f1\","
                            + "\"type\":\"WATCH_LIVE\",\"event_time\":1740823200000,"
                            + "\"watch_seconds\":600,\"source_domain\":\"PUBLIC\"}",
                    "{\"event_id\":\"e3\",\"creator_id\":\"c3\",\"fan_id\":\"f2\",\"type\":\"GIFT\","
                            + "\"event_time\":1740823200001,\"amount_cents\":500}",
                    "{\"event_id\":\"e4\",\"creator_id\":\"c1\",\"fan_id\":\"f3\","
                            + "\"type\":\"NOT_A_TYPE_YET\",\"event_time\":1740823200002}");

    @TempDir Path dir;

    @Test
    void interactionsSurviveTheRoundTrip() throws Exception {
        Path file = dir.resolve("interactions.jsonl");
        List<String> lines = new ArrayList<>(INTERACTIONS);
        lines.add(1, "   ");
        Files.write(file, lines);

        Run produce = run(new ProduceCommand(), "--topic", "fan.interactions", file.toString());
        assertThat(produce.exitCode).as(produce.err).isZero();
        assertThat(produce.out).contains("Sent 4 InteractionEvent record(s)");

        Run consume = run(new ConsumeCommand(), "--topic", "fan.interactions");
        assertThat(consume.exitCode).as(consume.err).isZero();
        assertThat(jsonLines(consume.out))
                .containsExactlyInAnyOrderElementsOf(
                        INTERACTIONS.stream()
                                .map(line -> JsonRecords.fromJson(line, InteractionEvent.class))
                                .map(JsonRecords::toJson)
                                .map(ProduceConsumeITCase::tree)
                                .toList());
        // An unknown type is kept as UNKNOWN, so that the job can dead-letter it.
        assertThat(consume.out).contains("\"type\":\"UNKNOWN\"");
    }

    @Test
    void badLinesGoOutAsRawBytesInTheirPlaceUnlessStrictOrSkipped() throws Exception {
        Path file = dir.resolve("live.jsonl");
        Files.write(
                file,
                List.of(
                        "{\"live_id\":\"l1\",\"creator_id\":\"c1\",\"type\":\"LIVE_START\","
                                + "\"event_time\":1740823200000,\"title\":\"hello\"}",
                        "{\"live_id\":\"l2\",\"creator_id\":\"c1\",\"event_time\":\"yesterday\"}",
                        "not json"));

        Run strict =
                run(new ProduceCommand(), "--topic", "creator.live", "--strict", file.toString());
        assertThat(strict.exitCode).isEqualTo(1);
        assertThat(strict.err)
                .contains("live.jsonl:2: event_time")
                .contains("live.jsonl:3: not JSON");
        assertThat(KAFKA.readCommitted("creator.live")).isEmpty();

        Run skipping =
                run(new ProduceCommand(), "--topic", "creator.live", "--skip-bad", file.toString());
        assertThat(skipping.exitCode).as(skipping.err).isZero();
        assertThat(skipping.out).contains("Sent 1 LiveEvent record(s)").contains("skipped 2");
        assertThat(KAFKA.readCommitted("creator.live")).hasSize(1);

        Run raw = run(new ProduceCommand(), "--topic", "creator.live", file.toString());
        assertThat(raw.exitCode).as(raw.err).isZero();
        List<ConsumerRecord<byte[], byte[]>> sent = KAFKA.readCommitted("creator.live");
        assertThat(sent).hasSize(4);
        // In file order after the earlier single record; the bad JSON object keeps its creator key.
        assertThat(new String(sent.get(2).value(), StandardCharsets.UTF_8)).contains("yesterday");
        assertThat(new String(sent.get(2).key(), StandardCharsets.UTF_8)).isEqualTo("c1");
        assertThat(new String(sent.get(3).value(), StandardCharsets.UTF_8)).isEqualTo("not json");

        Run consume = run(new ConsumeCommand(), "--topic", "creator.live", "--type", "LiveEvent");
        assertThat(consume.out).contains("hello").contains("undecodable");
    }

    @Test
    void recordsThatDoNotDecodeAreShownNotFatal() throws Exception {
        KAFKA.createTopics(1, "fan.tier-changes");
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        KAFKA.produce("fan.tier-changes", List.of(Map.entry("k".getBytes(), garbage)));

        Run consume = run(new ConsumeCommand(), "--topic", "fan.tier-changes");

        assertThat(consume.exitCode).isZero();
        JsonNode line = tree(consume.out.strip());
        assertThat(line.get("undecodable").asText()).isEqualTo("bm90IGF2cm8=");
        assertThat(line.get("partition").asInt()).isZero();
        assertThat(line.get("offset").asLong()).isZero();
    }

    @Test
    void aTopicWithoutAKnownTypeNeedsType() {
        Run consume = run(new ConsumeCommand(), "--topic", "somewhere.else");

        assertThat(consume.exitCode).isEqualTo(2);
        assertThat(consume.err).contains("pass --type");
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run run(Object command, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(0, "--bootstrap=" + KAFKA.bootstrapServers());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(all.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static List<JsonNode> jsonLines(String text) {
        return text.lines()
                .filter(line -> !line.isBlank())
                .map(ProduceConsumeITCase::tree)
                .toList();
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
