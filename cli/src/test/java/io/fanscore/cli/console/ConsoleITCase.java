package io.fanscore.cli.console;

import io.fanscore.cli.demo.ScoringCluster;
import io.fanscore.cli.testutils.CliJvm;
import io.fanscore.cli.testutils.HeadlessChromium;
import io.fanscore.cli.testutils.PackageJob;
import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.jobs.FanScoringJob;
import io.fanscore.jobs.FlinkSettings;
import io.fanscore.jobs.JobConfig;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.LiveEvent;
import io.fanscore.schema.LiveEventType;
import io.fanscore.testutils.KafkaTestBroker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ./fanscore console}, in a JVM of its own, over the real job running on a MiniCluster that
 * exports its metrics to Prometheus: the JSON follows the job (fans per tier, notifications, dead
 * letters, packages), a fan is explained from the newest checkpoint, every page and answer wants
 * the token, and in Debian's Chromium, headless, the page renders each chart as SVG with the job's
 * figures and the explanation asked for in its URL. A screenshot is kept in {@code
 * target/console/console.png}.
 */
class ConsoleITCase {

    @RegisterExtension static final KafkaTestBroker KAFKA = new KafkaTestBroker();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-01-05T04:00:00Z");
    private static final String TOKEN = "console-test-token";

    @TempDir Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theConsoleFollowsTheRunningJobAndRendersInARealBrowser() throws Exception {
        PackageJob job = new PackageJob(KAFKA, "e2e-console", dir);
        job.createTopics();
        KAFKA.produce(job.topic("interactions"), interactions());
        KAFKA.produce(job.topic("live"), List.of(liveStart()));
        JobConfig config =
                job.runningConfig(
                        "version_interval: 1h\nallow_raw: true\npackages:\n"
                                + "  - {package_id: c-casual, creator_id: c, min_tier: CASUAL,"
                                + " id_format: raw, min_size: 1}\n",
                        null,
                        // A checkpoint a second: explain's read must outlast a few of them.
                        Map.of("execution.checkpointing.num-retained", "20"));
        int prometheusPort = freePort();
        int consolePort = freePort();
        Path report = dir.resolve("report.html");
        Files.writeString(
                report, "<html><body><h1 id=\"simulated\">a simulate report</h1></body></html>");
        try (ScoringCluster cluster =
                ScoringCluster.start(FlinkSettings.forJob(config), 2, prometheusPort)) {
            cluster.submit(FanScoringJob.environment(config).getStreamGraph());
            Process console =
                    new ProcessBuilder(
                                    CliJvm.command(
                                            dir,
                                            List.of(),
                                            List.of(
                                                    "console",
                                                    "--port",
                                                    Integer.toString(consolePort),
                                                    "--token",
                                                    TOKEN,
                                                    "--metrics",
                                                    "http://127.0.0.1:"
                                                            + prometheusPort
                                                            + "/metrics",
                                                    "--packages",
                                                    job.packagesDir().toString(),
                                                    "--report",
                                                    report.toString(),
                                                    "--checkpoints",
                                                    dir.resolve("checkpoints").toString())))
                            .redirectErrorStream(true)
                            .redirectOutput(dir.resolve("console.log").toFile())
                            .start();
            try {
                URI base = URI.create("http://127.0.0.1:" + consolePort + "/");
                await().atMost(Duration.ofMinutes(3))
                        .ignoreExceptions() // until the console's JVM listens
                        .untilAsserted(
                                () -> {
                                    JsonNode overview = overview(base);
                                    assertThat(overview.get("live").asBoolean()).isTrue();
                                    assertThat(overview.at("/tiers/CASUAL").asLong()).isEqualTo(9);
                                    assertThat(overview.at("/tiers/FAVORABLE").asLong())
                                            .isEqualTo(1);
                                    assertThat(overview.at("/deadLetters/UNDECODABLE").asLong())
                                            .isEqualTo(1);
                                    assertThat(overview.at("/notifications/sent").asLong())
                                            .isEqualTo(10);
                                    assertThat(overview.at("/packages/0/members").asLong())
                                            .isEqualTo(10);
                                });
                URI explain = base.resolve("api/explain?creator=c&fan=f0");
                await().atMost(Duration.ofMinutes(2))
                        .untilAsserted(
                                () -> {
                                    HttpResponse<String> answer = get(explain, TOKEN);
                                    assertThat(answer.statusCode())
                                            .as(answer.body())
                                            .isEqualTo(200);
                                });
                JsonNode explained =
                        JSON.readTree(
                                get(base.resolve("api/explain?creator=c&fan=f0"), TOKEN).body());
                assertThat(explained.toString()).contains("FAVORABLE");

                assertThat(get(base.resolve("api/overview"), null).statusCode()).isEqualTo(401);
                assertThat(get(base.resolve("api/overview"), "wrong").statusCode()).isEqualTo(401);
                assertThat(get(base.resolve("?token=wrong"), null).statusCode()).isEqualTo(401);
                assertThat(get(base.resolve("report"), null).statusCode()).isEqualTo(401);
                assertThat(get(base.resolve("report?token=" + TOKEN), null).body())
                        .contains("simulated");

                HeadlessChromium chromium =
                        new HeadlessChromium(Files.createDirectories(dir.resolve("chromium")));
                String page = base + "?token=" + TOKEN + "&creator=c&fan=f0";
                String dom = chromium.dumpDom(page, 8_000);
                assertThat(dom).contains("data-refreshed=\"true\"").contains("data-live=\"true\"");
                for (String chart :
                        List.of("tiers", "transitions", "deadletters", "package-sizes")) {
                    assertThat(dom).as(chart).containsPattern("id=\"" + chart + "\"[^>]*>.*?<svg");
                }
                // ECharts marks its instance on the element too: match the attribute alone.
                assertThat(dom).containsPattern("id=\"tiers\"[^>]*data-values=\"0,9,1,0\"");
                assertThat(dom)
                        .containsPattern(
                                "<td>c-casual</td><td class=\"n\">\\d+</td><td class=\"n\">PUBLISHED</td><td class=\"n\">10</td>");
                assertThat(dom).containsPattern("(?s)id=\"explanation\">.*FAVORABLE");
                assertThat(chromium.dumpDom(base + "?token=wrong", 2_000))
                        .doesNotContain("fanscore console");

                Path screenshot = Path.of("target", "console", "console.png");
                chromium.screenshot(page, screenshot, 1400, 1500, 8_000);
                assertThat(Files.size(screenshot)).isGreaterThan(10_000);
            } finally {
                console.destroy();
                console.waitFor();
            }
        }
    }

    private JsonNode overview(URI base) throws Exception {
        HttpResponse<String> answer = get(base.resolve("api/overview"), TOKEN);
        assertThat(answer.statusCode()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private HttpResponse<String> get(URI uri, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(
                request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Ten followers of c, one of them a gifter; a record that is not Avro; a later marker. */
    private static List<Map.Entry<byte[], byte[]>> interactions() {
        SingleObjectCodec<InteractionEvent> codec = new SingleObjectCodec<>(InteractionEvent.class);
        List<Map.Entry<byte[], byte[]>> records = new ArrayList<>();
        for (int fan = 0; fan < 10; fan++) {
            records.add(
                    event(
                            codec,
                            "follow-" + fan,
                            "f" + fan,
                            InteractionType.FOLLOW,
                            START.plusSeconds(fan),
                            null));
        }
        // 100 for the follow and 300 a day for gifts: 1 000, FAVORABLE, on the third day.
        for (int day = 0; day < 3; day++) {
            Instant at = START.plus(Duration.ofDays(day)).plusSeconds(20);
            records.add(event(codec, "gift-" + day, "f0", InteractionType.GIFT, at, 3_000L));
        }
        records.add(
                Map.entry(
                        "c".getBytes(StandardCharsets.UTF_8),
                        "not avro".getBytes(StandardCharsets.UTF_8)));
        Instant later = START.plus(Duration.ofDays(2)).plus(Duration.ofHours(3));
        records.add(event(codec, "later", "marker", InteractionType.VIDEO_VIEW, later, null));
        return records;
    }

    private static Map.Entry<byte[], byte[]> event(
            SingleObjectCodec<InteractionEvent> codec,
            String id,
            String fan,
            InteractionType type,
            Instant at,
            Long amountCents) {
        InteractionEvent event =
                InteractionEvent.newBuilder()
                        .setEventId(id)
                        .setCreatorId("c")
                        .setFanId(fan)
                        .setType(type)
                        .setEventTime(at)
                        .setAmountCents(amountCents)
                        .build();
        return Map.entry("c".getBytes(StandardCharsets.UTF_8), codec.encode(event));
    }

    private static Map.Entry<byte[], byte[]> liveStart() {
        LiveEvent start =
                LiveEvent.newBuilder()
                        .setLiveId("live-1")
                        .setCreatorId("c")
                        .setType(LiveEventType.LIVE_START)
                        .setEventTime(START.plus(Duration.ofHours(1)))
                        .build();
        return Map.entry(
                "c".getBytes(StandardCharsets.UTF_8),
                new SingleObjectCodec<>(LiveEvent.class).encode(start));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
