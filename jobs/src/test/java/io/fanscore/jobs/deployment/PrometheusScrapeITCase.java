package io.fanscore.jobs.deployment;

import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.jobs.FanScoringJob;
import io.fanscore.jobs.JobConfig;
import io.fanscore.jobs.JobOptions;
import io.fanscore.jobs.testutils.MetricsWorkload;
import io.fanscore.jobs.testutils.RunningJobs;
import io.fanscore.jobs.testutils.TestClusters;
import io.fanscore.jobs.testutils.TestWorkDirectory;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.testutils.KafkaTestBroker;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.fanscore.rules.scoring.ScoringFixtures.event;
import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end as operations see it: the job on a MiniCluster with the metric reporter settings of
 * the shipped {@code config.yaml}, a real Prometheus server running the shipped {@code
 * prometheus.yml} (targets pointed at the job) and rules, and business metrics, recording rules and
 * every dashboard query read back through Prometheus's HTTP API.
 */
class PrometheusScrapeITCase {

    private static final int METRICS_PORT = TestClusters.freePort();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /**
     * Dashboard panels this workload cannot feed: it has no live starts, pushes or packages (the
     * push counters are scraped from the real endpoint in BusinessMetricsITCase).
     */
    private static final Set<String> PANELS_WITHOUT_DATA_HERE =
            Set.of(
                    "Notifications sent and suppressed",
                    "Fan-out candidates per second",
                    "Repeated live ids",
                    "Audience package sizes",
                    "Push outcomes",
                    "Push notifications sent and suppressed",
                    // No gifts, purchases or watch time: BusinessMetricsITCase scrapes these.
                    "Share of gift and purchase amounts by tier",
                    "Live watch minutes by tier and domain",
                    "Repeat purchasers");

    @RegisterExtension
    @Order(1)
    static final KafkaTestBroker KAFKA = new KafkaTestBroker();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = TestClusters.twoSlots(shippedReporterSettings());

    private static Process prometheus;

    @TempDir Path prometheusDir;
    private Path checkpoints;

    @BeforeEach
    void freshWorkDirectory(TestInfo test) throws IOException {
        checkpoints = TestWorkDirectory.freshFor(test);
    }

    @AfterAll
    static void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor();
        }
    }

    @Test
    void businessMetricsRulesAndDashboardQueriesWorkThroughARealPrometheus() throws Exception {
        KAFKA.createTopics(1, "p.in", "p.live", "p.out", "p.notifications", "p.dead", "p.profiles");
        List<Map.Entry<byte[], byte[]>> records = MetricsWorkload.records(4, 3);
        KAFKA.produce("p.in", records);

        int prometheusPort = TestClusters.freePort();
        prometheus =
                PrometheusBinaries.startServer(
                        writePrometheusConfig(),
                        prometheusDir.resolve("data"),
                        prometheusPort,
                        prometheusDir.resolve("prometheus.log"));
        JobClient job = FanScoringJob.executeAsync(JobConfig.from(jobOptions()));
        try {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(missingFields(prometheusPort)).isEqualTo(3));
            // A rate needs a counter that grew between scrapes: a second batch, after the first
            // has been scraped.
            InteractionEvent noType =
                    event(InteractionType.LIKE, noonOf(1, Duration.ofSeconds(61)));
            noType.setType(null);
            KAFKA.produce(
                    "p.in",
                    List.of(
                            record(new SingleObjectCodec<>(InteractionEvent.class).encode(noType)),
                            record("not avro".getBytes(StandardCharsets.UTF_8)),
                            record("{\"event_id\":\"e\"}".getBytes(StandardCharsets.UTF_8))));
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(
                            () -> {
                                assertThat(missingFields(prometheusPort)).isEqualTo(4);
                                assertThat(
                                                value(
                                                        prometheusPort,
                                                        "sum(flink_taskmanager_job_task_operator_fanscore_reason_dead_letters{reason=\"UNDECODABLE\"})"))
                                        .isEqualTo(2);
                                // Recording rules, evaluated by the server from the shipped file.
                                assertThat(
                                                value(
                                                        prometheusPort,
                                                        "fanscore:tier_fans:sum{tier=\"POTENTIAL\"}"))
                                        .isEqualTo(1);
                                assertThat(
                                                value(
                                                        prometheusPort,
                                                        "fanscore:dead_letters:rate5m{reason=\"MISSING_FIELD\"}"))
                                        .isPositive();
                            });

            assertEveryRuleEvaluatesWithoutError(prometheusPort);
            assertEveryDashboardQueryRuns(prometheusPort);
            // The shipped reporter settings drop the per-restart labels.
            assertThat(
                            query(
                                            prometheusPort,
                                            "flink_taskmanager_job_task_operator_fanscore_tier_fans")
                                    .toString())
                    .contains("\"subtask_index\"")
                    .doesNotContain("task_attempt_id")
                    .doesNotContain("task_attempt_num");
        } finally {
            RunningJobs.cancelAndAwaitEnd(job);
        }
    }

    private static void assertEveryRuleEvaluatesWithoutError(int port) throws Exception {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> {
                            JsonNode groups =
                                    get(port, "/api/v1/rules").path("data").path("groups");
                            List<String> rules = new ArrayList<>();
                            for (JsonNode group : groups) {
                                for (JsonNode rule : group.path("rules")) {
                                    assertThat(rule.path("health").asText())
                                            .as(
                                                    rule.path("name").asText()
                                                            + " "
                                                            + rule.path("lastError"))
                                            .isEqualTo("ok");
                                    rules.add(rule.path("name").asText());
                                }
                            }
                            assertThat(rules).contains("FanscoreJobDown", "fanscore:tier_fans:sum");
                        });
        // Four of ten records rejected: the dead-letter alert is pending (it fires after 10 min);
        // the job is up, so the job-down alert is not there at all.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> {
                            Map<String, String> states = new java.util.HashMap<>();
                            for (JsonNode alert :
                                    get(port, "/api/v1/alerts").path("data").path("alerts")) {
                                states.put(
                                        alert.path("labels").path("alertname").asText(),
                                        alert.path("state").asText());
                            }
                            assertThat(states)
                                    .containsEntry("FanscoreDeadLetterSpike", "pending")
                                    .doesNotContainKey("FanscoreJobDown");
                        });
    }

    /**
     * Every query of the shipped dashboard runs; every panel this workload feeds shows data, so a
     * misspelt metric or label in the dashboard fails here.
     */
    private static void assertEveryDashboardQueryRuns(int port) throws Exception {
        JsonNode dashboard = JSON.readTree(DeploymentFiles.grafanaDashboard().toFile());
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(
                        () -> {
                            for (JsonNode panel : dashboard.path("panels")) {
                                String title = panel.path("title").asText();
                                boolean anyData = false;
                                for (JsonNode target : panel.path("targets")) {
                                    String expr =
                                            target.path("expr")
                                                    .asText()
                                                    .replace("$job_name", ".*")
                                                    .replace("$__rate_interval", "1m");
                                    anyData |= !query(port, expr).isEmpty();
                                }
                                if (panel.has("targets")
                                        && !PANELS_WITHOUT_DATA_HERE.contains(title)) {
                                    assertThat(anyData).as("data for panel " + title).isTrue();
                                }
                            }
                        });
    }

    /** The shipped prometheus.yml, scraping this test's job every second. */
    private Path writePrometheusConfig() throws IOException {
        ObjectNode config =
                (ObjectNode)
                        YAML.readTree(
                                DeploymentFiles.prometheusDir().resolve("prometheus.yml").toFile());
        ObjectNode global = (ObjectNode) config.path("global");
        global.put("scrape_interval", "1s");
        global.put("evaluation_interval", "1s");
        ArrayNode ruleFiles = config.putArray("rule_files");
        ruleFiles.add(DeploymentFiles.prometheusDir().resolve("fanscore-rules.yml").toString());
        ArrayNode scrapeConfigs = (ArrayNode) config.path("scrape_configs");
        assertThat(scrapeConfigs).hasSize(1);
        ArrayNode groups = (ArrayNode) scrapeConfigs.get(0).path("static_configs");
        // A MiniCluster's JobManager and TaskManager share one endpoint: one target group.
        ObjectNode group = (ObjectNode) groups.get(0);
        group.putArray("targets").add("127.0.0.1:" + METRICS_PORT);
        while (groups.size() > 1) {
            groups.remove(1);
        }
        Path file = prometheusDir.resolve("prometheus.yml");
        YAML.writeValue(file.toFile(), config);
        return file;
    }

    private Configuration jobOptions() {
        return new Configuration()
                .set(JobOptions.BOOTSTRAP, KAFKA.bootstrapServers())
                .set(JobOptions.INTERACTIONS_TOPIC, "p.in")
                .set(JobOptions.LIVE_TOPIC, "p.live")
                .set(JobOptions.PROFILES_TOPIC, "p.profiles")
                .set(JobOptions.TIER_CHANGES_TOPIC, "p.out")
                .set(JobOptions.LIVE_NOTIFICATIONS_TOPIC, "p.notifications")
                .set(JobOptions.DEAD_LETTER_TOPIC, "p.dead")
                .set(JobOptions.GROUP_ID, "prometheus-e2e")
                .set(JobOptions.TRANSACTIONAL_ID_PREFIX, "prometheus-e2e")
                .set(JobOptions.FROM, JobOptions.StartFrom.EARLIEST)
                .set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1))
                .set(JobOptions.IDLENESS, Duration.ofSeconds(1))
                .set(JobOptions.CHECKPOINT_DIR, checkpoints.toUri().toString())
                .set(JobOptions.PARALLELISM, 2);
    }

    private static double missingFields(int port) throws Exception {
        return value(
                port,
                "sum(flink_taskmanager_job_task_operator_fanscore_reason_dead_letters{reason=\"MISSING_FIELD\"})");
    }

    /** The single value of an instant query; fails if there is not exactly one series. */
    private static double value(int port, String promql) throws Exception {
        JsonNode result = query(port, promql);
        assertThat(result).as(promql).hasSize(1);
        return result.get(0).path("value").get(1).asDouble();
    }

    private static JsonNode query(int port, String promql) throws Exception {
        JsonNode response =
                get(
                        port,
                        "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        assertThat(response.path("status").asText())
                .as(promql + ": " + response)
                .isEqualTo("success");
        return response.path("data").path("result");
    }

    private static JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return JSON.readTree(response.body());
    }

    /** The metric reporter settings of the shipped config.yaml, on this test's port. */
    private static Configuration shippedReporterSettings() {
        Configuration shipped =
                GlobalConfiguration.loadConfiguration(DeploymentFiles.flinkConf().toString());
        Configuration conf = new Configuration();
        shipped.toMap()
                .forEach(
                        (key, value) -> {
                            if (key.startsWith("metrics.reporter.")) {
                                conf.setString(key, value);
                            }
                        });
        conf.setString("metrics.reporter.prom.port", String.valueOf(METRICS_PORT));
        return conf;
    }

    private static Map.Entry<byte[], byte[]> record(byte[] value) {
        return Map.entry("creator-1".getBytes(StandardCharsets.UTF_8), value);
    }
}
