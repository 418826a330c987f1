package io.fanscore.jobs.interop;

import io.fanscore.jobs.testutils.BoundedReplay;
import io.fanscore.jobs.testutils.ExpectedTierChanges;
import io.fanscore.jobs.testutils.PipelineITCaseBase;
import io.fanscore.jobs.testutils.ScenarioWorkload;
import io.fanscore.rules.scoring.ScoringFixtures;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.TierChange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire format is standard Avro single-object encoding, not fanscore's serde talking to itself:
 * interactions are encoded by avsc (an Avro library for JavaScript, with the header computed from
 * the Avro specification in {@code interop/avro-single-object.js}) and sent by kcat (librdkafka);
 * the job scores them; kcat reads the tier changes back and avsc decodes them. {@code .ci/run}
 * installs kcat and avsc.
 */
class IndependentClientsInteropITCase extends PipelineITCaseBase {

    /** Tests run in the jobs module; the repository is its parent. */
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    private static final Path SCRIPT = REPOSITORY.resolve("interop/avro-single-object.js");
    private static final Path SCHEMAS = REPOSITORY.resolve("schemas/src/main/avro");

    // kcat splits its input on these; the script checks that no record contains them.
    private static final String KEY_DELIMITER = "<|fanscore-key|>";
    private static final String RECORD_DELIMITER = "<|fanscore-record|>";

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @BeforeAll
    static void toolsAreInstalled() {
        ExternalTool.require("Debian package kcat (.ci/run installs it)", "kcat", "-V");
        ExternalTool.require("Node.js", "node", "-v");
        assertThat(REPOSITORY.resolve("interop/node_modules/avsc/package.json"))
                .as("avsc: run `npm ci` in interop/ (.ci/run does)")
                .isRegularFile();
    }

    @Test
    void interactionsFromAvscAndKcatAreScoredAndTheirTierChangesReadBackByThem() throws Exception {
        List<InteractionEvent> events = ScenarioWorkload.generate(23, 120);
        BoundedReplay replay = new BoundedReplay(KAFKA, "interop", 1).produce(List.of(), List.of());

        Path interactions = writeJsonLines(events);
        Path encoded = dir.resolve("interactions.bin");
        ExternalTool.run(
                command(
                        "node",
                        SCRIPT.toString(),
                        "encode",
                        "--key",
                        "creator_id",
                        "--key-delimiter",
                        KEY_DELIMITER,
                        "--record-delimiter",
                        RECORD_DELIMITER,
                        schema("InteractionType"),
                        schema("InteractionEvent")),
                interactions,
                encoded);
        ExternalTool.run(
                kcat(
                        "-P",
                        "-t",
                        replay.topic("interactions"),
                        "-K",
                        KEY_DELIMITER,
                        "-D",
                        RECORD_DELIMITER,
                        "-l",
                        encoded.toString()),
                null,
                dir.resolve("produce.out"));
        assertThat(KAFKA.readCommitted(replay.topic("interactions"))).hasSize(events.size());

        BoundedReplay.Outputs outputs = replay.run(checkpoints);

        // The job decoded every record avsc wrote: none was dead-lettered.
        assertThat(outputs.deadLetters()).isEmpty();
        Path consumed = dir.resolve("tier-changes.bin");
        ExternalTool.run(
                kcat(
                        "-C",
                        "-t",
                        replay.topic("tier-changes"),
                        "-o",
                        "beginning",
                        "-e",
                        "-q",
                        "-X",
                        "isolation.level=read_committed",
                        "-f",
                        "%K %S %k%s"),
                null,
                consumed);
        Path decoded = dir.resolve("tier-changes.jsonl");
        ExternalTool.run(
                command("node", SCRIPT.toString(), "decode", schema("Tier"), schema("TierChange")),
                consumed,
                decoded);

        List<TierChange> expected = ExpectedTierChanges.of(ScoringFixtures.general(), events);
        assertThat(expected).hasSizeGreaterThan(20);
        assertThat(byChangeId(Files.readAllLines(decoded).stream().map(this::tree).toList()))
                .isEqualTo(byChangeId(expected.stream().map(this::asDecoded).toList()));
    }

    /** Interactions as JSON with Avro field names, enum symbols and epoch milliseconds. */
    private Path writeJsonLines(List<InteractionEvent> events) throws IOException {
        List<String> lines = new ArrayList<>();
        for (InteractionEvent event : events) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("event_id", event.getEventId());
            json.put("creator_id", event.getCreatorId());
            json.put("fan_id", event.getFanId());
            json.put("type", event.getType().name());
            json.put("event_time", event.getEventTime().toEpochMilli());
            json.put("watch_seconds", event.getWatchSeconds());
            json.put("amount_cents", event.getAmountCents());
            json.put(
                    "source_domain",
                    event.getSourceDomain() == null ? null : event.getSourceDomain().name());
            json.put("live_id", event.getLiveId());
            lines.add(JSON.writeValueAsString(json));
        }
        return Files.write(dir.resolve("interactions.jsonl"), lines);
    }

    /** A tier change as the decoding script prints it: the record key and the value. */
    private JsonNode asDecoded(TierChange change) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("change_id", change.getChangeId());
        value.put("creator_id", change.getCreatorId());
        value.put("fan_id", change.getFanId());
        value.put("from_tier", change.getFromTier().name());
        value.put("to_tier", change.getToTier().name());
        value.put("intimacy", change.getIntimacy());
        value.put("level", change.getLevel());
        value.put("event_time", change.getEventTime().toEpochMilli());
        value.put("cause", change.getCause());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("key", change.getCreatorId());
        record.put("value", value);
        try {
            // Through text, so that numbers get the same node types as the script's output.
            return tree(JSON.writeValueAsString(record));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> byChangeId(List<JsonNode> records) {
        return records.stream()
                .sorted(Comparator.comparing(r -> r.get("value").get("change_id").asText()))
                .toList();
    }

    private List<String> kcat(String... args) {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                "kcat",
                                "-b",
                                KAFKA.bootstrapServers(),
                                "-X",
                                "broker.address.family=v4"));
        command.addAll(List.of(args));
        return command;
    }

    private static List<String> command(String... parts) {
        return List.of(parts);
    }

    private static String schema(String name) {
        return SCHEMAS.resolve(name + ".avsc").toString();
    }

    private JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
