package io.fanscore.jobs.metrics;

import io.fanscore.jobs.FanScoringJob;
import io.fanscore.jobs.JobConfig;
import io.fanscore.jobs.JobOptions;
import io.fanscore.jobs.testutils.MetricsWorkload;
import io.fanscore.jobs.testutils.RunningJobs;
import io.fanscore.jobs.testutils.TestClusters;
import io.fanscore.jobs.testutils.TestWorkDirectory;
import io.fanscore.schema.CreatorPush;
import io.fanscore.schema.ProfileAssignment;
import io.fanscore.testutils.KafkaTestBroker;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The business metrics, read the way a dashboard reads them: from the Prometheus endpoint. */
class BusinessMetricsITCase {

    private static final int PROMETHEUS_PORT = TestClusters.freePort();

    @RegisterExtension
    @Order(1)
    static final KafkaTestBroker KAFKA = new KafkaTestBroker();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = TestClusters.twoSlots(prometheusReporter());

    private Path checkpoints;

    @BeforeEach
    void freshWorkDirectory(TestInfo test) throws IOException {
        checkpoints = TestWorkDirectory.freshFor(test);
    }

    @Test
    void deadLettersAndEventsByTypeAreScrapedFromPrometheus() throws Exception {
        KAFKA.createTopics(
                1,
                "m.in",
                "m.live",
                "m.out",
                "m.notifications",
                "m.dead",
                "m.deltas",
                "m.control",
                "m.audit",
                "m.profiles",
                "m.pushes",
                "m.push-outcomes",
                "m.push-notifications");
        // One package of every fan of creator-1, cut every 10 s of event time.
        Path definitions = checkpoints.resolve("packages.yaml");
        Files.writeString(
                definitions,
                "version_interval: 10s\npackages:\n  - {package_id: everyone, creator_id: creator-1,"
                        + " min_tier: POTENTIAL, id_format: raw, min_size: 1}\nallow_raw: true\n");
        List<Map.Entry<byte[], byte[]>> records = MetricsWorkload.records(5, 3);
        long expectedWatermark = MetricsWorkload.LAST.toEpochMilli() - 10_000 - 1;
        KAFKA.produce("m.in", records);
        // creator-1 under local-store from the start of the workload's day (an assignment of the
        // day before takes effect at its end).
        KAFKA.produce(
                "m.profiles",
                List.of(
                        Map.entry(
                                "creator-1".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                new io.fanscore.connectors.avro.SingleObjectCodec<>(
                                                ProfileAssignment.class)
                                        .encode(
                                                ProfileAssignment.newBuilder()
                                                        .setCreatorId("creator-1")
                                                        .setProfile("local-store")
                                                        .setEventTime(
                                                                MetricsWorkload.LAST.minus(
                                                                        Duration.ofDays(1)))
                                                        .build()))));

        // Two pushes of creator-1 on one day: the first accepted, the second refused (1 a day).
        var pushes = new io.fanscore.connectors.avro.SingleObjectCodec<>(CreatorPush.class);
        KAFKA.produce(
                "m.pushes",
                List.of(
                        Map.entry(
                                "creator-1".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                pushes.encode(
                                        io.fanscore.rules.scoring.ScoringFixtures.push(
                                                "p1",
                                                "creator-1",
                                                MetricsWorkload.LAST.minusSeconds(40)))),
                        Map.entry(
                                "creator-1".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                pushes.encode(
                                        io.fanscore.rules.scoring.ScoringFixtures.push(
                                                "p2",
                                                "creator-1",
                                                MetricsWorkload.LAST.minusSeconds(35))))));

        JobClient job =
                FanScoringJob.executeAsync(
                        JobConfig.from(
                                runningJob("m.", "metrics")
                                        .set(JobOptions.PUSHES_TOPIC, "m.pushes")
                                        .set(JobOptions.PUSH_OUTCOMES_TOPIC, "m.push-outcomes")
                                        .set(
                                                JobOptions.PUSH_NOTIFICATIONS_TOPIC,
                                                "m.push-notifications")
                                        .set(JobOptions.PACKAGES, definitions.toString())
                                        .set(
                                                JobOptions.PACKAGES_PATH,
                                                checkpoints.resolve("packages").toUri().toString())
                                        .set(JobOptions.AUDIENCE_DELTAS_TOPIC, "m.deltas")
                                        .set(JobOptions.PACKAGE_CONTROL_TOPIC, "m.control")
                                        .set(JobOptions.PACKAGE_AUDIT_TOPIC, "m.audit")));
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(
                            () -> {
                                String scrape = scrape();
                                String fanscoreLines =
                                        scrape.lines()
                                                .filter(
                                                        l ->
                                                                l.startsWith(
                                                                        "flink_taskmanager_job_task_operator_fanscore"))
                                                .limit(12)
                                                .collect(java.util.stream.Collectors.joining("\n"));
                                assertThat(
                                                sum(
                                                        scrape,
                                                        "flink_taskmanager_job_task_operator_fanscore_reason_dead_letters",
                                                        "reason=\"MISSING_FIELD\""))
                                        .as(fanscoreLines)
                                        .isEqualTo(3);
                                assertThat(
                                                sum(
                                                        scrape,
                                                        "flink_taskmanager_job_task_operator_fanscore_type_events",
                                                        "type=\"LIKE\""))
                                        .isEqualTo(5);
                                assertThat(
                                                sum(
                                                        scrape,
                                                        "flink_taskmanager_job_task_operator_fanscore_from_to_tier_transitions",
                                                        "from=\"NONE\"",
                                                        "to=\"POTENTIAL\""))
                                        .isEqualTo(1);
                                assertThat(
                                                sum(
                                                        scrape,
                                                        "flink_taskmanager_job_task_operator_fanscore_tier_fans",
                                                        "tier=\"POTENTIAL\""))
                                        .isEqualTo(1);
                                assertThat(
                                                sum(
                                                        scrape,
                                                        "flink_taskmanager_job_task_operator_fanscore_tier_fans",
                                                        "tier=\"DEVOTED\""))
                                        .isZero();
                                // Every scorer subtask holds every assignment: one each. The
                                // reporter writes label values' - as _.
                                assertThat(
                                                sum(
                                                        scrape,
                                                        "flink_taskmanager_job_task_operator_fanscore_profile_assigned_creators",
                                                        "profile=\"local_store\""))
                                        .isEqualTo(2);
                                // Counted once per push (by bucket 0), not once per bucket.
                                for (String status : List.of("ACCEPTED", "REFUSED_DAILY")) {
                                    assertThat(
                                                    sum(
                                                            scrape,
                                                            "flink_taskmanager_job_task_operator_fanscore_status_push_outcomes",
                                                            "status=\"" + status + "\""))
                                            .as(status)
                                            .isEqualTo(1);
                                }
                                // fan-1 joined at noon; the watermark (noon + 50 s) has passed
                                // the cut-offs at noon + 10, 20, 30 and 40 s.
                                assertThat(
                                                sum(
                                                        scrape,
                                                        "flink_taskmanager_job_task_operator_fanscore_op_audience_deltas",
                                                        "op=\"ADD\""))
                                        .isEqualTo(1);
                                assertThat(
                                                sum(
                                                        scrape,
                                                        "flink_taskmanager_job_task_operator_fanscore_package_members",
                                                        "package=\"everyone\""))
                                        .isEqualTo(1);
                                assertThat(
                                                sum(
                                                        scrape,
                                                        "flink_taskmanager_job_task_operator_fanscore_package_version",
                                                        "package=\"everyone\""))
                                        .isEqualTo(4);
                            });
            // The lag gauge is evaluated at scrape time: the scrape's time minus the lag must be
            // the scorer's watermark, the newest event time read minus the 10 s bound.
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(
                            () -> {
                                long before = System.currentTimeMillis();
                                String scrape = scrape();
                                long after = System.currentTimeMillis();
                                List<Double> lags =
                                        samples(
                                                scrape,
                                                "flink_taskmanager_job_task_operator_fanscore_event_time_lag_ms");
                                assertThat(lags).hasSize(2); // one per scorer subtask
                                for (double lag : lags) {
                                    assertThat((long) lag)
                                            .isBetween(
                                                    before - expectedWatermark - 1,
                                                    after - expectedWatermark + 1);
                                }
                            });
        } finally {
            RunningJobs.cancelAndAwaitEnd(job);
        }
    }

    @Test
    void fanValueIsCountedByTierAndDomainAndPerCreatorOnlyForTheAllowlist() throws Exception {
        KAFKA.createTopics(1, "v.in", "v.live", "v.out", "v.notifications", "v.dead", "v.profiles");
        java.time.Instant start =
                io.fanscore.rules.scoring.ScoringFixtures.noonOf(1, Duration.ZERO);
        List<io.fanscore.schema.InteractionEvent> events =
                List.of(
                        valueEvent(
                                "fan-a",
                                "creator-1",
                                io.fanscore.schema.InteractionType.PURCHASE,
                                start,
                                5_000L,
                                null,
                                null),
                        valueEvent(
                                "fan-a",
                                "creator-1",
                                io.fanscore.schema.InteractionType.PURCHASE,
                                start.plusSeconds(10),
                                3_000L,
                                null,
                                null),
                        valueEvent(
                                "fan-b",
                                "creator-2",
                                io.fanscore.schema.InteractionType.GIFT,
                                start.plusSeconds(20),
                                1_000L,
                                null,
                                null),
                        valueEvent(
                                "fan-b",
                                "creator-2",
                                io.fanscore.schema.InteractionType.WATCH_LIVE,
                                start.plusSeconds(30),
                                null,
                                600,
                                io.fanscore.schema.SourceDomain.PRIVATE),
                        valueEvent(
                                "fan-b",
                                "creator-2",
                                io.fanscore.schema.InteractionType.WATCH_LIVE,
                                start.plusSeconds(40),
                                null,
                                120,
                                null),
                        // Moves the watermark past the others, so they are applied.
                        valueEvent(
                                "fan-z",
                                "creator-2",
                                io.fanscore.schema.InteractionType.COMMENT,
                                start.plusSeconds(120),
                                null,
                                null,
                                null));
        var codec =
                new io.fanscore.connectors.avro.SingleObjectCodec<>(
                        io.fanscore.schema.InteractionEvent.class);
        KAFKA.produce(
                "v.in",
                events.stream()
                        .map(
                                e ->
                                        Map.entry(
                                                e.getCreatorId().getBytes(StandardCharsets.UTF_8),
                                                codec.encode(e)))
                        .toList());

        JobClient job =
                FanScoringJob.executeAsync(
                        JobConfig.from(
                                runningJob("v.", "fan-value")
                                        .set(JobOptions.METRICS_CREATORS, List.of("creator-1"))));
        String prefix = "flink_taskmanager_job_task_operator_fanscore_";
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(
                            () -> {
                                String scrape = scrape();
                                String amounts = prefix + "tier_type_amount_cents";
                                String watch = prefix + "tier_domain_watch_seconds";
                                assertThat(sum(scrape, amounts, "type=\"PURCHASE\""))
                                        .isEqualTo(8_000);
                                // The first purchase came from a fan not yet in any tier.
                                assertThat(
                                                sum(
                                                        scrape,
                                                        amounts,
                                                        "type=\"PURCHASE\"",
                                                        "tier=\"NONE\""))
                                        .isEqualTo(5_000);
                                assertThat(sum(scrape, amounts, "type=\"GIFT\"", "tier=\"NONE\""))
                                        .isEqualTo(1_000);
                                assertThat(sum(scrape, watch, "domain=\"PRIVATE\"")).isEqualTo(600);
                                assertThat(sum(scrape, watch, "domain=\"UNKNOWN\"")).isEqualTo(120);
                                assertThat(sum(scrape, watch)).isEqualTo(720);
                                assertThat(sum(scrape, prefix + "repeat_purchasers")).isEqualTo(1);
                                String perCreator = prefix + "creator_tier_type_amount_cents";
                                // Flink's Prometheus reporter writes "-" in label values as "_".
                                assertThat(sum(scrape, perCreator, "creator=\"creator_1\""))
                                        .isEqualTo(8_000);
                                // creator-2 is not allowlisted: in the totals only.
                                assertThat(scrape).doesNotContain("creator=\"creator_2\"");
                            });
        } finally {
            RunningJobs.cancelAndAwaitEnd(job);
        }
    }

    private static io.fanscore.schema.InteractionEvent valueEvent(
            String fan,
            String creator,
            io.fanscore.schema.InteractionType type,
            java.time.Instant at,
            Long cents,
            Integer watchSeconds,
            io.fanscore.schema.SourceDomain domain) {
        return io.fanscore.schema.InteractionEvent.newBuilder()
                .setEventId(fan + "-" + type + "-" + at.toEpochMilli())
                .setCreatorId(creator)
                .setFanId(fan)
                .setType(type)
                .setEventTime(at)
                .setAmountCents(cents)
                .setWatchSeconds(watchSeconds)
                .setSourceDomain(domain)
                .build();
    }

    /** A running job on topics {@code <prefix>in}, {@code <prefix>out}, ...: 1 s checkpoints. */
    private Configuration runningJob(String prefix, String group) {
        return new Configuration()
                .set(JobOptions.BOOTSTRAP, KAFKA.bootstrapServers())
                .set(JobOptions.INTERACTIONS_TOPIC, prefix + "in")
                .set(JobOptions.LIVE_TOPIC, prefix + "live")
                .set(JobOptions.PROFILES_TOPIC, prefix + "profiles")
                .set(JobOptions.TIER_CHANGES_TOPIC, prefix + "out")
                .set(JobOptions.LIVE_NOTIFICATIONS_TOPIC, prefix + "notifications")
                .set(JobOptions.DEAD_LETTER_TOPIC, prefix + "dead")
                .set(JobOptions.GROUP_ID, group)
                .set(JobOptions.TRANSACTIONAL_ID_PREFIX, group)
                .set(JobOptions.FROM, JobOptions.StartFrom.EARLIEST)
                .set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1))
                .set(JobOptions.IDLENESS, Duration.ofSeconds(1))
                .set(JobOptions.CHECKPOINT_DIR, checkpoints.toUri().toString())
                .set(JobOptions.PARALLELISM, 2);
    }

    /** Every sample of a metric, whatever its labels. */
    private static List<Double> samples(String scrape, String name) {
        Matcher samples = Pattern.compile("(?m)^" + name + "\\{[^}]*\\} (\\S+)$").matcher(scrape);
        List<Double> values = new ArrayList<>();
        while (samples.find()) {
            values.add(Double.parseDouble(samples.group(1)));
        }
        return values;
    }

    /** Sum of a metric's samples (one per subtask) whose labels contain all {@code labels}. */
    private static double sum(String scrape, String name, String... labels) {
        Matcher samples = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
        double total = 0;
        while (samples.find()) {
            String found = samples.group(1);
            if (java.util.Arrays.stream(labels).allMatch(found::contains)) {
                total += Double.parseDouble(samples.group(2));
            }
        }
        return total;
    }

    private static String scrape() throws IOException, InterruptedException {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:"
                                                                + PROMETHEUS_PORT
                                                                + "/metrics"))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static Configuration prometheusReporter() {
        Configuration conf = new Configuration();
        conf.setString(
                "metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", String.valueOf(PROMETHEUS_PORT));
        return conf;
    }
}
