package io.fanscore.cli;

import io.fanscore.cli.demo.DemoTopics;
import io.fanscore.cli.home.FanscoreHome;
import io.fanscore.cli.kafka.LocalKafkaBroker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's replay recipe right after a demo on the same broker: a short bounded demo, then
 * {@code kafka start}, {@code produce}, {@code run --bounded} and {@code consume} on a file whose
 * events are older than every demo event. The demo's topics are its own, so the replay scores
 * exactly its file.
 */
class DemoThenReplayITCase {

    /** Tests run in the cli module; the repository is its parent. */
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Ten months or more before any demo event (the demo runs up to the wall clock). */
    private static final List<String> INTERACTIONS =
            List.of(
                    "{\"event_id\":\"r1\",\"creator_id\":\"c1\",\"fan_id\":\"f1\","
                            + "\"type\":\"FOLLOW\",\"event_time\":\"2025-03-01T10:00:00Z\"}",
                    // 1 000 points, of which the daily cap (420) lets it keep 420: CASUAL.
                    "{\"event_id\":\"r2\",\"creator_id\":\"c1\",\"fan_id\":\"f2\",\"type\":\"GIFT\","
                            + "\"event_time\":\"2025-03-01T10:00:01Z\",\"amount_cents\":10000}",
                    "{\"event_id\":\"r3\",\"creator_id\":\"c1\",\"fan_id\":\"f3\","
                            + "\"type\":\"VIDEO_VIEW\",\"event_time\":\"2025-03-01T10:00:02Z\"}",
                    "{\"event_id\":\"r4\",\"creator_id\":\"c2\",\"fan_id\":\"f9\",\"type\":\"LIKE\","
                            + "\"event_time\":\"2025-03-01T10:05:00Z\"}");

    private static final List<String> LIVE =
            List.of(
                    "{\"live_id\":\"l1\",\"creator_id\":\"c1\",\"type\":\"LIVE_START\","
                            + "\"event_time\":\"2025-03-01T10:01:00Z\",\"title\":\"hello\"}");

    @TempDir Path dataDir;
    @TempDir Path workDir;

    private final Properties saved = new Properties();
    private FanscoreHome home;
    private String bootstrap;

    @BeforeEach
    void pointTheCommandsHere() {
        for (String key : List.of("fanscore.home", "fanscore.repo", "fanscore.cwd")) {
            if (System.getProperty(key) != null) {
                saved.setProperty(key, System.getProperty(key));
            }
        }
        System.setProperty("fanscore.home", dataDir.toString());
        System.setProperty("fanscore.repo", REPOSITORY.toString());
        System.setProperty("fanscore.cwd", workDir.toString());
        home = FanscoreHome.fromSystemProperties();
        assertThat(home.brokerLibDir()).as("build local-kafka first").isDirectory();
    }

    @AfterEach
    void stopTheBroker() throws Exception {
        new LocalKafkaBroker(home).stop();
        for (String key : List.of("fanscore.home", "fanscore.repo", "fanscore.cwd")) {
            if (saved.containsKey(key)) {
                System.setProperty(key, saved.getProperty(key));
            } else {
                System.clearProperty(key);
            }
        }
    }

    @Test
    void theReplayRecipeRightAfterADemoScoresExactlyItsFile() throws Exception {
        int kafkaPort = freePortPair();
        bootstrap = "127.0.0.1:" + kafkaPort;
        Run demo =
                run(
                        new DemoCommand(),
                        "--events=6000",
                        "--rate=3000",
                        "--creators=50",
                        "--fans=5000",
                        "--kafka-port=" + kafkaPort,
                        "--prometheus-port=" + freePort(),
                        "--audience-port=" + freePort(),
                        "--console-port=" + freePort());
        assertThat(demo.exitCode).as(demo.err).isZero();
        assertThat(demo.out).contains("Web console: http://127.0.0.1:");
        Run demoChanges = consume(DemoTopics.TIER_CHANGES);
        assertThat(jsonLines(demoChanges.out)).as(demo.out).hasSizeGreaterThan(100);

        Run start = run(new KafkaStartCommand(), "--port=" + kafkaPort);
        assertThat(start.exitCode).as(start.err).isZero();
        assertThat(start.err).doesNotContain("Found existing topics");

        Path interactions = workDir.resolve("interactions.jsonl");
        Files.write(interactions, INTERACTIONS);
        Path live = workDir.resolve("live.jsonl");
        Files.write(live, LIVE);
        assertThat(produce("fan.interactions", interactions).exitCode).isZero();
        assertThat(produce("creator.live", live).exitCode).isZero();
        Run replay = run(new RunCommand(), "--bounded", "--bootstrap", bootstrap);
        assertThat(replay.exitCode).as(replay.err).isZero();

        assertThat(
                        jsonLines(consume("fan.tier-changes").out).stream()
                                .map(
                                        change ->
                                                String.join(
                                                        " ",
                                                        change.get("creator_id").asText(),
                                                        change.get("fan_id").asText(),
                                                        change.get("from_tier").asText(),
                                                        change.get("to_tier").asText(),
                                                        change.get("cause").asText()))
                                .toList())
                .containsExactlyInAnyOrder(
                        "c1 f1 NONE CASUAL r1",
                        "c1 f2 NONE CASUAL r2",
                        "c1 f3 NONE POTENTIAL r3",
                        "c2 f9 NONE POTENTIAL r4");
        assertThat(
                        jsonLines(consume("fan.live-notifications").out).stream()
                                .map(n -> n.get("fan_id").asText() + " " + n.get("tier").asText())
                                .toList())
                .containsExactlyInAnyOrder("f1 CASUAL", "f2 CASUAL");
        assertThat(jsonLines(consume("fan.deadletter").out)).isEmpty();

        // A second replay would meet the first one's data: kafka start says so, --fresh clears it.
        Run again = run(new KafkaStartCommand(), "--port=" + kafkaPort);
        assertThat(again.err)
                .containsPattern("fan\\.interactions +1 partition, 4 records")
                .contains("./fanscore kafka start --fresh");
        Run fresh = run(new KafkaStartCommand(), "--port=" + kafkaPort, "--fresh");
        assertThat(fresh.exitCode).as(fresh.err).isZero();
        assertThat(jsonLines(consume("fan.tier-changes").out)).isEmpty();
        assertThat(jsonLines(consume("fan.interactions").out)).isEmpty();
    }

    private Run produce(String topic, Path file) {
        return run(
                new ProduceCommand(),
                "--bootstrap=" + bootstrap,
                "--topic",
                topic,
                file.toString());
    }

    private Run consume(String topic) {
        return run(new ConsumeCommand(), "--bootstrap=" + bootstrap, "--topic", topic);
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static List<JsonNode> jsonLines(String text) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A free port whose successor is free too: the broker's controller listens there. */
    private static int freePortPair() throws Exception {
        while (true) {
            int port = freePort();
            try (ServerSocket next =
                    new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (java.io.IOException e) {
                // Taken; try another pair.
            }
        }
    }
}
