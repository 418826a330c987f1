package io.fanscore.cli.simulate;

import io.fanscore.cli.FanscoreCli;
import io.fanscore.cli.testutils.HeadlessChromium;
import io.fanscore.cli.testutils.PackageJob;
import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.connectors.kafka.KafkaClients;
import io.fanscore.jobs.scoring.PairScoringOperator;
import io.fanscore.rules.scoring.DayClock;
import io.fanscore.schema.Tier;
import io.fanscore.schema.TierChange;
import io.fanscore.testutils.KafkaTestBroker;

import org.apache.flink.api.common.JobExecutionResult;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./fanscore simulate} on recorded input (interactions and live starts as JSON lines, a
 * package file) under {@code general} and {@code fast-moving-online}: its report equals, byte for
 * byte, the report of two independent bounded replays of the same input under each profile, the two
 * differ where the profiles do (purchases earn double, faster decay), and no topic of the
 * simulation is left behind.
 */
class SimulateITCase {

    @RegisterExtension static final KafkaTestBroker KAFKA = new KafkaTestBroker();

    private static final Instant DAY_ONE = Instant.parse("2026-01-05T04:00:00Z"); // noon, UTC+8
    private static final String PACKAGES =
            "version_interval: 1d\nallow_raw: true\npackages:\n"
                    + "  - {package_id: c1-favorable, creator_id: c1, min_tier: FAVORABLE,"
                    + " id_format: raw, min_size: 1}\n";

    @TempDir Path dir;

    @Test
    void theReportEqualsReplaysUnderEachProfileAndLeavesNoTopicBehind() throws Exception {
        Path interactions = dir.resolve("interactions.jsonl");
        Files.writeString(interactions, String.join("\n", interactions()) + "\n");
        Path live = dir.resolve("live.jsonl");
        Files.writeString(live, String.join("\n", liveStarts()) + "\n");
        Path packages = dir.resolve("packages.yaml");
        Files.writeString(packages, PACKAGES);
        Path report = dir.resolve("report.html");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = FanscoreCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit =
                cli.execute(
                        "simulate",
                        "--profile",
                        "fast-moving-online",
                        "--interactions",
                        interactions.toString(),
                        "--live",
                        live.toString(),
                        "--packages",
                        packages.toString(),
                        "--report",
                        report.toString(),
                        "--bootstrap",
                        KAFKA.bootstrapServers());
        assertThat(exit).as(err.toString()).isZero();

        SimulationFigures general = replay("general", interactions, live);
        SimulationFigures fastMoving = replay("fast-moving-online", interactions, live);
        SimulationReport expected =
                new SimulationReport("general", general, "fast-moving-online", fastMoving);
        assertThat(Files.readString(report)).isEqualTo(expected.html());
        assertThat(out.toString()).startsWith(expected.table());

        // The profiles differ where they should: double points for purchases, faster decay.
        assertThat(fastMoving.packages()).as(out.toString()).containsEntry("c1-favorable", 10L);
        assertThat(general.packages()).containsEntry("c1-favorable", 0L);
        assertThat(fastMoving.transitions().get("EVENT").get(Tier.FAVORABLE)).isEqualTo(10L);
        assertThat(general.transitions().get("EVENT").getOrDefault(Tier.FAVORABLE, 0L)).isZero();
        assertThat(general.deadLetters()).isZero();
        assertThat(general.liveSent()).isEqualTo(15);
        assertThat(general.liveSuppressed()).isEqualTo(15); // the second start the same day
        assertThat(rowsOf(Files.readString(report)))
                .containsEntry("fans FAVORABLE at the end", List.of("0", "10", "+10"));
        assertThat(Files.readString(report))
                .contains("<svg class=\"chart\" data-tier=\"CASUAL\"")
                .contains("<polyline class=\"candidate\"")
                .contains("<svg class=\"chart\" data-package=\"c1-favorable\"");

        // In a real browser the charts are drawn: a screenshot is kept as a test artifact.
        Path screenshot = Path.of("target", "simulate", "report.png");
        new HeadlessChromium(Files.createDirectories(dir.resolve("chromium")))
                .screenshot(report.toUri().toString(), screenshot, 1300, 900, 1_000);
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);

        try (Admin admin = KafkaClients.admin(KAFKA.bootstrapServers())) {
            assertThat(admin.listTopics().names().get())
                    .noneMatch(topic -> topic.startsWith("fanscore-simulate-"));
        }
    }

    /** An independent bounded replay of the same files under {@code profile}, and its figures. */
    private SimulationFigures replay(String profile, Path interactions, Path live)
            throws Exception {
        PackageJob job = new PackageJob(KAFKA, "replay-" + profile, dir.resolve(profile));
        Files.createDirectories(dir.resolve(profile));
        job.createTopics();
        produce(job.topic("interactions"), interactions, "InteractionEvent");
        produce(job.topic("live"), live, "LiveEvent");
        JobExecutionResult result = job.runBounded(PACKAGES, null, profile);
        long candidates = 0;
        for (Map.Entry<String, Object> accumulator : result.getAllAccumulatorResults().entrySet()) {
            if (accumulator.getKey().startsWith(PairScoringOperator.ACCUMULATOR_PREFIX)) {
                candidates += ((Number) accumulator.getValue()).longValue();
            }
        }
        SingleObjectCodec<TierChange> codec = new SingleObjectCodec<>(TierChange.class);
        List<TierChange> changes = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record :
                KAFKA.readCommitted(job.topic("tier-changes"))) {
            changes.add(codec.decode(record.value()));
        }
        return SimulationFigures.of(
                changes,
                new DayClock(ZoneId.of("Asia/Shanghai")),
                candidates,
                KAFKA.readCommitted(job.topic("notifications")).size(),
                List.of(),
                0,
                SimulationRun.packageVersions(job.packagesDir()),
                KAFKA.readCommitted(job.topic("deadletter")).size());
    }

    private static void produce(String topic, Path file, String type) {
        int exit =
                FanscoreCli.commandLine()
                        .execute(
                                "produce",
                                "--topic",
                                topic,
                                "--type",
                                type,
                                "--bootstrap",
                                KAFKA.bootstrapServers(),
                                file.toString());
        assertThat(exit).isZero();
    }

    /**
     * Ten buyers of c1 (200 yuan on each of days 1–3: CASUAL under general, FAVORABLE where
     * purchases earn double), five followers of c1, five likers of c2; all idle after day 3, so
     * decay comes from day 11; a like on day 13 carries event time there.
     */
    private static List<String> interactions() {
        // In time order, as a recording is: a replay reads one partition in order, and an event
        // more than the bound behind the ones before it would be LATE.
        List<String> lines = new ArrayList<>();
        for (int fan = 0; fan < 5; fan++) {
            lines.add(event("follow-" + fan, "c1", "follower-" + fan, "FOLLOW", at(0, fan - 30)));
        }
        for (int day = 0; day < 3; day++) {
            for (int fan = 0; fan < 10; fan++) {
                lines.add(
                        event(
                                        "buy-" + fan + "-" + day,
                                        "c1",
                                        "buyer-" + fan,
                                        "PURCHASE",
                                        at(day, fan))
                                .replace("}", ", \"amount_cents\": 20000}"));
            }
        }
        for (int fan = 0; fan < 5; fan++) {
            lines.add(event("like-" + fan, "c2", "liker-" + fan, "LIKE", at(2, 30 + fan)));
        }
        lines.add(event("last", "c2", "liker-0", "LIKE", at(12, 0)));
        return lines;
    }

    /** Two live starts of c1 on day 4: the second is held back by the one-a-day cap. */
    private static List<String> liveStarts() {
        return List.of(
                "{\"live_id\": \"l1\", \"creator_id\": \"c1\", \"type\": \"LIVE_START\", \"event_time\": "
                        + at(3, 0).toEpochMilli()
                        + "}",
                "{\"live_id\": \"l2\", \"creator_id\": \"c1\", \"type\": \"LIVE_START\", \"event_time\": "
                        + at(3, 60).toEpochMilli()
                        + "}");
    }

    private static String event(String id, String creator, String fan, String type, Instant at) {
        return String.format(
                "{\"event_id\": \"%s\", \"creator_id\": \"%s\", \"fan_id\": \"%s\", \"type\": \"%s\","
                        + " \"event_time\": %d}",
                id, creator, fan, type, at.toEpochMilli());
    }

    private static Instant at(int day, int minute) {
        return DAY_ONE.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(minute));
    }

    /** The report's figure rows: label → baseline, candidate, change. */
    private static Map<String, List<String>> rowsOf(String html) {
        Map<String, List<String>> rows = new java.util.LinkedHashMap<>();
        Matcher row =
                Pattern.compile(
                                "<tr><td>([^<]*)</td><td class=\"n\">([^<]*)</td><td class=\"n\">([^<]*)</td><td class=\"n\">([^<]*)</td></tr>")
                        .matcher(html);
        while (row.find()) {
            rows.put(row.group(1), List.of(row.group(2), row.group(3), row.group(4)));
        }
        return rows;
    }
}
